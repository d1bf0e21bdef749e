import { type FormEvent, useEffect, useState } from 'react';
import type { ApiError } from '../api';
import { formatDate } from '../components/format';
import { ErrorNotice, Loading } from '../components/Notices';
import { graphql } from '../graphql';
import type { AuditEventFieldsFragment, AuditEventFilter, AuditOutcome } from '../graphql/graphql';
import { SESSION_ENDED, useSession } from '../session';
import { type StreamStatus, subscribe } from '../subscribe';

graphql(`
  fragment AuditEventFields on AuditEvent {
    id sequence action outcome actorType actorId credentialKind credentialId
    targetType targetId ip userAgent requestId changes createdAt
  }
`);

const AuditEvents = graphql(`
  query AuditEvents($first: Int!, $after: String, $filter: AuditEventFilter) {
    auditEvents(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...AuditEventFields } }
    }
  }
`);

const AuditEventAdded = graphql(`
  subscription AuditEventAdded {
    auditEventAdded { ...AuditEventFields }
  }
`);

const PAGE_SIZE = 25;
const OUTCOMES: AuditOutcome[] = ['SUCCESS', 'DENIED', 'FAILED'];
/** Suggestions for the action filter; any exact action works. */
const KNOWN_ACTIONS = [
  'auth.failed',
  'organization.bootstrapped',
  'organization.updated',
  'member.added',
  'member.updated',
  'member.removed',
  'pat.created',
  'pat.rotated',
  'pat.deleted',
  'identity.created',
  'identity.updated',
  'identity.disabled',
  'identity.enabled',
  'identity.deleted',
  'token.created',
  'token.updated',
  'token.renewed',
  'token.rotated',
  'token.revoked',
  'token.revoked_all',
  'token.key_set',
  'credential.verify',
];

type AuditEvent = AuditEventFieldsFragment;

const matches = (event: AuditEvent, filter: AuditEventFilter) =>
  (!filter.action || event.action === filter.action) && (!filter.outcome || event.outcome === filter.outcome);

const STATUS_TEXT: Record<StreamStatus, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live: new events appear as they happen',
  reconnecting: 'Live updates interrupted; reconnecting…',
  closed: 'Live updates stopped',
};

export function AuditLogPage() {
  const { run, token, signOut } = useSession();
  const [filter, setFilter] = useState<AuditEventFilter>({});
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [page, setPage] = useState<{ totalCount: number; hasNextPage: boolean; endCursor: string | null }>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError>();
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [streamError, setStreamError] = useState<ApiError>();

  const load = async (after: string | null) => {
    setLoading(true);
    try {
      const { auditEvents } = await run(AuditEvents, { first: PAGE_SIZE, after, filter });
      const loaded = auditEvents.edges.map((edge) => edge.node);
      setEvents((current) =>
        after ? [...current, ...loaded.filter((e) => !current.some((c) => c.id === e.id))] : loaded,
      );
      setPage({ totalCount: auditEvents.totalCount, ...auditEvents.pageInfo });
      setError(undefined);
    } catch (failure) {
      setError(failure as ApiError);
    } finally {
      setLoading(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads when the filter changes, from the first page.
  useEffect(() => {
    setFresh(new Set());
    void load(null);
  }, [filter]);

  useEffect(() => {
    return subscribe(AuditEventAdded, {}, token, {
      next: ({ auditEventAdded: event }) => {
        if (!matches(event, filter)) return;
        setEvents((current) => (current.some((c) => c.id === event.id) ? current : [event, ...current]));
        setFresh((current) => new Set(current).add(event.id));
        setPage((current) => current && { ...current, totalCount: current.totalCount + 1 });
      },
      error: (failure) => {
        setStreamError(failure);
        if (failure.code === 'UNAUTHENTICATED') signOut(SESSION_ENDED);
      },
      status: setStatus,
    });
  }, [token, filter, signOut]);

  const applyFilter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const action = String(form.get('action') ?? '').trim();
    const outcome = String(form.get('outcome') ?? '') as AuditOutcome | '';
    setFilter({ ...(action ? { action } : {}), ...(outcome ? { outcome } : {}) });
  };

  return (
    <>
      <h2>Audit log</h2>
      <form className="card filters" onSubmit={applyFilter} aria-label="Filter the audit log">
        <label>
          Action
          <input
            name="action"
            list="audit-actions"
            placeholder="any action"
            defaultValue={filter.action ?? ''}
          />
          <datalist id="audit-actions">
            {KNOWN_ACTIONS.map((action) => (
              <option key={action} value={action} />
            ))}
          </datalist>
        </label>
        <label>
          Outcome
          <select name="outcome" defaultValue={filter.outcome ?? ''}>
            <option value="">any outcome</option>
            {OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {outcome.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          Apply filters
        </button>
        <p className={`live live-${status}`} role="status" data-testid="live-status">
          {streamError ? `Live updates unavailable: ${streamError.message}` : STATUS_TEXT[status]}
        </p>
      </form>

      <section className="card">
        <h3>Events {page ? <span className="count">{page.totalCount}</span> : null}</h3>
        <ErrorNotice error={error} />
        {loading && events.length === 0 ? <Loading what="audit events" /> : null}
        {!loading && !error && events.length === 0 ? <p className="muted">No events match.</p> : null}
        {events.length > 0 ? (
          <table className="audit">
            <thead>
              <tr>
                <th>When</th>
                <th>Action</th>
                <th>Outcome</th>
                <th>Actor</th>
                <th>Target</th>
                <th>From</th>
                <th>Details</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <AuditRow key={event.id} event={event} fresh={fresh.has(event.id)} />
              ))}
            </tbody>
          </table>
        ) : null}
        {page?.hasNextPage ? (
          <button type="button" disabled={loading} onClick={() => load(page.endCursor)}>
            {loading ? 'Loading…' : 'Load older events'}
          </button>
        ) : null}
      </section>
    </>
  );
}

function AuditRow({ event, fresh }: { event: AuditEvent; fresh: boolean }) {
  const { viewer } = useSession();
  const you =
    event.actorId && (event.actorId === viewer?.user?.id || event.credentialId === viewer?.credential.id);
  return (
    <tr className={fresh ? 'fresh' : undefined} data-testid="audit-row" data-action={event.action}>
      <td title={event.createdAt}>{formatDate(event.createdAt)}</td>
      <td>
        <code>{event.action}</code>
        {fresh ? <span className="badge new">new</span> : null}
      </td>
      <td>
        <span className={`badge outcome-${event.outcome.toLowerCase()}`}>{event.outcome.toLowerCase()}</span>
      </td>
      <td>
        {event.actorType.toLowerCase().replace('_', ' ')}
        {you ? <span className="muted"> (you)</span> : null}
        {event.credentialKind ? (
          <div className="muted small">with {event.credentialKind.toLowerCase().replaceAll('_', ' ')}</div>
        ) : null}
      </td>
      <td>{event.targetType ?? '—'}</td>
      <td>{event.ip ?? '—'}</td>
      <td>
        <Changes changes={event.changes} />
        <div className="muted small">#{event.sequence}</div>
      </td>
    </tr>
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const show = (value: unknown) =>
  value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** The recorded change as readable lines: `field: before → after`, or the reason of a refusal. */
function Changes({ changes }: { changes: unknown }) {
  if (!isRecord(changes)) return null;
  const { before, after, ...rest } = changes;
  const lines: [string, string][] = [];
  if (isRecord(before) || isRecord(after)) {
    const was = isRecord(before) ? before : {};
    const now = isRecord(after) ? after : {};
    for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
      if (!(key in was)) lines.push([key, show(now[key])]);
      else if (!(key in now)) lines.push([key, `${show(was[key])} (gone)`]);
      else lines.push([key, `${show(was[key])} → ${show(now[key])}`]);
    }
  } else {
    if (before !== undefined) lines.push(['before', show(before)]);
    if (after !== undefined) lines.push(['after', show(after)]);
  }
  for (const [key, value] of Object.entries(rest)) lines.push([key, show(value)]);
  if (lines.length === 0) return null;
  return (
    <dl className="changes">
      {lines.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
