import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../api';
import { formatDate, toDateTimeInput } from '../components/format';
import { ErrorNotice, type Failure, Loading, ResultError } from '../components/Notices';
import { TableScroll } from '../components/TableScroll';
import { graphql } from '../graphql';
import type { AuditEventFieldsFragment, AuditEventFilter, AuditOutcome } from '../graphql/graphql';
import { Link, navigate, useSearch } from '../router';
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
  'pat.updated',
  'pat.renewed',
  'pat.rotated',
  'pat.revoked',
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
  'token.deleted',
  'token.key_set',
  'project.created',
  'application.created',
  'appkey.created',
  'appkey.rotated',
  'appkey.revoked',
  'appkey.deleted',
  'credential.verify',
];

type AuditEvent = AuditEventFieldsFragment;

/** The filter conditions that are global ids, with the words the page uses for them. */
const ID_FILTERS = [
  { key: 'actorId', label: 'Actor', placeholder: 'a User or MachineIdentity id', link: 'only this actor' },
  {
    key: 'credentialId',
    label: 'Credential',
    placeholder: 'a token or key id',
    link: 'only this credential',
  },
  { key: 'targetId', label: 'Target', placeholder: 'the id of what was acted on', link: 'only this target' },
] as const;

type IdFilterKey = (typeof ID_FILTERS)[number]['key'];
const FILTER_KEYS = ['action', 'outcome', ...ID_FILTERS.map((f) => f.key), 'from', 'to'] as const;

/** The filter lives in the address (`/audit?targetId=…`): links can set it, Back undoes it, it can be shared. */
function filterFromSearch(search: string): AuditEventFilter {
  const params = new URLSearchParams(search);
  const filter: AuditEventFilter = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if (key === 'outcome') {
      if ((OUTCOMES as string[]).includes(value)) filter.outcome = value as AuditOutcome;
    } else if (key === 'from' || key === 'to') {
      if (!Number.isNaN(Date.parse(value))) filter[key] = new Date(value).toISOString();
    } else filter[key] = value;
  }
  return filter;
}

function auditPath(filter: AuditEventFilter): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `/audit?${search}` : '/audit';
}

/** A Relay global id is base64 of `Type:id`; anything else Keygate would refuse as a bad request. */
function isGlobalId(value: string): boolean {
  try {
    return /^[A-Z][A-Za-z]*:./.test(atob(value));
  } catch {
    return false;
  }
}

/** The same conditions as Keygate's filter, for events that arrive live. */
const matches = (event: AuditEvent, filter: AuditEventFilter) =>
  (!filter.action || event.action === filter.action) &&
  (!filter.outcome || event.outcome === filter.outcome) &&
  (!filter.actorId || event.actorId === filter.actorId) &&
  (!filter.credentialId || event.credentialId === filter.credentialId) &&
  (!filter.targetId || event.targetId === filter.targetId) &&
  (!filter.from || Date.parse(event.createdAt) >= Date.parse(filter.from)) &&
  (!filter.to || Date.parse(event.createdAt) < Date.parse(filter.to));

const STATUS_TEXT: Record<StreamStatus, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live: new events appear as they happen',
  reconnecting: 'Live updates interrupted; reconnecting…',
  closed: 'Live updates stopped',
};

export function AuditLogPage() {
  const { run, token, signOut } = useSession();
  const search = useSearch();
  const filter = useMemo(() => filterFromSearch(search), [search]);
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [page, setPage] = useState<{ totalCount: number; hasNextPage: boolean; endCursor: string | null }>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError>();
  const [formError, setFormError] = useState<Failure>(null);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [streamError, setStreamError] = useState<ApiError>();
  // Only the newest load may fill the list: an answer for a filter that was since replaced is dropped.
  const latestLoad = useRef(0);
  /** The address whose filter the list shows, once its first page has arrived. */
  const [loadedFor, setLoadedFor] = useState<string | null>(null);

  const load = async (after: string | null) => {
    const current = ++latestLoad.current;
    setLoading(true);
    try {
      const { auditEvents } = await run(AuditEvents, { first: PAGE_SIZE, after, filter });
      if (current !== latestLoad.current) return;
      const loaded = auditEvents.edges.map((edge) => edge.node);
      setEvents((shown) =>
        after ? [...shown, ...loaded.filter((e) => !shown.some((c) => c.id === e.id))] : loaded,
      );
      setPage({ totalCount: auditEvents.totalCount, ...auditEvents.pageInfo });
      setLoadedFor(search);
      setError(undefined);
    } catch (failure) {
      if (current !== latestLoad.current) return;
      setError(failure as ApiError);
      if (!after) setEvents([]);
    } finally {
      if (current === latestLoad.current) setLoading(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads when the filter changes, from the first page.
  useEffect(() => {
    setFresh(new Set());
    setFormError(null);
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
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const next: AuditEventFilter = {};
    const action = text('action');
    if (action) next.action = action;
    const outcome = text('outcome');
    if (outcome) next.outcome = outcome as AuditOutcome;
    for (const { key } of ID_FILTERS) {
      const id = text(key);
      if (!id) continue;
      if (!isGlobalId(id)) {
        setFormError({
          field: key,
          message: 'is not a Keygate id; paste an id as the API or this page shows it',
        });
        return;
      }
      next[key] = id;
    }
    for (const key of ['from', 'to'] as const) {
      const value = text(key);
      if (value) next[key] = new Date(value).toISOString();
    }
    if (next.from && next.to && Date.parse(next.from) >= Date.parse(next.to)) {
      setFormError({ field: 'to', message: 'must be later than From' });
      return;
    }
    setFormError(null);
    navigate(auditPath(next));
  };

  const filtered = Object.keys(filter).length > 0;
  return (
    <>
      <h2>Audit log</h2>
      {/* Keyed by the address: a filter set by a link or by Back shows in the fields too. */}
      <form key={search} className="card filters" onSubmit={applyFilter} aria-label="Filter the audit log">
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
        {ID_FILTERS.map(({ key, label, placeholder }) => (
          <label key={key}>
            {label}
            <input
              name={key}
              placeholder={placeholder}
              spellCheck={false}
              autoComplete="off"
              defaultValue={filter[key] ?? ''}
            />
          </label>
        ))}
        <label>
          From
          <input
            type="datetime-local"
            name="from"
            step={1}
            defaultValue={filter.from ? toDateTimeInput(filter.from) : ''}
          />
        </label>
        <label>
          To
          <input
            type="datetime-local"
            name="to"
            step={1}
            defaultValue={filter.to ? toDateTimeInput(filter.to) : ''}
          />
        </label>
        <span className="filter-actions">
          <button type="submit" className="primary">
            Apply filters
          </button>
          {filtered ? (
            <button type="button" onClick={() => navigate('/audit')}>
              Clear filters
            </button>
          ) : null}
        </span>
        <p className={`live live-${status}`} role="status" data-testid="live-status">
          {streamError ? `Live updates unavailable: ${streamError.message}` : STATUS_TEXT[status]}
        </p>
        <ResultError error={formError} />
      </form>

      <section
        className="card"
        aria-busy={loading}
        data-testid="audit-events"
        data-loaded-for={loadedFor ?? undefined}
      >
        <h3>Events {page ? <span className="count">{page.totalCount}</span> : null}</h3>
        <ErrorNotice error={error} />
        {loading && events.length === 0 ? <Loading what="audit events" /> : null}
        {!loading && !error && events.length === 0 ? <p className="muted">No events match.</p> : null}
        {events.length > 0 ? (
          <TableScroll label="Audit events">
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
                  <AuditRow key={event.id} event={event} fresh={fresh.has(event.id)} filter={filter} />
                ))}
              </tbody>
            </table>
          </TableScroll>
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

/** "Only this actor" and its kind: a link to the log narrowed to one id, unless it is narrowed so already. */
function FilterLink({
  filterKey,
  id,
  filter,
}: {
  filterKey: IdFilterKey;
  id: string | null;
  filter: AuditEventFilter;
}) {
  if (!id || filter[filterKey] === id) return null;
  const words = ID_FILTERS.find((f) => f.key === filterKey)!;
  return (
    <Link to={auditPath({ [filterKey]: id })}>
      <span title={`${words.label} ${id}`}>{words.link}</span>
    </Link>
  );
}

function AuditRow({ event, fresh, filter }: { event: AuditEvent; fresh: boolean; filter: AuditEventFilter }) {
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
        <div className="small id-links">
          <FilterLink filterKey="actorId" id={event.actorId ?? null} filter={filter} />
          <FilterLink filterKey="credentialId" id={event.credentialId ?? null} filter={filter} />
        </div>
      </td>
      <td>
        {event.targetType ?? '—'}
        <div className="small id-links">
          <FilterLink filterKey="targetId" id={event.targetId ?? null} filter={filter} />
        </div>
      </td>
      <td>{event.ip ?? '—'}</td>
      <td>
        <Changes changes={event.changes} />
        <div className="muted small">{event.sequence ? `#${event.sequence}` : 'sealing…'}</div>
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
      // A snapshot carries fields that did not change; the line is about what did.
      if (key in was && key in now && JSON.stringify(was[key]) === JSON.stringify(now[key])) continue;
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
