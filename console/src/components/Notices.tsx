import type { ApiError } from '../api';

export function ErrorNotice({ error }: { error: ApiError | string | null | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {typeof error === 'string' ? error : error.message}
    </p>
  );
}

const FIELD_LABELS: Record<string, string> = {
  description: 'Description',
  expiresAt: 'Expiry',
  expirationDate: 'Expiry',
  scopes: 'Permissions',
  name: 'Name',
  ttl: 'Time to live',
  maxTtl: 'Renewal ceiling',
  numUsesLimit: 'Use limit',
  trustedIps: 'Trusted addresses',
  gracePeriodSeconds: 'Grace period',
  permissions: 'Permissions',
  role: 'Role',
  actorId: 'Actor',
  credentialId: 'Credential',
  targetId: 'Target',
  from: 'From',
  to: 'To',
};

/** An expected failure from a mutation's result union: what was wrong, next to the form that caused it. */
export function ResultError({
  error,
}: {
  error: { __typename?: string; message: string; field?: string } | null;
}) {
  if (!error) return null;
  const field = error.field ? (FIELD_LABELS[error.field] ?? error.field) : null;
  // Keygate's messages name the input field ("expiresAt must be…"); the label already says which one.
  const message =
    error.field && error.message.startsWith(`${error.field} `)
      ? error.message.slice(error.field.length + 1)
      : error.message;
  return (
    <p className="error" role="alert" data-error-type={error.__typename}>
      {field ? <strong>{field}: </strong> : null}
      {message}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return <p className="muted">Loading {what}…</p>;
}

/** Under a list cut at one page: how much of it is shown. */
export function PartialList({ shown, total }: { shown: number; total: number }) {
  if (total <= shown) return null;
  return (
    <p className="muted small">
      Showing the newest {shown} of {total}.
    </p>
  );
}
