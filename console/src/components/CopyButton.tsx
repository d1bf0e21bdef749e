import { type RefObject, useState } from 'react';

/**
 * Copies `text` to the clipboard and says so. Where the browser refuses the clipboard (an insecure origin, a
 * denied permission), the text shown in `select` is selected for a manual copy instead.
 */
export function CopyButton({
  text,
  select,
  what,
  label = 'Copy to clipboard',
  primary = false,
}: {
  text: string;
  select: RefObject<HTMLElement | null>;
  /** What is copied, for the words said when the clipboard is refused ("the secret"). */
  what: string;
  label?: string;
  primary?: boolean;
}) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      const selection = window.getSelection();
      if (select.current && selection) selection.selectAllChildren(select.current);
      setCopied('no');
    }
  };
  return (
    <>
      <button type="button" className={primary ? 'primary' : undefined} onClick={copy}>
        {label}
      </button>
      <span className="copy-status" aria-live="polite">
        {copied === 'yes' && 'Copied.'}
        {copied === 'no' && `The browser refused the clipboard; ${what} is selected, copy it with Ctrl+C.`}
      </span>
    </>
  );
}
