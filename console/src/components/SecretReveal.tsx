import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

/**
 * A secret Keygate returns once. It lives only in the state of the page that shows it: leaving that page,
 * or pressing "I have saved it", drops it from memory.
 */
export function SecretReveal({
  label,
  secret,
  onDismiss,
  kept = 'only a hash of it',
  downloadName,
  note,
}: {
  label: string;
  secret: string;
  onDismiss(): void;
  /** What Keygate keeps instead of the secret. */
  kept?: string;
  /** Offer the secret as a file download too, under this name. */
  downloadName?: string;
  /** What else to know, e.g. how long a rotated-out secret keeps working. */
  note?: ReactNode;
}) {
  const headingId = useId();
  const boxRef = useRef<HTMLElement>(null);
  const codeRef = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  // A rotation is started from a row far down a list: bring the secret into view, wherever it was asked for.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per secret.
  useEffect(() => {
    boxRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [secret]);

  const download = () => {
    const url = URL.createObjectURL(new Blob([secret], { type: 'application/json' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: downloadName });
    link.click();
    URL.revokeObjectURL(url);
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // No clipboard access (an insecure origin, a denied permission): select it for a manual copy.
      const selection = window.getSelection();
      if (codeRef.current && selection) selection.selectAllChildren(codeRef.current);
      setCopied('no');
    }
  };

  return (
    <section
      ref={boxRef}
      className="secret"
      role="alert"
      aria-labelledby={headingId}
      data-testid="secret-reveal"
    >
      <h3 id={headingId}>Copy {label} now: it is shown only once</h3>
      <p>
        Keygate keeps {kept} and cannot show it again. Store it in a password manager or your secret store
        before you leave this page.
      </p>
      {note ? <p data-testid="secret-note">{note}</p> : null}
      <div className="secret-value">
        <code ref={codeRef} data-testid="secret-value">
          {secret}
        </code>
        <button type="button" className="primary" onClick={copy}>
          Copy to clipboard
        </button>
        {downloadName ? (
          <button type="button" onClick={download}>
            Download {downloadName}
          </button>
        ) : null}
      </div>
      <p className="secret-status" aria-live="polite">
        {copied === 'yes' && 'Copied.'}
        {copied === 'no' && 'The browser refused the clipboard; the secret is selected, copy it with Ctrl+C.'}
      </p>
      <button type="button" onClick={onDismiss}>
        I have saved it, hide it
      </button>
    </section>
  );
}
