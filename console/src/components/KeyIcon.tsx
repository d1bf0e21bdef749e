/** Keygate's mark: a key, drawn inline so that no font or file is needed for it. */
export function KeyIcon() {
  return (
    <svg
      className="key-icon"
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="7.5" cy="12" r="4.5" fill="none" stroke="currentColor" strokeWidth="2.2" />
      <path
        d="M12 12h10M18 12v4M21 12v3"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.2"
        strokeLinecap="round"
      />
    </svg>
  );
}
