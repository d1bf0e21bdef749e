import { type FormEvent, useState } from 'react';
import { ApiError, typedError } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { formatDate, formatSeconds, graceNote, StateBadge } from '../components/format';
import { ErrorNotice, Loading, PartialList, ResultError } from '../components/Notices';
import { RotateControl } from '../components/RotateControl';
import { SecretReveal } from '../components/SecretReveal';
import { graphql } from '../graphql';
import type { MachineIdentityTokenFieldsFragment } from '../graphql/graphql';
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
  query MachineIdentityTokens($id: ID!) {
    node(id: $id) {
      __typename
      ... on MachineIdentity {
        id name role permissions disabled createdAt
        tokens(first: 25) {
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

const RenameToken = graphql(`
  mutation RenameToken($input: UpdateTokenInput!) {
    updateToken(input: $input) {
      __typename
      ... on TokenPayload { token { id name } }
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

const TTLS = [0, 3_600, 86_400, 30 * 86_400, 90 * 86_400];

type Failure = { __typename?: string; message: string; field?: string } | null;

const asFailure = (error: unknown): Failure =>
  error instanceof ApiError ? error : { message: String(error) };

export function MachineIdentityDetail({ id }: { id: string }) {
  const { run } = useSession();
  const query = useQuery(MachineIdentityTokens, { id });
  const [revealed, setRevealed] = useState<{ name: string; secret: string; note?: string } | null>(null);
  const [failure, setFailure] = useState<Failure>(null);

  const node = query.data?.node;
  const identity = node?.__typename === 'MachineIdentity' ? node : null;

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const usesLimit = Number(form.get('numUsesLimit') || 0);
    setFailure(null);
    setRevealed(null);
    try {
      const { createToken: result } = await run(CreateToken, {
        input: {
          identityId: id,
          name: String(form.get('name') ?? ''),
          ttl: Number(form.get('ttl')),
          numUsesLimit: usesLimit,
        },
      });
      if (result.__typename === 'TokenSecretPayload') {
        setRevealed({ name: result.token.name, secret: result.secret });
        (event.target as HTMLFormElement).reset();
        query.reload();
      } else {
        setFailure(typedError(result));
      }
    } catch (error) {
      setFailure(asFailure(error));
    }
  };

  const deleteIdentity = async () => {
    try {
      const { deleteMachineIdentity: result } = await run(DeleteMachineIdentity, { input: { id } });
      if (result.__typename === 'DeletedPayload') navigate('/identities');
      else setFailure(typedError(result));
    } catch (error) {
      setFailure(asFailure(error));
    }
  };

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
        {formatDate(identity.createdAt)}.
      </p>

      {revealed ? (
        <SecretReveal
          label={`the secret of “${revealed.name}”`}
          secret={revealed.secret}
          note={revealed.note}
          onDismiss={() => setRevealed(null)}
        />
      ) : null}

      <form className="card form-grid" onSubmit={create} aria-label="Create a token">
        <h3>New token</h3>
        <label htmlFor="token-name">Name</label>
        <input id="token-name" name="name" placeholder="e.g. production" />
        <label htmlFor="token-ttl">Time to live</label>
        <select id="token-ttl" name="ttl" defaultValue={30 * 86_400}>
          {TTLS.map((ttl) => (
            <option key={ttl} value={ttl}>
              {ttl === 0 ? 'never expires' : `${formatSeconds(ttl)}, renewable`}
            </option>
          ))}
        </select>
        <label htmlFor="token-uses">Use limit</label>
        <input id="token-uses" name="numUsesLimit" type="number" min={0} placeholder="0: unlimited" />
        <div className="form-actions">
          <ResultError error={failure} />
          <button type="submit" className="primary">
            Create token
          </button>
        </div>
      </form>

      <section className="card">
        <h3>
          Tokens <span className="count">{identity.tokens.totalCount}</span>
        </h3>
        {identity.tokens.edges.length === 0 ? <p className="muted">No tokens yet.</p> : null}
        {identity.tokens.edges.length > 0 ? (
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
        ) : null}
        <PartialList shown={identity.tokens.edges.length} total={identity.tokens.totalCount} />
      </section>

      <section className="card danger-zone">
        <h3>Danger zone</h3>
        <p>Deleting the identity deletes all of its tokens; they stop working at once.</p>
        <ConfirmButton
          label="Delete this identity"
          confirmLabel="Delete identity and tokens"
          onConfirm={deleteIdentity}
        />
      </section>
    </>
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
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(token.name);
  const [grace, setGrace] = useState(0);
  const [failure, setFailure] = useState<Failure>(null);

  const act = async (work: () => Promise<Failure>) => {
    setFailure(null);
    try {
      const result = await work();
      if (result) setFailure(result);
      else onChanged();
    } catch (error) {
      setFailure(asFailure(error));
    }
  };

  const rename = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const { updateToken: result } = await run(RenameToken, { input: { id: token.id, name } });
      if (result.__typename === 'TokenPayload') setRenaming(false);
      return typedError(result);
    });
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
  return (
    <tr data-testid="token-row">
      <td>
        {renaming ? (
          <form onSubmit={rename} className="inline-form" aria-label="Rename token">
            <input aria-label="New name" value={name} onChange={(event) => setName(event.target.value)} />
            <button type="submit" className="primary">
              Save
            </button>
            <button
              type="button"
              onClick={() => {
                setRenaming(false);
                setName(token.name);
              }}
            >
              Cancel
            </button>
          </form>
        ) : (
          <strong>{token.name}</strong>
        )}
        <div className="muted small">
          TTL {formatSeconds(token.ttl)}
          {token.maxTtl ? `, renewable up to ${formatSeconds(token.maxTtl)}` : ''}
          {token.trustedIps.length ? `; from ${token.trustedIps.join(', ')}` : ''}
          {token.scopes.length ? `; only ${token.scopes.join(', ')}` : ''}
        </div>
        <ResultError error={failure} />
      </td>
      <td>
        <StateBadge state={token.state} />
      </td>
      <td title={token.expiresAt ?? undefined} data-testid="token-expires">
        {formatDate(token.expiresAt, 'never')}
      </td>
      <td>
        {token.numUses}
        {token.numUsesLimit ? ` of ${token.numUsesLimit}` : ''}
      </td>
      <td>{formatDate(token.lastUsedAt, 'never')}</td>
      <td className="actions">
        {!renaming ? (
          <button type="button" onClick={() => setRenaming(true)}>
            Rename
          </button>
        ) : null}
        {active && token.ttl > 0 ? (
          <button type="button" onClick={renew}>
            Renew
          </button>
        ) : null}
        {active ? <RotateControl grace={grace} onGraceChange={setGrace} onRotate={rotate} /> : null}
        {active ? <ConfirmButton label="Revoke" confirmLabel="Revoke for good" onConfirm={revoke} /> : null}
        <ConfirmButton label="Delete" confirmLabel="Delete for good" onConfirm={remove} />
      </td>
    </tr>
  );
}
