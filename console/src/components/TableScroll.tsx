import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways inside its card when the screen is narrower than its columns (a phone),
 * instead of widening the page. Focusable, so that a keyboard can scroll it too.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
