import { type FormEvent, useState } from 'react';
import { typedError } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { AuditEventsLink, StateCell } from '../components/CredentialCells';
import { Field } from '../components/Field';
import { daysFromToday, formatDate, graceNote, startOfDay } from '../components/format';
import {
  ErrorNotice,
  type Failure,
  formLevel,
  Loading,
  PartialList,
  ResultError,
} from '../components/Notices';
import { ResponsiveTable } from '../components/ResponsiveTable';
import { RotateControl } from '../components/RotateControl';
import { NoMatches, SearchBox, useListSearch } from '../components/SearchBox';
import { SecretReveal } from '../components/SecretReveal';
import { useMutationForm } from '../components/use-mutation-form';
import { graphql } from '../graphql';
import type {
  CredentialState,
  PersonalAccessTokenFieldsFragment,
  UpdatePersonalAccessTokenInput,
} from '../graphql/graphql';
import { Link } from '../router';
import { useSession } from '../session';
import { useQuery } from '../use-query';

graphql(`
  fragment PersonalAccessTokenFields on PersonalAccessToken {
    id description state scopes organizationBound createdAt expiresAt seenAt revokedAt
  }
`);

const PersonalAccessTokens = graphql(`
  query PersonalAccessTokens($state: CredentialState, $search: String) {
    viewer {
      personalAccessTokens(first: 50, state: $state, search: $search) {
        totalCount
        edges {
          node { ...PersonalAccessTokenFields }
        }
      }
    }
  }
`);

/** The organization's token policy: read with organization:read (a narrower token goes without it). */
const TokenPolicy = graphql(`
  query PersonalAccessTokenPolicy {
    viewer { organization { patMaxLifetimeDays } }
  }
`);

/** The longest lifetime the server allows when the policy cannot be read; it refuses anything longer. */
const POLICY_UNKNOWN_DAYS = 3660;

const CreatePersonalAccessToken = graphql(`
  mutation CreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {
    createPersonalAccessToken(input: $input) {
      __typename
      ... on CreatePersonalAccessTokenPayload {
        secret
        personalAccessToken { id description }
      }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const UpdatePersonalAccessToken = graphql(`
  mutation UpdatePersonalAccessToken($input: UpdatePersonalAccessTokenInput!) {
    updatePersonalAccessToken(input: $input) {
      __typename
      ... on PersonalAccessTokenPayload { personalAccessToken { ...PersonalAccessTokenFields } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const RenewPersonalAccessToken = graphql(`
  mutation RenewPersonalAccessToken($input: RenewPersonalAccessTokenInput!) {
    renewPersonalAccessToken(input: $input) {
      __typename
      ... on PersonalAccessTokenPayload { personalAccessToken { id expiresAt } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const RotatePersonalAccessToken = graphql(`
  mutation RotatePersonalAccessToken($input: RotatePersonalAccessTokenInput!) {
    rotatePersonalAccessToken(input: $input) {
      __typename
      ... on CreatePersonalAccessTokenPayload {
        secret
        personalAccessToken { id description }
      }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const RevokePersonalAccessToken = graphql(`
  mutation RevokePersonalAccessToken($input: RevokePersonalAccessTokenInput!) {
    revokePersonalAccessToken(input: $input) {
      __typename
      ... on PersonalAccessTokenPayload { personalAccessToken { id state revokedAt } }
      ... on Error { code message }
    }
  }
`);

const DeletePersonalAccessToken = graphql(`
  mutation DeletePersonalAccessToken($input: DeletePersonalAccessTokenInput!) {
    deletePersonalAccessToken(input: $input) {
      __typename
      ... on DeletedPayload { deletedId }
      ... on Error { code message }
    }
  }
`);

const LIFETIMES = [1, 7, 30, 90, 180, 365];
const STATES: CredentialState[] = ['ACTIVE', 'EXPIRED', 'REVOKED'];

interface Revealed {
  description: string;
  secret: string;
  /** Set for a rotation: what happens to the secret it replaced. */
  note?: string;
}

export function PersonalAccessTokensPage() {
  const { run, viewer } = useSession();
  const [state, setState] = useState<CredentialState | null>(null);
  const [search, setSearch] = useListSearch();
  const list = useQuery(
    PersonalAccessTokens,
    { state, search: search || null },
    { skip: viewer?.kind !== 'USER' },
  );
  const policy = useQuery(
    TokenPolicy,
    {},
    { skip: viewer?.kind !== 'USER' || !viewer.permissions.includes('organization:read') },
  );
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const { failure, onSubmit } = useMutationForm();

  if (!viewer) return null;
  if (viewer.kind !== 'USER') {
    return (
      <>
        <h2>Personal access tokens</h2>
        <p className="notice">
          Personal access tokens belong to people; this session uses a machine identity token.
        </p>
      </>
    );
  }

  const maxDays = policy.data?.viewer.organization.patMaxLifetimeDays ?? POLICY_UNKNOWN_DAYS;
  const lifetimes = LIFETIMES.filter((days) => days <= maxDays);

  const create = onSubmit(async (form, formElement) => {
    const days = Number(form.get('lifetime'));
    const scopes = form.getAll('scopes').map(String);
    setRevealed(null);
    const { createPersonalAccessToken: result } = await run(CreatePersonalAccessToken, {
      input: {
        description: String(form.get('description') ?? ''),
        expiresAt: new Date(Date.now() + days * 86_400_000).toISOString(),
        ...(scopes.length ? { scopes } : {}),
      },
    });
    if (result.__typename !== 'CreatePersonalAccessTokenPayload') return typedError(result);
    setRevealed({ description: result.personalAccessToken.description, secret: result.secret });
    formElement.reset();
    list.reload();
    return null;
  });

  const tokens = list.data?.viewer.personalAccessTokens;
  return (
    <>
      <h2>Personal access tokens</h2>
      <p className="muted">
        Your own tokens, each acting as you. Moving from another product?{' '}
        <Link to="/import?into=pat">Import its keys as your tokens.</Link>
      </p>
      {revealed ? (
        <SecretReveal
          label={`the token “${revealed.description}”`}
          secret={revealed.secret}
          note={revealed.note}
          onDismiss={() => setRevealed(null)}
        />
      ) : null}

      <form className="card form-grid" onSubmit={create} aria-label="Create a personal access token">
        <h3>New personal access token</h3>
        <label htmlFor="pat-description">Description</label>
        <input id="pat-description" name="description" placeholder="What is it for?" maxLength={200} />
        <label htmlFor="pat-lifetime">Expires in</label>
        <select
          id="pat-lifetime"
          name="lifetime"
          defaultValue={lifetimes.includes(30) ? 30 : lifetimes.at(-1)}
        >
          {lifetimes.map((days) => (
            <option key={days} value={days}>
              {days} {days === 1 ? 'day' : 'days'}
            </option>
          ))}
        </select>
        <span className="label">Permissions</span>
        <details>
          <summary>All of yours, or narrow it to…</summary>
          <div className="checkboxes">
            {viewer.permissions.map((permission) => (
              <label key={permission}>
                <input type="checkbox" name="scopes" value={permission} /> {permission}
              </label>
            ))}
          </div>
        </details>
        <div className="form-actions">
          <ResultError error={failure} />
          <button type="submit" className="primary">
            Create token
          </button>
        </div>
      </form>

      <section className="card">
        <div className="card-heading">
          <h3>Your tokens {tokens ? <span className="count">{tokens.totalCount}</span> : null}</h3>
          <label className="inline-label">
            Show
            <select
              value={state ?? ''}
              onChange={(event) => setState((event.target.value || null) as CredentialState | null)}
            >
              <option value="">all tokens</option>
              {STATES.map((value) => (
                <option key={value} value={value}>
                  {value.toLowerCase()} only
                </option>
              ))}
            </select>
          </label>
        </div>
        <SearchBox
          label="Search personal access tokens"
          hint="A description or part of one, or an id."
          value={search}
          onSearch={setSearch}
        />
        <ErrorNotice error={list.error} />
        {list.loading && !tokens ? <Loading what="tokens" /> : null}
        {tokens && tokens.edges.length === 0 ? (
          search ? (
            <NoMatches what={state ? `${state.toLowerCase()} tokens` : 'tokens'} text={search} />
          ) : (
            <p className="muted">{state ? `No ${state.toLowerCase()} tokens.` : 'No tokens yet.'}</p>
          )
        ) : null}
        {tokens && tokens.edges.length > 0 ? (
          <ResponsiveTable label="Personal access tokens">
            <table>
              <thead>
                <tr>
                  <th>Description</th>
                  <th>State</th>
                  <th>Created</th>
                  <th>Expires</th>
                  <th>Last used</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {tokens.edges.map(({ node }) => (
                  <PatRow
                    key={node.id}
                    token={node}
                    current={node.id === viewer.credential.id}
                    maxDays={maxDays}
                    canReadAudit={viewer.permissions.includes('audit:read')}
                    onChanged={list.reload}
                    onSecret={setRevealed}
                  />
                ))}
              </tbody>
            </table>
          </ResponsiveTable>
        ) : null}
        {tokens ? <PartialList shown={tokens.edges.length} total={tokens.totalCount} /> : null}
      </section>
    </>
  );
}

function PatRow({
  token,
  current,
  maxDays,
  canReadAudit,
  onChanged,
  onSecret,
}: {
  token: PersonalAccessTokenFieldsFragment;
  /** The token this session signed in with. */
  current: boolean;
  maxDays: number;
  canReadAudit: boolean;
  onChanged(): void;
  onSecret(revealed: Revealed): void;
}) {
  const { run, refreshViewer } = useSession();
  const [editing, setEditing] = useState<'edit' | 'renew' | null>(null);
  const [expiry, setExpiry] = useState(() => daysFromToday(Math.min(30, maxDays)));
  const [grace, setGrace] = useState(0);
  const { failure, submit, clear } = useMutationForm();

  /** Runs one change; its expected failure stays next to the row, success reloads the list. */
  const act = async (work: () => Promise<Failure>) => {
    if (!(await submit(work))) return;
    setEditing(null);
    onChanged();
  };

  const renew = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const expiresAt = startOfDay(expiry);
      if (Number.isNaN(expiresAt.getTime())) return { field: 'expiresAt', message: 'pick a date' };
      const { renewPersonalAccessToken: result } = await run(RenewPersonalAccessToken, {
        input: { id: token.id, expiresAt: expiresAt.toISOString() },
      });
      return typedError(result);
    });
  };
  const rotate = () =>
    act(async () => {
      const { rotatePersonalAccessToken: result } = await run(RotatePersonalAccessToken, {
        input: { id: token.id, gracePeriodSeconds: grace },
      });
      if (result.__typename === 'CreatePersonalAccessTokenPayload') {
        onSecret({
          description: result.personalAccessToken.description,
          secret: result.secret,
          note: graceNote(grace, current ? 'The old secret, which this session uses,' : 'The old secret'),
        });
      }
      return typedError(result);
    });
  // Revoking or deleting the session's own token is allowed; the reload then finds it refused and signs out.
  const revoke = () =>
    act(async () =>
      typedError(
        (await run(RevokePersonalAccessToken, { input: { id: token.id } })).revokePersonalAccessToken,
      ),
    );
  const remove = () =>
    act(async () =>
      typedError(
        (await run(DeletePersonalAccessToken, { input: { id: token.id } })).deletePersonalAccessToken,
      ),
    );

  const active = token.state === 'ACTIVE';
  const cancel = () => {
    setEditing(null);
    clear();
  };
  return (
    <>
      <tr data-testid="pat-row" data-id={token.id}>
        <td>
          <strong>{token.description}</strong>
          {current ? <span className="badge current">this session</span> : null}
          {token.organizationBound ? (
            <span className="badge" title="A first sign-in token: it acts only in this organization">
              this organization only
            </span>
          ) : null}
          {token.scopes.length ? (
            <div className="muted small" data-testid="pat-scopes">
              {token.scopes.join(', ')}
            </div>
          ) : null}
          {editing === 'renew' ? (
            <form onSubmit={renew} className="inline-form spaced" aria-label="Renew token">
              <label className="inline-label">
                Valid until
                <input type="date" value={expiry} onChange={(event) => setExpiry(event.target.value)} />
              </label>
              <button type="submit" className="primary">
                Renew
              </button>
              <button type="button" onClick={cancel}>
                Cancel
              </button>
            </form>
          ) : null}
          {editing === 'renew' ? (
            <p className="hint">
              The token then expires at the start of that day. The organization allows at most {maxDays} days
              from now: {formatDate(startOfDay(daysFromToday(maxDays)).toISOString())} at the latest.
            </p>
          ) : null}
          <ResultError error={failure} />
          <AuditEventsLink targetId={token.id} show={canReadAudit} />
        </td>
        <StateCell state={token.state} revokedAt={token.revokedAt} />
        <td data-label="Created">{formatDate(token.createdAt)}</td>
        <td data-label="Expires" title={token.expiresAt} data-testid="pat-expires">
          {formatDate(token.expiresAt)}
        </td>
        <td data-label="Last used">{formatDate(token.seenAt, 'never')}</td>
        <td data-label="Actions" className="actions">
          {editing === null ? (
            <button type="button" onClick={() => setEditing('edit')}>
              Edit
            </button>
          ) : null}
          {active && editing === null ? (
            <button type="button" onClick={() => setEditing('renew')}>
              Renew
            </button>
          ) : null}
          {active ? <RotateControl grace={grace} onGraceChange={setGrace} onRotate={rotate} /> : null}
          {active ? (
            <ConfirmButton
              label="Revoke"
              confirmLabel={current ? 'Revoke and sign out' : 'Revoke for good'}
              onConfirm={revoke}
            />
          ) : null}
          <ConfirmButton
            label="Delete"
            confirmLabel={current ? 'Delete and sign out' : 'Delete for good'}
            onConfirm={remove}
          />
        </td>
      </tr>
      {editing === 'edit' ? (
        <tr className="edit-row">
          <td colSpan={6}>
            <EditPatForm
              token={token}
              onDone={() => {
                setEditing(null);
                onChanged();
                // This session's own permissions may have narrowed: the console offers what it holds.
                if (current) void refreshViewer();
              }}
              onCancel={cancel}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

const EDIT_FIELDS = ['description', 'scopes'] as const;

/**
 * Changes a token's description and permissions (updatePersonalAccessToken); only what was changed is
 * sent, and a refused field shows Keygate's message under it, with nothing changed. The permissions
 * offered are the session's: a token is never given more than the credential that edits it holds.
 */
function EditPatForm({
  token,
  onDone,
  onCancel,
}: {
  token: PersonalAccessTokenFieldsFragment;
  onDone(): void;
  onCancel(): void;
}) {
  const { run, viewer } = useSession();
  const { failure, busy, onSubmit } = useMutationForm();
  const permissions = [...new Set([...(viewer?.permissions ?? []), ...token.scopes])];

  const submit = onSubmit(async (form) => {
    const description = String(form.get('description') ?? '');
    const scopes = form.getAll('scopes').map(String);
    const input: UpdatePersonalAccessTokenInput = { id: token.id };
    if (description !== token.description) input.description = description;
    if (scopes.length !== token.scopes.length || scopes.some((scope) => !token.scopes.includes(scope)))
      input.scopes = scopes;
    // Nothing changed: nothing to send, the form just closes.
    if (Object.keys(input).length === 1) {
      onCancel();
      return null;
    }
    const { updatePersonalAccessToken: result } = await run(UpdatePersonalAccessToken, { input });
    if (result.__typename === 'PersonalAccessTokenPayload') onDone();
    return typedError(result);
  });

  return (
    <form className="form-grid" onSubmit={submit} aria-label={`Edit token ${token.description}`}>
      <Field label="Description" field="description" failure={failure}>
        {(control) => (
          <input {...control} name="description" maxLength={200} defaultValue={token.description} />
        )}
      </Field>
      <Field
        label="Permissions"
        field="scopes"
        failure={failure}
        group
        hint="None checked: all of yours. Checked: only these."
      >
        {() => (
          <div className="checkboxes">
            {permissions.map((permission) => (
              <label key={permission}>
                <input
                  type="checkbox"
                  name="scopes"
                  value={permission}
                  defaultChecked={token.scopes.includes(permission)}
                />{' '}
                {permission}
              </label>
            ))}
          </div>
        )}
      </Field>
      <div className="form-actions">
        <ResultError error={formLevel(failure, EDIT_FIELDS)} />
        <span className="actions-row">
          <button type="submit" className="primary" disabled={busy}>
            Save
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </span>
      </div>
    </form>
  );
}
