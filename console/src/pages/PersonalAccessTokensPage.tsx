import { type FormEvent, useState } from 'react';
import { ApiError, typedError } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { formatDate, GRACE_PERIODS, StateBadge } from '../components/format';
import { ErrorNotice, Loading, PartialList, ResultError } from '../components/Notices';
import { SecretReveal } from '../components/SecretReveal';
import { graphql } from '../graphql';
import { useSession } from '../session';
import { useQuery } from '../use-query';

const PersonalAccessTokens = graphql(`
  query PersonalAccessTokens {
    viewer {
      personalAccessTokens(first: 50) {
        totalCount
        edges {
          node { id description state scopes createdAt expiresAt seenAt }
        }
      }
    }
  }
`);

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

type Failure = { __typename?: string; message: string; field?: string } | null;

export function PersonalAccessTokensPage() {
  const { run, viewer } = useSession();
  const list = useQuery(PersonalAccessTokens, {}, { skip: viewer?.kind !== 'USER' });
  const [revealed, setRevealed] = useState<{ description: string; secret: string } | null>(null);
  const [failure, setFailure] = useState<Failure>(null);
  const [rowFailure, setRowFailure] = useState<{ id: string; error: Failure | ApiError } | null>(null);
  const [graceFor, setGraceFor] = useState<Record<string, number>>({});

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

  const maxDays = viewer.organization.patMaxLifetimeDays;
  const lifetimes = LIFETIMES.filter((days) => days <= maxDays);

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const days = Number(form.get('lifetime'));
    const scopes = form.getAll('scopes').map(String);
    setFailure(null);
    setRevealed(null);
    try {
      const { createPersonalAccessToken: result } = await run(CreatePersonalAccessToken, {
        input: {
          description: String(form.get('description') ?? ''),
          expiresAt: new Date(Date.now() + days * 86_400_000).toISOString(),
          ...(scopes.length ? { scopes } : {}),
        },
      });
      if (result.__typename === 'CreatePersonalAccessTokenPayload') {
        setRevealed({ description: result.personalAccessToken.description, secret: result.secret });
        (event.target as HTMLFormElement).reset();
        list.reload();
      } else {
        setFailure(typedError(result));
      }
    } catch (error) {
      setFailure(error instanceof ApiError ? { message: error.message } : { message: String(error) });
    }
  };

  const rotate = async (id: string) => {
    setRowFailure(null);
    setRevealed(null);
    try {
      const { rotatePersonalAccessToken: result } = await run(RotatePersonalAccessToken, {
        input: { id, gracePeriodSeconds: graceFor[id] ?? 0 },
      });
      if (result.__typename === 'CreatePersonalAccessTokenPayload') {
        setRevealed({ description: result.personalAccessToken.description, secret: result.secret });
        list.reload();
      } else {
        setRowFailure({ id, error: typedError(result) });
      }
    } catch (error) {
      if (error instanceof ApiError) setRowFailure({ id, error });
    }
  };

  const remove = async (id: string) => {
    setRowFailure(null);
    try {
      const { deletePersonalAccessToken: result } = await run(DeletePersonalAccessToken, { input: { id } });
      // Deleting the session's own token is allowed; the reload then finds it refused and signs out.
      if (result.__typename === 'DeletedPayload') list.reload();
      else {
        setRowFailure({ id, error: typedError(result) });
      }
    } catch (error) {
      if (error instanceof ApiError) setRowFailure({ id, error });
    }
  };

  const tokens = list.data?.viewer.personalAccessTokens;
  return (
    <>
      <h2>Personal access tokens</h2>
      {revealed ? (
        <SecretReveal
          label={`the token “${revealed.description}”`}
          secret={revealed.secret}
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
        <h3>Your tokens {tokens ? <span className="count">{tokens.totalCount}</span> : null}</h3>
        <ErrorNotice error={list.error} />
        {list.loading && !tokens ? <Loading what="tokens" /> : null}
        {tokens && tokens.edges.length === 0 ? <p className="muted">No tokens yet.</p> : null}
        {tokens && tokens.edges.length > 0 ? (
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
                <tr key={node.id} data-testid="pat-row">
                  <td>
                    <strong>{node.description}</strong>
                    {node.id === viewer.credential.id ? (
                      <span className="badge current">this session</span>
                    ) : null}
                    {node.scopes.length ? <div className="muted small">{node.scopes.join(', ')}</div> : null}
                    {rowFailure?.id === node.id ? <ResultError error={rowFailure.error} /> : null}
                  </td>
                  <td>
                    <StateBadge state={node.state} />
                  </td>
                  <td>{formatDate(node.createdAt)}</td>
                  <td>{formatDate(node.expiresAt)}</td>
                  <td>{formatDate(node.seenAt, 'never')}</td>
                  <td className="actions">
                    {node.state === 'ACTIVE' ? (
                      <span className="rotate">
                        <select
                          aria-label="Grace period"
                          value={graceFor[node.id] ?? 0}
                          onChange={(event) =>
                            setGraceFor({ ...graceFor, [node.id]: Number(event.target.value) })
                          }
                        >
                          {GRACE_PERIODS.map((grace) => (
                            <option key={grace.seconds} value={grace.seconds}>
                              {grace.label}
                            </option>
                          ))}
                        </select>
                        <button type="button" onClick={() => rotate(node.id)}>
                          Rotate
                        </button>
                      </span>
                    ) : null}
                    <ConfirmButton
                      label="Delete"
                      confirmLabel="Delete for good"
                      onConfirm={() => remove(node.id)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {tokens ? <PartialList shown={tokens.edges.length} total={tokens.totalCount} /> : null}
      </section>
    </>
  );
}
