import { useState } from 'react';
import { typedError } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { AuditEventsLink, StateCell } from '../components/CredentialCells';
import { formatDate, graceNote } from '../components/format';
import { ErrorNotice, type Failure, Loading, PartialList, ResultError } from '../components/Notices';
import { ResponsiveTable } from '../components/ResponsiveTable';
import { RotateControl } from '../components/RotateControl';
import { NoMatches, SearchBox, useListSearch } from '../components/SearchBox';
import { SecretReveal } from '../components/SecretReveal';
import { useMutationForm } from '../components/use-mutation-form';
import { graphql } from '../graphql';
import type { AppKeyFieldsFragment, CredentialState } from '../graphql/graphql';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useQuery } from '../use-query';

const Projects = graphql(`
  query Projects {
    projects(first: 50) {
      totalCount
      edges { node { id name createdAt } }
    }
  }
`);

const ProjectApplications = graphql(`
  query ProjectApplications($id: ID!, $search: String) {
    node(id: $id) {
      __typename
      ... on Project {
        id name
        applications(first: 50, search: $search) {
          totalCount
          edges { node { id name clientId createdAt } }
        }
      }
    }
  }
`);

const CreateProject = graphql(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      __typename
      ... on ProjectPayload { project { id name } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const CreateApplication = graphql(`
  mutation CreateApplication($input: CreateApplicationInput!) {
    createApplication(input: $input) {
      __typename
      ... on ApplicationPayload { application { id name } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

graphql(`
  fragment AppKeyFields on ApplicationKey {
    id keyId type algorithm state createdAt expirationDate lastUsedAt revokedAt
  }
`);

const AppKeys = graphql(`
  query AppKeys($projectId: ID!, $appId: ID!, $state: CredentialState, $search: String) {
    node(id: $appId) {
      __typename
      ... on Application { id name clientId project { id name } }
    }
    appKeys(projectId: $projectId, appId: $appId, first: 50, state: $state, search: $search) {
      totalCount
      edges { node { ...AppKeyFields } }
    }
  }
`);

const CreateAppKey = graphql(`
  mutation CreateAppKey($input: CreateAppKeyInput!) {
    createAppKey(input: $input) {
      __typename
      ... on CreateAppKeyPayload { keyDetails applicationKey { id } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const RevokeAppKey = graphql(`
  mutation RevokeAppKey($input: RevokeAppKeyInput!) {
    revokeAppKey(input: $input) {
      __typename
      ... on ApplicationKeyPayload { applicationKey { id state revokedAt } }
      ... on Error { code message }
    }
  }
`);

const RotateAppKey = graphql(`
  mutation RotateAppKey($input: RotateAppKeyInput!) {
    rotateAppKey(input: $input) {
      __typename
      ... on CreateAppKeyPayload { keyDetails applicationKey { id } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const DeleteAppKey = graphql(`
  mutation DeleteAppKey($input: DeleteAppKeyInput!) {
    deleteAppKey(input: $input) {
      __typename
      ... on DeletedPayload { deletedId }
      ... on Error { code message }
    }
  }
`);

const STATES: CredentialState[] = ['ACTIVE', 'EXPIRED', 'REVOKED'];

/** Projects, then a project's applications, then an application's keys: one small query per page. */
export function AppKeysPage({ projectId, appId }: { projectId: string | null; appId: string | null }) {
  if (projectId && appId) return <ApplicationKeys projectId={projectId} appId={appId} />;
  if (projectId) return <ProjectApplicationList projectId={projectId} />;
  return <ProjectList />;
}

function ProjectList() {
  const { run } = useSession();
  const list = useQuery(Projects, {});
  const { failure, onSubmit } = useMutationForm();

  const createProject = onSubmit(async (form) => {
    const name = String(form.get('name') ?? '');
    const { createProject: result } = await run(CreateProject, { input: { name } });
    if (result.__typename === 'ProjectPayload')
      navigate(`/app-keys/${encodeURIComponent(result.project.id)}`);
    return typedError(result);
  });

  const projects = list.data?.projects;
  return (
    <>
      <h2>Application keys</h2>
      <p className="muted">
        Applications belong to projects and authenticate with key pairs (JWT profile). Open a project, then an
        application, to manage its keys.
      </p>
      <form className="card form-grid" onSubmit={createProject} aria-label="Create a project">
        <h3>New project</h3>
        <label htmlFor="project-name">Name</label>
        <input id="project-name" name="name" placeholder="e.g. payments" />
        <div className="form-actions">
          <ResultError error={failure} />
          <button type="submit" className="primary">
            Create project
          </button>
        </div>
      </form>
      <section className="card">
        <h3>Projects {projects ? <span className="count">{projects.totalCount}</span> : null}</h3>
        <ErrorNotice error={list.error} />
        {list.loading && !projects ? <Loading what="projects" /> : null}
        {projects && projects.edges.length === 0 ? <p className="muted">No projects yet.</p> : null}
        {projects && projects.edges.length > 0 ? (
          <ResponsiveTable label="Projects">
            <table>
              <thead>
                <tr>
                  <th>Project</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {projects.edges.map(({ node: project }) => (
                  <tr key={project.id}>
                    <td>
                      <Link to={`/app-keys/${encodeURIComponent(project.id)}`}>{project.name}</Link>
                    </td>
                    <td data-label="Created">{formatDate(project.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ResponsiveTable>
        ) : null}
      </section>
    </>
  );
}

function ProjectApplicationList({ projectId }: { projectId: string }) {
  const { run } = useSession();
  const [search, setSearch] = useListSearch();
  const query = useQuery(ProjectApplications, { id: projectId, search: search || null });
  const { failure, onSubmit } = useMutationForm();

  const createApplication = onSubmit(async (form) => {
    const name = String(form.get('name') ?? '');
    const { createApplication: result } = await run(CreateApplication, { input: { projectId, name } });
    if (result.__typename === 'ApplicationPayload')
      navigate(`/app-keys/${encodeURIComponent(projectId)}/${encodeURIComponent(result.application.id)}`);
    return typedError(result);
  });

  if (query.loading && !query.data) return <Loading what="the project" />;
  if (query.error) return <ErrorNotice error={query.error} />;
  const project = query.data?.node?.__typename === 'Project' ? query.data.node : null;
  if (!project) {
    return (
      <>
        <p className="error" role="alert">
          This project does not exist, or you may not see it.
        </p>
        <Link to="/app-keys">Back to projects</Link>
      </>
    );
  }
  const applications = project.applications;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/app-keys">Application keys</Link> /
      </p>
      <h2>{project.name}</h2>
      <form className="card form-grid" onSubmit={createApplication} aria-label="Create an application">
        <h3>New application</h3>
        <label htmlFor="application-name">Name</label>
        <input id="application-name" name="name" placeholder="e.g. billing-worker" />
        <div className="form-actions">
          <ResultError error={failure} />
          <button type="submit" className="primary">
            Create application
          </button>
        </div>
      </form>
      <section className="card">
        <h3>
          Applications <span className="count">{applications.totalCount}</span>
        </h3>
        <SearchBox
          label="Search applications"
          hint="A name or part of one, the beginning of a client id, or an id."
          value={search}
          onSearch={setSearch}
        />
        {applications.edges.length === 0 ? (
          search ? (
            <NoMatches what="applications" text={search} />
          ) : (
            <p className="muted">No applications yet.</p>
          )
        ) : null}
        {applications.edges.length > 0 ? (
          <ResponsiveTable label="Applications">
            <table>
              <thead>
                <tr>
                  <th>Application</th>
                  <th>Client id</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {applications.edges.map(({ node: app }) => (
                  <tr key={app.id} data-testid="application-row">
                    <td>
                      <Link to={`/app-keys/${encodeURIComponent(project.id)}/${encodeURIComponent(app.id)}`}>
                        {app.name}
                      </Link>
                    </td>
                    <td data-label="Client id">
                      <code>{app.clientId}</code>
                    </td>
                    <td data-label="Created">{formatDate(app.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ResponsiveTable>
        ) : null}
      </section>
    </>
  );
}

function ApplicationKeys({ projectId, appId }: { projectId: string; appId: string }) {
  const { run, viewer } = useSession();
  const [state, setState] = useState<CredentialState | null>(null);
  const [search, setSearch] = useListSearch();
  const query = useQuery(AppKeys, { projectId, appId, state, search: search || null });
  const [keyFile, setKeyFile] = useState<{ details: string; note?: string } | null>(null);
  const { failure, onSubmit } = useMutationForm();

  const create = onSubmit(async (form) => {
    const days = Number(form.get('lifetime'));
    setKeyFile(null);
    const { createAppKey: result } = await run(CreateAppKey, {
      input: {
        projectId,
        appId,
        type: 'JSON',
        ...(days ? { expirationDate: new Date(Date.now() + days * 86_400_000).toISOString() } : {}),
      },
    });
    if (result.__typename !== 'CreateAppKeyPayload') return typedError(result);
    setKeyFile({ details: result.keyDetails });
    query.reload();
    return null;
  });

  // The first load shows a placeholder; a reload (a filter, a change) keeps the last answer on screen.
  if (query.loading && !query.data) return <Loading what="application keys" />;
  if (query.error && !query.data) return <ErrorNotice error={query.error} />;
  const app = query.data?.node?.__typename === 'Application' ? query.data.node : null;
  const keys = query.data?.appKeys;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/app-keys">Application keys</Link> /{' '}
        <Link to={`/app-keys/${encodeURIComponent(projectId)}`}>{app?.project.name ?? 'project'}</Link> /
      </p>
      <h2>{app?.name ?? 'Application'}</h2>
      {app ? (
        <p className="muted">
          Client id <code>{app.clientId}</code>
        </p>
      ) : null}
      {keyFile ? (
        <SecretReveal
          label="the key file"
          secret={keyFile.details}
          kept="only the public key"
          downloadName={`${app?.name ?? 'application'}-key.json`}
          note={keyFile.note}
          onDismiss={() => setKeyFile(null)}
        />
      ) : null}
      <form className="card form-grid" onSubmit={create} aria-label="Create an application key">
        <h3>New key</h3>
        <label htmlFor="key-lifetime">Expires in</label>
        <select id="key-lifetime" name="lifetime" defaultValue={0}>
          <option value={0}>the organization’s default</option>
          <option value={30}>30 days</option>
          <option value={365}>1 year</option>
        </select>
        <div className="form-actions">
          <ResultError error={failure} />
          <button type="submit" className="primary">
            Create key
          </button>
        </div>
      </form>
      <section className="card">
        <div className="card-heading">
          <h3>Keys {keys ? <span className="count">{keys.totalCount}</span> : null}</h3>
          <label className="inline-label">
            Show
            <select
              value={state ?? ''}
              onChange={(event) => setState((event.target.value || null) as CredentialState | null)}
            >
              <option value="">all keys</option>
              {STATES.map((value) => (
                <option key={value} value={value}>
                  {value.toLowerCase()} only
                </option>
              ))}
            </select>
          </label>
        </div>
        <SearchBox
          label="Search keys"
          hint="A key id, or its first 8 characters or more."
          value={search}
          onSearch={setSearch}
        />
        <ErrorNotice error={query.error} />
        {keys && keys.edges.length === 0 ? (
          search ? (
            <NoMatches what={state ? `${state.toLowerCase()} keys` : 'keys'} text={search} />
          ) : (
            <p className="muted">{state ? `No ${state.toLowerCase()} keys.` : 'No keys yet.'}</p>
          )
        ) : null}
        {keys && keys.edges.length > 0 ? (
          <ResponsiveTable label="Keys">
            <table>
              <thead>
                <tr>
                  <th>Key</th>
                  <th>State</th>
                  <th>Created</th>
                  <th>Expires</th>
                  <th>Last used</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {keys.edges.map(({ node: key }) => (
                  <KeyRow
                    key={key.id}
                    appKey={key}
                    canReadAudit={viewer?.permissions.includes('audit:read') ?? false}
                    onChanged={query.reload}
                    onKeyFile={(details, note) => setKeyFile({ details, note })}
                  />
                ))}
              </tbody>
            </table>
          </ResponsiveTable>
        ) : null}
        {keys ? <PartialList shown={keys.edges.length} total={keys.totalCount} /> : null}
      </section>
    </>
  );
}

/**
 * One key and what can be done to it. A key has no name to change and is never renewed: a key pair is
 * replaced by rotation (the new one expires when the old one would have), not extended.
 */
function KeyRow({
  appKey: key,
  canReadAudit,
  onChanged,
  onKeyFile,
}: {
  appKey: AppKeyFieldsFragment;
  canReadAudit: boolean;
  onChanged(): void;
  onKeyFile(details: string, note: string): void;
}) {
  const { run } = useSession();
  const [grace, setGrace] = useState(0);
  const { failure, submit } = useMutationForm();

  const act = async (work: () => Promise<Failure>) => {
    if (await submit(work)) onChanged();
  };
  const rotate = () =>
    act(async () => {
      const { rotateAppKey: result } = await run(RotateAppKey, {
        input: { id: key.id, gracePeriodSeconds: grace },
      });
      if (result.__typename === 'CreateAppKeyPayload') {
        onKeyFile(result.keyDetails, graceNote(grace, `The old key ${key.keyId}`));
      }
      return typedError(result);
    });
  const revoke = () =>
    act(async () => typedError((await run(RevokeAppKey, { input: { id: key.id } })).revokeAppKey));
  const remove = () =>
    act(async () => typedError((await run(DeleteAppKey, { input: { id: key.id } })).deleteAppKey));

  const active = key.state === 'ACTIVE';
  return (
    <tr data-testid="key-row" data-key-id={key.keyId}>
      <td>
        <code>{key.keyId}</code>
        <div className="muted small">
          {key.type} · {key.algorithm}
        </div>
        <ResultError error={failure} />
        <AuditEventsLink targetId={key.id} show={canReadAudit} />
      </td>
      <StateCell state={key.state} revokedAt={key.revokedAt} />
      <td data-label="Created">{formatDate(key.createdAt)}</td>
      <td data-label="Expires" title={key.expirationDate} data-testid="key-expires">
        {formatDate(key.expirationDate)}
      </td>
      <td data-label="Last used">{formatDate(key.lastUsedAt, 'never')}</td>
      <td data-label="Actions" className="actions">
        {active ? (
          <RotateControl noun="key" grace={grace} onGraceChange={setGrace} onRotate={rotate} />
        ) : null}
        {active ? <ConfirmButton label="Revoke" confirmLabel="Revoke for good" onConfirm={revoke} /> : null}
        <ConfirmButton label="Delete" confirmLabel="Delete for good" onConfirm={remove} />
      </td>
    </tr>
  );
}
