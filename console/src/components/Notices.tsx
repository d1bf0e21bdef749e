import { ApiError } from '../api';

export function ErrorNotice({ error }: { error: ApiError | string | null | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {typeof error === 'string' ? error : error.message}
    </p>
  );
}

/** An expected failure (a mutation's typed error, or an ApiError), as the pages keep it. */
export type Failure = { __typename?: string; message: string; field?: string } | null;

/** Whatever a change threw, as a failure to show beside it. */
export const asFailure = (error: unknown): Failure =>
  error instanceof ApiError ? error : { message: String(error) };

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
  key: 'Key',
  requestLimit: 'Request limit',
  requestLimitWindow: 'Request window',
  email: 'E-mail',
  expiresInHours: 'Expires in',
  url: 'URL',
  eventTypes: 'Event types',
  format: 'Format',
  patMaxLifetimeDays: 'Personal access token lifetime',
  patLimitPerUser: 'Personal access tokens per person',
  appKeyDefaultLifetimeDays: 'Application key lifetime',
  appKeyMaxLifetimeDays: 'Application key maximum',
  tokenMaxLifetimeDays: 'Token maximum lifetime',
  auditRetentionDays: 'Audit retention',
  expiryWarningDays: 'Expiry warnings',
  inactivityDays: 'Inactivity',
  inactivityAction: 'Inactive credentials',
  leakAction: 'Leaked credentials',
  exchangeAudiences: 'Exchange audiences',
  exchangeTokenLifetime: 'Exchanged token lifetime',
  checkpoint: 'Checkpoint',
  reason: 'Reason',
  confirmName: 'Organization name',
  filter: 'Filter',
  kinds: 'Kinds',
  search: 'Search',
  createdBefore: 'Created before',
  lastUsedBefore: 'Last used before',
};

/** Keygate's messages name the input field ("expiresAt must be…"); where a label already says which, drop it. */
function withoutFieldName(error: { message: string; field?: string }): string {
  return error.field && error.message.startsWith(`${error.field} `)
    ? error.message.slice(error.field.length + 1)
    : error.message;
}

/**
 * The failure to show under the whole form: none when it names one of `fields`, which show it themselves
 * (see Field).
 */
export function formLevel(failure: Failure, fields: readonly string[]): Failure {
  return failure?.field && fields.includes(failure.field) ? null : failure;
}

/** A ValidationError under the field it names. */
export function FieldMessage({ id, error }: { id: string; error: NonNullable<Failure> }) {
  return (
    <span className="error field-error" id={id} role="alert" data-error-type={error.__typename}>
      {withoutFieldName(error)}
    </span>
  );
}

/** An expected failure from a mutation's result union: what was wrong, next to the form that caused it. */
export function ResultError({ error }: { error: Failure }) {
  if (!error) return null;
  const field = error.field ? (FIELD_LABELS[error.field] ?? error.field) : null;
  return (
    <p className="error" role="alert" data-error-type={error.__typename}>
      {field ? <strong>{field}: </strong> : null}
      {withoutFieldName(error)}
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
