import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, authorizationHeaders, readableError } from '../api';
import { CopyButton } from '../components/CopyButton';
import { Field } from '../components/Field';
import { formatDate, toDateTimeInput } from '../components/format';
import { ErrorNotice, formLevel, Loading, ResultError } from '../components/Notices';
import { ResponsiveTable } from '../components/ResponsiveTable';
import { useMutationForm } from '../components/use-mutation-form';
import { downloadBlob } from '../download';
import { graphql } from '../graphql';
import type {
  AuditChainCheckQuery,
  AuditEventFieldsFragment,
  AuditEventFilter,
  AuditOutcome,
  LatestAuditCheckpointQuery,
} from '../graphql/graphql';
import { Link, navigate, useSearch } from '../router';
import { SESSION_ENDED, useSession } from '../session';
import { type StreamStatus, subscribe } from '../subscribe';

graphql(`
  fragment AuditEventFields on AuditEvent {
    id sequence action outcome actorType actorId credentialKind credentialId
    targetType targetId ip userAgent requestId changes createdAt
    actor { id name email }
    credential { id name }
    target { id name email }
  }
`);

const AuditChainCheck = graphql(`
  query AuditChainCheck($from: AuditVerificationStart, $checkpoint: String) {
    verifyAuditChain(from: $from, checkpoint: $checkpoint) {
      valid reason firstBrokenSequence checkedEvents size anchorSize verifiedThroughSequence complete
      resumedFromSequence
    }
  }
`);

const LatestAuditCheckpoint = graphql(`
  query LatestAuditCheckpoint {
    auditLog {
      origin verifierKey
      checkpoint { size rootHash note createdAt }
    }
  }
`);

/** Where Keygate streams the audit log as a file (src/http/audit.ts); it takes the same filters. */
const EXPORT_ENDPOINT = '/audit/export';

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
  const { run, token, organizationId, signOut } = useSession();
  const search = useSearch();
  const filter = useMemo(() => filterFromSearch(search), [search]);
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [page, setPage] = useState<{ totalCount: number; hasNextPage: boolean; endCursor: string | null }>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError>();
  const filterForm = useMutationForm();
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
    filterForm.clear();
    void load(null);
  }, [filter]);

  useEffect(() => {
    return subscribe(AuditEventAdded, {}, token, organizationId, {
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
  }, [token, organizationId, filter, signOut]);

  const applyFilter = filterForm.onSubmit(async (form) => {
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
        return { field: key, message: 'is not a Keygate id; paste an id as the API or this page shows it' };
      }
      next[key] = id;
    }
    for (const key of ['from', 'to'] as const) {
      const value = text(key);
      if (value) next[key] = new Date(value).toISOString();
    }
    if (next.from && next.to && Date.parse(next.from) >= Date.parse(next.to)) {
      return { field: 'to', message: 'must be later than From' };
    }
    navigate(auditPath(next));
    return null;
  });

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
        <ResultError error={filterForm.failure} />
      </form>

      <section
        className="card"
        aria-busy={loading}
        data-testid="audit-events"
        data-loaded-for={loadedFor ?? undefined}
      >
        <div className="card-heading">
          <h3>Events {page ? <span className="count">{page.totalCount}</span> : null}</h3>
          <ExportControl filter={filter} />
        </div>
        <ErrorNotice error={error} />
        {loading && events.length === 0 ? <Loading what="audit events" /> : null}
        {!loading && !error && events.length === 0 ? <p className="muted">No events match.</p> : null}
        {events.length > 0 ? (
          <ResponsiveTable label="Audit events">
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
          </ResponsiveTable>
        ) : null}
        {page?.hasNextPage ? (
          <button type="button" disabled={loading} onClick={() => load(page.endCursor)}>
            {loading ? 'Loading…' : 'Load older events'}
          </button>
        ) : null}
      </section>

      <AuditIntegrity />
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

/** Words for the kind of thing an event names: `MachineIdentity` → machine identity. */
const words = (typename: string) =>
  typename === 'User' ? 'person' : typename.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();

/** What actorType says when no one with an id acted. */
const ACTOR_WORDS: Record<string, string> = { SYSTEM: 'Keygate itself', ANONYMOUS: 'someone unknown' };

/** Kinds whose objects have names: one of them without a name was deleted (or the person left). */
const NAMED_TYPES = new Set([
  'User',
  'Membership',
  'Invitation',
  'MachineIdentity',
  'Token',
  'PersonalAccessToken',
  'Project',
  'Application',
  'ApplicationKey',
  'WebhookEndpoint',
  'Organization',
]);

/** A subject by its name now (and a person's e-mail), or by its id once it is gone. */
function SubjectName({
  subject,
  typename,
}: {
  subject: { id: string; name?: string | null; email?: string | null };
  typename: string;
}) {
  if (subject.name) {
    return (
      <>
        <strong className="subject-name">{subject.name}</strong>
        {subject.email ? <div className="muted small">{subject.email}</div> : null}
      </>
    );
  }
  return (
    <>
      <code className="subject-id">{subject.id}</code>
      {NAMED_TYPES.has(typename) ? <span className="muted small"> (deleted)</span> : null}
    </>
  );
}

function AuditRow({ event, fresh, filter }: { event: AuditEvent; fresh: boolean; filter: AuditEventFilter }) {
  const { viewer } = useSession();
  const you =
    event.actorId && (event.actorId === viewer?.user?.id || event.credentialId === viewer?.credential.id);
  const actorTypename =
    event.actorType === 'USER'
      ? 'User'
      : event.actorType === 'MACHINE_IDENTITY'
        ? 'MachineIdentity'
        : 'Application';
  const credentialWords = event.credentialKind?.toLowerCase().replaceAll('_', ' ');
  return (
    <tr className={fresh ? 'fresh' : undefined} data-testid="audit-row" data-action={event.action}>
      <td title={event.createdAt}>{formatDate(event.createdAt)}</td>
      <td data-label="Action">
        <code>{event.action}</code>
        {fresh ? <span className="badge new">new</span> : null}
      </td>
      <td data-label="Outcome">
        <span className={`badge outcome-${event.outcome.toLowerCase()}`}>{event.outcome.toLowerCase()}</span>
      </td>
      <td data-label="Actor" data-testid="audit-actor">
        {event.actor ? (
          <SubjectName subject={event.actor} typename={actorTypename} />
        ) : (
          (ACTOR_WORDS[event.actorType] ?? event.actorType.toLowerCase())
        )}
        {you ? <span className="muted"> (you)</span> : null}
        {event.actor ? <div className="muted small">{words(actorTypename)}</div> : null}
        {event.credential && credentialWords ? (
          <div className="small" data-testid="audit-credential">
            <span className="muted">with {credentialWords} </span>
            {event.credential.name ? (
              <>“{event.credential.name}”</>
            ) : (
              <SubjectName subject={event.credential} typename="Token" />
            )}
          </div>
        ) : null}
        <div className="small id-links">
          <FilterLink filterKey="actorId" id={event.actorId ?? null} filter={filter} />
          <FilterLink filterKey="credentialId" id={event.credentialId ?? null} filter={filter} />
        </div>
      </td>
      <td data-label="Target" data-testid="audit-target">
        {event.target && event.targetType ? (
          <>
            <SubjectName subject={event.target} typename={event.targetType} />
            <div className="muted small">{words(event.targetType)}</div>
          </>
        ) : (
          (event.targetType ?? '—')
        )}
        <div className="small id-links">
          <FilterLink filterKey="targetId" id={event.targetId ?? null} filter={filter} />
        </div>
      </td>
      <td data-label="From" data-testid="audit-origin">
        {event.ip ?? '—'}
        {event.userAgent ? <div className="muted small user-agent">{event.userAgent}</div> : null}
      </td>
      <td data-label="Details">
        <Changes changes={event.changes} />
        <div className="muted small">{event.sequence ? `#${event.sequence}` : 'sealing…'}</div>
      </td>
    </tr>
  );
}

/**
 * Downloads the events that match the page's filters from GET /audit/export. That endpoint wants the
 * session's bearer token, which a plain link cannot send: the file is fetched here and handed to the
 * browser as a download.
 */
function ExportControl({ filter }: { filter: AuditEventFilter }) {
  const { token, organizationId, signOut } = useSession();
  const [format, setFormat] = useState<'ndjson' | 'csv'>('ndjson');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const download = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const params = new URLSearchParams({ format });
      for (const key of FILTER_KEYS) {
        const value = filter[key];
        if (value) params.set(key, String(value));
      }
      let response: Response;
      try {
        response = await fetch(`${EXPORT_ENDPOINT}?${params}`, {
          headers: authorizationHeaders(token, organizationId),
        });
      } catch {
        throw new ApiError(
          'Keygate could not be reached. Check that it is running and try again.',
          'NETWORK_ERROR',
        );
      }
      const requestId = response.headers.get('x-request-id');
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: string; message?: string } | null;
        throw readableError(
          { message: body?.message ?? `HTTP ${response.status}`, extensions: { code: body?.error } },
          requestId,
        );
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
      downloadBlob(await response.blob(), name ?? `audit.${format}`);
    } catch (failure) {
      // A token Keygate no longer takes ends the session, as with every other request.
      if (failure instanceof ApiError && failure.code === 'UNAUTHENTICATED') signOut(SESSION_ENDED);
      setError(failure instanceof ApiError ? failure : new ApiError(String(failure), 'CLIENT_ERROR'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="export" onSubmit={download} aria-label="Export the audit log">
      <label className="inline-label">
        Export as
        <select value={format} onChange={(event) => setFormat(event.target.value as 'ndjson' | 'csv')}>
          <option value="ndjson">NDJSON (verifiable offline)</option>
          <option value="csv">CSV</option>
        </select>
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Exporting…' : 'Download export'}
      </button>
      <span className="hint">The events that match the filters, up to the latest signed checkpoint.</span>
      <ErrorNotice error={error} />
    </form>
  );
}

type ChainCheck = AuditChainCheckQuery['verifyAuditChain'];
type LatestCheckpoint = LatestAuditCheckpointQuery['auditLog'];

/**
 * Checks the log with verifyAuditChain (against a checkpoint the reader kept, or Keygate's latest), and
 * shows the latest signed checkpoint to keep for the next check or for keygate-audit-verify.
 */
function AuditIntegrity() {
  const { run } = useSession();
  const [check, setCheck] = useState<ChainCheck | null>(null);
  const chainCheck = useMutationForm();
  const [latest, setLatest] = useState<LatestCheckpoint | null>(null);
  const latestLoad = useMutationForm();
  const noteRef = useRef<HTMLPreElement>(null);
  const keyRef = useRef<HTMLElement>(null);

  const verify = chainCheck.onSubmit(async (form) => {
    // A signed note ends with a line feed after its last signature, which a copy and paste often loses.
    const pasted = String(form.get('checkpoint') ?? '')
      .replace(/\r\n?/g, '\n')
      .trim();
    const checkpoint = pasted ? `${pasted}\n` : '';
    setCheck(null);
    const { verifyAuditChain } = await run(AuditChainCheck, {
      from: form.get('fromStart') ? 'START' : 'LAST_VERIFIED',
      checkpoint: checkpoint || null,
    });
    setCheck(verifyAuditChain);
    return null;
  });

  const showLatest = () =>
    latestLoad.submit(async () => {
      setLatest((await run(LatestAuditCheckpoint, {})).auditLog);
      return null;
    });

  return (
    <section className="card" aria-labelledby="audit-integrity">
      <h3 id="audit-integrity">Integrity</h3>
      <p className="muted">
        Keygate keeps the log as a Merkle tree and signs checkpoints of it. A check proves that the log still
        extends a checkpoint and that the events match the tree.
      </p>
      <form className="form-grid" onSubmit={verify} aria-label="Check the audit log">
        <Field
          label="Checkpoint (optional)"
          field="checkpoint"
          failure={chainCheck.failure}
          hint="A checkpoint you kept; empty: Keygate's previous one."
        >
          {(control) => <textarea {...control} name="checkpoint" rows={3} spellCheck={false} />}
        </Field>
        <span className="label">Events</span>
        <label className="checkbox">
          <input type="checkbox" name="fromStart" /> Check every event again, from the first
        </label>
        <div className="form-actions">
          <ResultError error={formLevel(chainCheck.failure, ['checkpoint'])} />
          <button type="submit" className="primary" disabled={chainCheck.busy}>
            {chainCheck.busy ? 'Checking…' : 'Check the chain'}
          </button>
        </div>
      </form>
      {check ? <ChainVerdict check={check} /> : null}

      <div className="actions-row spaced">
        <button type="button" onClick={showLatest} disabled={latestLoad.busy}>
          {latest ? 'Show the latest checkpoint again' : 'Show the latest checkpoint'}
        </button>
      </div>
      <ErrorNotice error={latestLoad.failure?.message} />
      {latest ? (
        <div data-testid="audit-checkpoint">
          <h4>
            Checkpoint of {latest.checkpoint.size} {latest.checkpoint.size === '1' ? 'event' : 'events'},
            signed {formatDate(latest.checkpoint.createdAt)}
          </h4>
          <pre className="note-text" ref={noteRef} data-testid="checkpoint-note">
            {latest.checkpoint.note}
          </pre>
          <div className="actions-row">
            <CopyButton
              text={latest.checkpoint.note}
              select={noteRef}
              what="the checkpoint"
              label="Copy checkpoint"
            />
          </div>
          <p className="small">
            Verifier key <code ref={keyRef}>{latest.verifierKey}</code>{' '}
            <CopyButton text={latest.verifierKey} select={keyRef} what="the key" label="Copy verifier key" />
          </p>
        </div>
      ) : null}
    </section>
  );
}

function ChainVerdict({ check }: { check: ChainCheck }) {
  if (!check.valid) {
    return (
      <div className="verdict broken" role="alert" data-testid="chain-verdict">
        <strong>Broken</strong>
        {check.reason}
        {check.firstBrokenSequence ? ` The first wrong event is #${check.firstBrokenSequence}.` : ''}
        {check.anchorSize ? ` Checked against the checkpoint of ${check.anchorSize} events.` : ''}
      </div>
    );
  }
  return (
    <div className="verdict valid" role="status" data-testid="chain-verdict">
      <strong>Valid</strong>
      The log has {check.size} events
      {check.anchorSize ? ` and extends the checkpoint of ${check.anchorSize}` : ''}.{' '}
      {check.verifiedThroughSequence
        ? `Event contents match the tree through #${check.verifiedThroughSequence}`
        : 'No event contents were checked'}
      {check.resumedFromSequence
        ? ` (this check read #${check.resumedFromSequence} on, ${check.checkedEvents} events)`
        : ''}
      .{check.complete ? '' : ' Not every event was read yet: check again to go on.'}
    </div>
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
