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
