import { typedError } from '../api';
import { formatDate, StateBadge } from '../components/format';
import { ErrorNotice, Loading, PartialList, ResultError } from '../components/Notices';
import { ResponsiveTable } from '../components/ResponsiveTable';
import { NoMatches, SearchBox, useListSearch } from '../components/SearchBox';
import { useMutationForm } from '../components/use-mutation-form';
import { graphql } from '../graphql';
import type { Role } from '../graphql/graphql';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useQuery } from '../use-query';
import { MachineIdentityDetail } from './MachineIdentityDetail';

const MachineIdentities = graphql(`
  query MachineIdentities($search: String) {
    machineIdentities(first: 100, search: $search) {
      totalCount
      edges {
        node { id name role disabled createdAt }
      }
    }
  }
`);

const CreateMachineIdentity = graphql(`
  mutation CreateMachineIdentity($input: CreateMachineIdentityInput!) {
    createMachineIdentity(input: $input) {
      __typename
      ... on MachineIdentityPayload { machineIdentity { id name } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const ROLES: Role[] = ['MEMBER', 'AUDITOR', 'ADMIN', 'OWNER'];

export function MachineIdentitiesPage({ identityId }: { identityId: string | null }) {
  if (identityId) return <MachineIdentityDetail id={identityId} />;
  return <MachineIdentityList />;
}

function MachineIdentityList() {
  const { run } = useSession();
  const [search, setSearch] = useListSearch();
  const list = useQuery(MachineIdentities, { search: search || null });
  const { failure, onSubmit } = useMutationForm();

  const create = onSubmit(async (form) => {
    const { createMachineIdentity: result } = await run(CreateMachineIdentity, {
      input: { name: String(form.get('name') ?? ''), role: String(form.get('role')) as Role },
    });
    if (result.__typename === 'MachineIdentityPayload')
      navigate(`/identities/${encodeURIComponent(result.machineIdentity.id)}`);
    return typedError(result);
  });

  const identities = list.data?.machineIdentities;
  return (
    <>
      <h2>Machine identities</h2>
      <p className="muted">
        Service accounts. Each one authenticates with tokens; open one to manage its tokens.
      </p>
      <form className="card form-grid" onSubmit={create} aria-label="Create a machine identity">
        <h3>New machine identity</h3>
        <label htmlFor="identity-name">Name</label>
        <input id="identity-name" name="name" placeholder="e.g. deploy-bot" />
        <label htmlFor="identity-role">Role</label>
        <select id="identity-role" name="role" defaultValue="MEMBER">
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role.toLowerCase()}
            </option>
          ))}
        </select>
        <div className="form-actions">
          <ResultError error={failure} />
          <button type="submit" className="primary">
            Create machine identity
          </button>
        </div>
      </form>

      <section className="card">
        <h3>Identities {identities ? <span className="count">{identities.totalCount}</span> : null}</h3>
        <SearchBox
          label="Search machine identities"
          hint="A name or part of one, or an id."
          value={search}
          onSearch={setSearch}
        />
        <ErrorNotice error={list.error} />
        {list.loading && !identities ? <Loading what="machine identities" /> : null}
        {identities && identities.edges.length === 0 ? (
          search ? (
            <NoMatches what="machine identities" text={search} />
          ) : (
            <p className="muted">No machine identities yet.</p>
          )
        ) : null}
        {identities && identities.edges.length > 0 ? (
          <ResponsiveTable label="Machine identities">
            <table>
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Role</th>
                  <th>Status</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {identities.edges.map(({ node }) => (
                  <tr key={node.id} data-testid="identity-row">
                    <td>
                      <Link to={`/identities/${encodeURIComponent(node.id)}`}>{node.name}</Link>
                    </td>
                    <td data-label="Role">{node.role.toLowerCase()}</td>
                    <td data-label="Status">
                      <StateBadge state={node.disabled ? 'DISABLED' : 'ACTIVE'} />
                    </td>
                    <td data-label="Created">{formatDate(node.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ResponsiveTable>
        ) : null}
        {identities ? <PartialList shown={identities.edges.length} total={identities.totalCount} /> : null}
      </section>
    </>
  );
}
