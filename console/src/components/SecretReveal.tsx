import { type ReactNode, useEffect, useId, useRef } from 'react';
import { downloadBlob } from '../download';
import { CopyButton } from './CopyButton';

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

  // A rotation is started from a row far down a list: bring the secret into view, wherever it was asked for.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per secret.
  useEffect(() => {
    boxRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [secret]);

  const download = () => downloadBlob(new Blob([secret], { type: 'application/json' }), downloadName!);

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
        <CopyButton text={secret} select={codeRef} what="the secret" primary />
        {downloadName ? (
          <button type="button" onClick={download}>
            Download {downloadName}
          </button>
        ) : null}
      </div>
      <button type="button" onClick={onDismiss}>
        I have saved it, hide it
      </button>
    </section>
  );
}
