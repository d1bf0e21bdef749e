import { useState } from 'react';
import { typedError } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { Field } from '../components/Field';
import { formatDate, formatSeconds, graceNote, StateBadge } from '../components/format';
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
import type { MachineIdentityTokenFieldsFragment, UpdateTokenInput } from '../graphql/graphql';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useQuery } from '../use-query';

graphql(`
  fragment MachineIdentityTokenFields on Token {
    id name state ttl maxTtl numUses numUsesLimit scopes trustedIps
    createdAt expiresAt lastUsedAt lastRenewedAt revokedAt
  }
`);

const MachineIdentityTokens = graphql(`
  query MachineIdentityTokens($id: ID!, $search: String) {
    node(id: $id) {
      __typename
      ... on MachineIdentity {
        id name role permissions disabled disabledAt createdAt
        tokens(first: 25, search: $search) {
          totalCount
          edges { node { ...MachineIdentityTokenFields } }
        }
      }
    }
  }
`);

const CreateToken = graphql(`
  mutation CreateToken($input: CreateTokenInput!) {
    createToken(input: $input) {
      __typename
      ... on TokenSecretPayload { secret token { id name } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const UpdateToken = graphql(`
  mutation UpdateToken($input: UpdateTokenInput!) {
    updateToken(input: $input) {
      __typename
      ... on TokenPayload { token { ...MachineIdentityTokenFields } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const RenewToken = graphql(`
  mutation RenewToken($input: RenewTokenInput!) {
    renewToken(input: $input) {
      __typename
      ... on TokenPayload { token { id expiresAt } }
      ... on Error { code message }
    }
  }
`);

const RotateToken = graphql(`
  mutation RotateToken($input: RotateTokenInput!) {
    rotateToken(input: $input) {
      __typename
      ... on TokenSecretPayload { secret token { id name } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const RevokeToken = graphql(`
  mutation RevokeToken($input: RevokeTokenInput!) {
    revokeToken(input: $input) {
      __typename
      ... on TokenPayload { token { id state } }
      ... on Error { code message }
    }
  }
`);

const DeleteToken = graphql(`
  mutation DeleteToken($input: DeleteTokenInput!) {
    deleteToken(input: $input) {
      __typename
      ... on DeletedPayload { deletedId }
      ... on Error { code message }
    }
  }
`);

const DeleteMachineIdentity = graphql(`
  mutation DeleteMachineIdentity($input: DeleteMachineIdentityInput!) {
    deleteMachineIdentity(input: $input) {
      __typename
      ... on DeletedPayload { deletedId }
      ... on Error { code message }
    }
  }
`);

const DisableMachineIdentity = graphql(`
  mutation DisableMachineIdentity($input: DisableMachineIdentityInput!) {
    disableMachineIdentity(input: $input) {
      __typename
      ... on MachineIdentityPayload { machineIdentity { id disabled } }
      ... on Error { code message }
    }
  }
`);

const EnableMachineIdentity = graphql(`
  mutation EnableMachineIdentity($input: EnableMachineIdentityInput!) {
    enableMachineIdentity(input: $input) {
      __typename
      ... on MachineIdentityPayload { machineIdentity { id disabled } }
      ... on Error { code message }
    }
  }
`);

const RevokeAllTokens = graphql(`
  mutation RevokeAllTokens($input: RevokeAllTokensInput!) {
    revokeAllTokens(input: $input) {
      __typename
      ... on RevokeAllTokensPayload { revokedCount }
      ... on Error { code message }
    }
  }
`);

const SetTokenKey = graphql(`
  mutation SetTokenKey($input: SetTokenKeyInput!) {
    setTokenKey(input: $input) {
      __typename
      ... on TokenPayload { token { id updatedAt } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const DAY = 86_400;
const TTLS = [0, 3_600, DAY, 7 * DAY, 30 * DAY, 90 * DAY, 365 * DAY];
const MAX_TTLS = [0, DAY, 7 * DAY, 30 * DAY, 90 * DAY, 365 * DAY];

/** The inputs of createToken the form shows, each with its own place for Keygate's error. */
const TOKEN_FIELDS = [
  'name',
  'ttl',
  'maxTtl',
  'numUsesLimit',
  'trustedIps',
  'scopes',
  'requestLimit',
  'requestLimitWindow',
] as const;

/** Addresses and ranges as typed: one per line, or separated by commas or spaces. */
const listOf = (text: FormDataEntryValue | null) =>
  String(text ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);

export function MachineIdentityDetail({ id }: { id: string }) {
  const { run } = useSession();
  const [search, setSearch] = useListSearch();
  const query = useQuery(MachineIdentityTokens, { id, search: search || null });
  const [revealed, setRevealed] = useState<{ name: string; secret: string; note?: string } | null>(null);
  const { failure, submit } = useMutationForm();
  const [notice, setNotice] = useState<string | null>(null);

  const node = query.data?.node;
  const identity = node?.__typename === 'MachineIdentity' ? node : null;

  /** Runs one change of the identity; its expected failure shows in the danger zone. */
  const change = async (work: () => Promise<Failure>) => {
    setNotice(null);
    if (await submit(work)) query.reload();
  };

  const deleteIdentity = () =>
    change(async () => {
      const { deleteMachineIdentity: result } = await run(DeleteMachineIdentity, { input: { id } });
      if (result.__typename === 'DeletedPayload') navigate('/identities');
      return typedError(result);
    });
  const disable = () =>
    change(async () =>
      typedError((await run(DisableMachineIdentity, { input: { id } })).disableMachineIdentity),
    );
  const enable = () =>
    change(async () =>
      typedError((await run(EnableMachineIdentity, { input: { id } })).enableMachineIdentity),
    );
  const revokeAll = () =>
    change(async () => {
      const { revokeAllTokens: result } = await run(RevokeAllTokens, { input: { identityId: id } });
      if (result.__typename === 'RevokeAllTokensPayload') {
        const n = result.revokedCount;
        setNotice(
          n === 0
            ? 'No token was active: nothing to revoke.'
            : `Revoked ${n} ${n === 1 ? 'token' : 'tokens'}.`,
        );
      }
      return typedError(result);
    });

  if (query.loading && !query.data) return <Loading what="the machine identity" />;
  if (query.error) return <ErrorNotice error={query.error} />;
  if (!identity) {
    return (
      <>
        <p className="error" role="alert">
          This machine identity does not exist, or you may not see it.
        </p>
        <Link to="/identities">Back to machine identities</Link>
      </>
    );
  }

  return (
    <>
      <p className="breadcrumb">
        <Link to="/identities">Machine identities</Link> /
      </p>
      <h2>
        {identity.name} {identity.disabled ? <StateBadge state="DISABLED" /> : null}
      </h2>
      <p className="muted">
        Role {identity.role.toLowerCase()}
        {identity.permissions.length ? `, plus ${identity.permissions.join(', ')}` : ''}; created{' '}
        {formatDate(identity.createdAt)}.{' '}
        <Link to={`/import?identity=${encodeURIComponent(id)}`}>Import keys from another product</Link>
      </p>

      {revealed ? (
        <SecretReveal
          label={`the secret of “${revealed.name}”`}
          secret={revealed.secret}
          note={revealed.note}
          onDismiss={() => setRevealed(null)}
        />
      ) : null}

      <CreateTokenForm
        identityId={id}
        onCreated={(name, secret) => {
          setRevealed({ name, secret });
          query.reload();
        }}
        onStarted={() => setRevealed(null)}
      />

      <section className="card">
        <h3>
          Tokens <span className="count">{identity.tokens.totalCount}</span>
        </h3>
        <SearchBox
          label="Search tokens"
          hint="A name or part of one, or an id."
          value={search}
          onSearch={setSearch}
        />
        {identity.tokens.edges.length === 0 ? (
          search ? (
            <NoMatches what="tokens" text={search} />
          ) : (
            <p className="muted">No tokens yet.</p>
          )
        ) : null}
        {identity.tokens.edges.length > 0 ? (
          <ResponsiveTable label="Tokens">
            <table>
              <thead>
                <tr>
                  <th>Name</th>
                  <th>State</th>
                  <th>Expires</th>
                  <th>Uses</th>
                  <th>Last used</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {identity.tokens.edges.map(({ node: token }) => (
                  <TokenRow
                    key={token.id}
                    token={token}
                    onChanged={query.reload}
                    onSecret={(secret, note) => setRevealed({ name: token.name, secret, note })}
                  />
                ))}
              </tbody>
            </table>
          </ResponsiveTable>
        ) : null}
        <PartialList shown={identity.tokens.edges.length} total={identity.tokens.totalCount} />
      </section>

      <section className="card danger-zone" aria-label="Danger zone">
        <h3>Danger zone</h3>
        <p>
          {identity.disabled
            ? `Disabled since ${formatDate(identity.disabledAt)}: none of its tokens authenticates until it is enabled again.`
            : 'Disabling the identity stops every one of its tokens from authenticating, until it is enabled again; revoking them ends them for good. Deleting the identity deletes all of its tokens.'}
        </p>
        <div className="actions-row">
          {identity.disabled ? (
            <button type="button" onClick={enable}>
              Enable this identity
            </button>
          ) : (
            <ConfirmButton
              label="Disable this identity"
              confirmLabel="Disable: its tokens stop working"
              onConfirm={disable}
            />
          )}
          <ConfirmButton
            label="Revoke all tokens"
            confirmLabel="Revoke every token for good"
            onConfirm={revokeAll}
          />
          <ConfirmButton
            label="Delete this identity"
            confirmLabel="Delete identity and tokens"
            onConfirm={deleteIdentity}
          />
        </div>
        {notice ? (
          <p className="ok" role="status">
            {notice}
          </p>
        ) : null}
        <ResultError error={failure} />
      </section>
    </>
  );
}

/**
 * A new token with everything createToken takes. Keygate checks every field; a field it refuses shows its
 * message under it (ValidationError.field), anything else under the form.
 */
function CreateTokenForm({
  identityId,
  onStarted,
  onCreated,
}: {
  identityId: string;
  onStarted(): void;
  onCreated(name: string, secret: string): void;
}) {
  const { run, viewer } = useSession();
  const { failure, busy, onSubmit } = useMutationForm();

  const create = onSubmit(async (form, formElement) => {
    const number = (name: string, empty: number) => {
      const value = String(form.get(name) ?? '').trim();
      return value === '' ? empty : Number(value);
    };
    onStarted();
    const { createToken: result } = await run(CreateToken, {
      input: {
        identityId,
        name: String(form.get('name') ?? ''),
        ttl: number('ttl', 0),
        maxTtl: number('maxTtl', 0),
        numUsesLimit: number('numUsesLimit', 0),
        trustedIps: listOf(form.get('trustedIps')),
        scopes: form.getAll('scopes').map(String),
        requestLimit: number('requestLimit', 0),
        requestLimitWindow: number('requestLimitWindow', 60),
      },
    });
    if (result.__typename !== 'TokenSecretPayload') return typedError(result);
    formElement.reset();
    onCreated(result.token.name, result.secret);
    return null;
  });

  return (
    <form className="card form-grid" onSubmit={create} aria-label="Create a token">
      <h3>New token</h3>
      <Field label="Name" field="name" failure={failure}>
        {(control) => <input {...control} name="name" placeholder="e.g. production" />}
      </Field>
      <Field
        label="Time to live"
        field="ttl"
        failure={failure}
        hint="Each issue and renewal lasts this long."
      >
        {(control) => (
          <select {...control} name="ttl" defaultValue={30 * DAY}>
            {TTLS.map((ttl) => (
              <option key={ttl} value={ttl}>
                {ttl === 0 ? 'never expires' : `${formatSeconds(ttl)}, renewable`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Renewal ceiling"
        field="maxTtl"
        failure={failure}
        hint="Renewals never reach past this, counted from creation (the max TTL)."
      >
        {(control) => (
          <select {...control} name="maxTtl" defaultValue={0}>
            {MAX_TTLS.map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds === 0 ? 'no ceiling' : formatSeconds(seconds)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Use limit" field="numUsesLimit" failure={failure}>
        {(control) => (
          <input {...control} name="numUsesLimit" type="number" min={0} step={1} placeholder="0: unlimited" />
        )}
      </Field>
      <Field
        label="Trusted addresses"
        field="trustedIps"
        failure={failure}
        hint="IPv4 or IPv6 addresses and CIDR ranges, one per line; empty: from anywhere."
      >
        {(control) => (
          <textarea
            {...control}
            name="trustedIps"
            rows={3}
            spellCheck={false}
            autoComplete="off"
            placeholder={'203.0.113.0/24\n2001:db8::/32'}
          />
        )}
      </Field>
      <Field
        label="Permissions"
        field="scopes"
        failure={failure}
        group
        hint="None checked: all of the identity's permissions. Checked: only these."
      >
        {() => (
          <details>
            <summary>All of the identity's, or narrow it to…</summary>
            <div className="checkboxes">
              {viewer?.permissions.map((permission) => (
                <label key={permission}>
                  <input type="checkbox" name="scopes" value={permission} /> {permission}
                </label>
              ))}
            </div>
          </details>
        )}
      </Field>
      <Field
        label="Request limit"
        field="requestLimit"
        failure={failure}
        hint="Requests per window on every verification path; 0: no limit."
      >
        {(control) => (
          <input {...control} name="requestLimit" type="number" min={0} step={1} placeholder="0: no limit" />
        )}
      </Field>
      <Field label="Request window" field="requestLimitWindow" failure={failure} hint="Seconds (default 60).">
        {(control) => (
          <input {...control} name="requestLimitWindow" type="number" min={1} step={1} placeholder="60" />
        )}
      </Field>
      <div className="form-actions">
        <ResultError error={formLevel(failure, TOKEN_FIELDS)} />
        <button type="submit" className="primary" disabled={busy}>
          Create token
        </button>
      </div>
    </form>
  );
}

function TokenRow({
  token,
  onChanged,
  onSecret,
}: {
  token: MachineIdentityTokenFieldsFragment;
  onChanged(): void;
  onSecret(secret: string, note: string): void;
}) {
  const { run } = useSession();
  const [editing, setEditing] = useState(false);
  const [grace, setGrace] = useState(0);
  const { failure, submit } = useMutationForm();
  const [settingKey, setSettingKey] = useState(false);
  const [keySetAt, setKeySetAt] = useState<string | null>(null);

  const act = async (work: () => Promise<Failure>) => {
    if (await submit(work)) onChanged();
  };

  const renew = () =>
    act(async () => typedError((await run(RenewToken, { input: { id: token.id } })).renewToken));
  const revoke = () =>
    act(async () => typedError((await run(RevokeToken, { input: { id: token.id } })).revokeToken));
  const rotate = () =>
    act(async () => {
      const { rotateToken: result } = await run(RotateToken, {
        input: { id: token.id, gracePeriodSeconds: grace },
      });
      if (result.__typename === 'TokenSecretPayload')
        onSecret(result.secret, graceNote(grace, 'The old secret'));
      return typedError(result);
    });
  const remove = () =>
    act(async () => typedError((await run(DeleteToken, { input: { id: token.id } })).deleteToken));

  const active = token.state === 'ACTIVE';
  const keyable = token.state !== 'REVOKED' && token.state !== 'EXPIRED';
  return (
    <>
      <tr data-testid="token-row">
        <td>
          <strong>{token.name}</strong>
          <div className="muted small" data-testid="token-settings">
            TTL {formatSeconds(token.ttl)}
            {token.maxTtl ? `, renewable up to ${formatSeconds(token.maxTtl)}` : ''}
            {token.trustedIps.length ? `; from ${token.trustedIps.join(', ')}` : ''}
            {token.scopes.length ? `; only ${token.scopes.join(', ')}` : ''}
          </div>
          {keySetAt ? (
            <p className="ok small" role="status">
              Key set {formatDate(keySetAt)}: the token's earlier secrets no longer work.
            </p>
          ) : null}
          <ResultError error={failure} />
        </td>
        <td data-label="State">
          <StateBadge state={token.state} />
        </td>
        <td data-label="Expires" title={token.expiresAt ?? undefined} data-testid="token-expires">
          {formatDate(token.expiresAt, 'never')}
        </td>
        <td data-label="Uses">
          {token.numUses}
          {token.numUsesLimit ? ` of ${token.numUsesLimit}` : ''}
        </td>
        <td data-label="Last used">{formatDate(token.lastUsedAt, 'never')}</td>
        <td data-label="Actions" className="actions">
          {!editing ? (
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
          ) : null}
          {active && token.ttl > 0 ? (
            <button type="button" onClick={renew}>
              Renew
            </button>
          ) : null}
          {active ? <RotateControl grace={grace} onGraceChange={setGrace} onRotate={rotate} /> : null}
          {keyable && !settingKey ? (
            <button type="button" onClick={() => setSettingKey(true)}>
              Set key
            </button>
          ) : null}
          {active ? <ConfirmButton label="Revoke" confirmLabel="Revoke for good" onConfirm={revoke} /> : null}
          <ConfirmButton label="Delete" confirmLabel="Delete for good" onConfirm={remove} />
        </td>
      </tr>
      {editing ? (
        <tr className="edit-row">
          <td colSpan={6}>
            <EditTokenForm
              token={token}
              onDone={() => {
                setEditing(false);
                onChanged();
              }}
              onCancel={() => setEditing(false)}
            />
          </td>
        </tr>
      ) : null}
      {settingKey ? (
        <tr className="set-key-row">
          <td colSpan={6}>
            <SetKeyForm
              token={token}
              onDone={(at) => {
                setSettingKey(false);
                setKeySetAt(at);
                onChanged();
              }}
              onCancel={() => setSettingKey(false)}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The inputs of updateToken the edit form shows, each with its own place for Keygate's error. */
const EDIT_FIELDS = ['name', 'trustedIps', 'scopes', 'numUsesLimit'] as const;

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));

/**
 * Changes a token's name, trusted addresses, permissions and use limit (updateToken). Only what was
 * changed is sent; Keygate checks it all at once and changes nothing when it refuses one field, whose
 * message then shows under it. Permissions are offered as token creation offers them: the caller's, of
 * which Keygate accepts those the identity holds.
 */
function EditTokenForm({
  token,
  onDone,
  onCancel,
}: {
  token: MachineIdentityTokenFieldsFragment;
  onDone(): void;
  onCancel(): void;
}) {
  const { run, viewer } = useSession();
  const { failure, busy, onSubmit } = useMutationForm();
  const permissions = [...new Set([...(viewer?.permissions ?? []), ...token.scopes])];

  const submit = onSubmit(async (form) => {
    const name = String(form.get('name') ?? '');
    const trustedIps = listOf(form.get('trustedIps'));
    const scopes = form.getAll('scopes').map(String);
    const limit = String(form.get('numUsesLimit') ?? '').trim();
    const numUsesLimit = limit === '' ? 0 : Number(limit);
    const input: UpdateTokenInput = { id: token.id };
    if (name !== token.name) input.name = name;
    if (!sameSet(trustedIps, token.trustedIps)) input.trustedIps = trustedIps;
    if (!sameSet(scopes, token.scopes)) input.scopes = scopes;
    if (numUsesLimit !== token.numUsesLimit) input.numUsesLimit = numUsesLimit;
    // Nothing changed: nothing to send, the form just closes.
    if (Object.keys(input).length === 1) {
      onCancel();
      return null;
    }
    const { updateToken: result } = await run(UpdateToken, { input });
    if (result.__typename === 'TokenPayload') onDone();
    return typedError(result);
  });

  return (
    <form className="form-grid" onSubmit={submit} aria-label={`Edit token ${token.name}`}>
      <Field label="Name" field="name" failure={failure}>
        {(control) => <input {...control} name="name" defaultValue={token.name} />}
      </Field>
      <Field
        label="Trusted addresses"
        field="trustedIps"
        failure={failure}
        hint="IPv4 or IPv6 addresses and CIDR ranges, one per line; empty: from anywhere."
      >
        {(control) => (
          <textarea
            {...control}
            name="trustedIps"
            rows={3}
            spellCheck={false}
            autoComplete="off"
            defaultValue={token.trustedIps.join('\n')}
          />
        )}
      </Field>
      <Field
        label="Permissions"
        field="scopes"
        failure={failure}
        group
        hint="None checked: all of the identity's permissions. Checked: only these."
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
      <Field
        label="Use limit"
        field="numUsesLimit"
        failure={failure}
        hint={`${token.numUses} ${token.numUses === 1 ? 'use' : 'uses'} spent so far; empty or 0: unlimited.`}
      >
        {(control) => (
          <input
            {...control}
            name="numUsesLimit"
            type="number"
            min={0}
            step={1}
            placeholder="0: unlimited"
            defaultValue={token.numUsesLimit || ''}
          />
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

/**
 * Sets a token's key to one pasted here. The key is read from the (masked) field when the form is sent and
 * the field is emptied at once: it is in no state, and never shown again, whatever Keygate answers.
 */
function SetKeyForm({
  token,
  onDone,
  onCancel,
}: {
  token: MachineIdentityTokenFieldsFragment;
  onDone(at: string): void;
  onCancel(): void;
}) {
  const { run } = useSession();
  const { failure, busy, onSubmit } = useMutationForm();

  const submit = onSubmit(async (form, formElement) => {
    const key = String(form.get('key') ?? '');
    formElement.reset();
    const { setTokenKey: result } = await run(SetTokenKey, { input: { id: token.id, key } });
    if (result.__typename === 'TokenPayload') onDone(result.token.updatedAt);
    return typedError(result);
  });

  return (
    <form className="form-grid" onSubmit={submit} aria-label={`Set the key of ${token.name}`}>
      <Field
        label="New key"
        field="key"
        failure={failure}
        hint="It replaces every secret the token has: they stop working at once. Keygate keeps only its hash."
      >
        {(control) => (
          <input
            {...control}
            name="key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="kg_tok_…"
          />
        )}
      </Field>
      <div className="form-actions">
        <ResultError error={formLevel(failure, ['key'])} />
        <span className="actions-row">
          <button type="submit" className="primary" disabled={busy}>
            Set key
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </span>
      </div>
    </form>
  );
}
