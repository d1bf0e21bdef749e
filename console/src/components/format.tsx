const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(value: string | null | undefined, empty = '—'): string {
  return value ? dateTime.format(new Date(value)) : empty;
}

export function formatSeconds(seconds: number): string {
  if (seconds === 0) return 'none';
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} s`;
}

/** A count with its noun: `1 token`, `3 tokens`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function StateBadge({ state }: { state: string }) {
  return <span className={`badge state-${state.toLowerCase()}`}>{state.toLowerCase()}</span>;
}

/** Grace periods offered when a secret is rotated. */
export const GRACE_PERIODS: { seconds: number; label: string }[] = [
  { seconds: 0, label: 'Old secret stops now' },
  { seconds: 3_600, label: 'Old secret works 1 more hour' },
  { seconds: 86_400, label: 'Old secret works 1 more day' },
  { seconds: 7 * 86_400, label: 'Old secret works 7 more days' },
];

/** What a rotation's grace period means for the secret it replaced, for the box that shows the new one. */
export function graceNote(seconds: number, old: string): string {
  return seconds === 0
    ? `${old} stopped working at once.`
    : `${old} keeps working for ${formatSeconds(seconds)}, until ${formatDate(
        new Date(Date.now() + seconds * 1000).toISOString(),
      )}; switch your clients over before then.`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as `<input type="date">` wants it: YYYY-MM-DD in the browser's time zone. */
export function toDateInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A time as `<input type="datetime-local" step="1">` wants it: YYYY-MM-DDTHH:mm:ss, browser's time zone. */
export function toDateTimeInput(iso: string): string {
  const date = new Date(iso);
  return `${toDateInput(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `YYYY-MM-DD` from a date input: the start of that day, in the browser's time zone. */
export function startOfDay(value: string): Date {
  return new Date(`${value}T00:00`);
}

/** The day `days` from today, as a date input wants it. */
export function daysFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return toDateInput(date);
}
