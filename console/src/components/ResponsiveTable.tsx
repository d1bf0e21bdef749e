import type { ReactNode } from 'react';

/**
 * A table that never widens the page: on a phone each row becomes a card of its own, its cells one under
 * another with their column's name (a cell's `data-label`); wider, a table too wide for its card scrolls
 * sideways inside it. Focusable, so that a keyboard can scroll it too.
 */
export function ResponsiveTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
    <section className="responsive-table" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
