import { useEffect, useId, useState } from 'react';
import { ApiError, typedError } from '../api';
import { graphql } from '../graphql';
import { navigate, usePath } from '../router';
import { useSession, type ViewerOrganization } from '../session';
import { Field } from './Field';
import { formLevel, ResultError } from './Notices';
import { useMutationForm } from './use-mutation-form';

const CreateOrganization = graphql(`
  mutation CreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      __typename
      ... on CreateOrganizationPayload { organization { id name role } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const CREATE_FIELDS = ['name'] as const;

/**
 * The organization the console acts in, in the header: the ones the token may act in, each with the role
 * held there, to switch to; and a form to create one. A token bound to one organization lists only it.
 */
export function OrganizationSwitcher() {
  const { viewer, switchOrganization } = useSession();
  const path = usePath();
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [switching, setSwitching] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: closes on every new path.
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  if (!viewer) return null;
  const canCreate = viewer.kind === 'USER' && viewer.permissions.includes('organization:create');

  const choose = async (organization: ViewerOrganization) => {
    if (organization.current) {
      setOpen(false);
      return;
    }
    setFailure(null);
    setSwitching(organization.id);
    try {
      await switchOrganization(organization.id);
      setOpen(false);
      // An object's page (an identity, a project) belongs to the organization left: go to its list.
      const list = path.split('/').slice(0, 2).join('/') || '/';
      if (list !== path) navigate(list);
    } catch (error) {
      setFailure(switchRefusal(organization, error));
    } finally {
      setSwitching(null);
    }
  };

  return (
    <div className="org-switcher">
      <button
        type="button"
        className="org-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Organization: ${viewer.organization.name}. Switch or create one`}
        onClick={() => setOpen((shown) => !shown)}
      >
        <span className="org-name" data-testid="current-organization">
          {viewer.organization.name}
        </span>
        <span aria-hidden="true"> ▾</span>
      </button>
      {open ? (
        <section id={panelId} className="org-panel" aria-label="Organizations">
          <h3>Your organizations</h3>
          <ul className="org-list">
            {viewer.organizations.map((organization) => (
              <li key={organization.id}>
                <button
                  type="button"
                  className="org-option"
                  data-testid="organization-option"
                  aria-current={organization.current ? 'true' : undefined}
                  disabled={switching !== null}
                  onClick={() => void choose(organization)}
                >
                  <span className="org-name">{organization.name}</span>
                  <span className="badge">{organization.role.toLowerCase()}</span>
                  {organization.suspended ? <span className="badge state-suspended">suspended</span> : null}
                  {organization.current ? <span className="badge current">current</span> : null}
                </button>
              </li>
            ))}
          </ul>
          {failure ? (
            <p className="error" role="alert">
              {failure.message}
            </p>
          ) : null}
          {canCreate ? <CreateOrganizationForm onDone={() => setOpen(false)} /> : null}
        </section>
      ) : null}
    </div>
  );
}

/** Why the console could not act in `organization`, in words for it rather than for the whole session. */
function switchRefusal(organization: ViewerOrganization, error: unknown): ApiError {
  if (!(error instanceof ApiError)) return new ApiError(String(error), 'CLIENT_ERROR');
  if (error.code === 'UNAUTHENTICATED' && organization.suspended) {
    return new ApiError(
      `${organization.name} is suspended: only its owners can act in it, to resume it.`,
      error.code,
      error.requestId,
    );
  }
  if (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN') {
    return new ApiError(
      `Keygate does not let the token you signed in with act in ${organization.name}.`,
      error.code,
      error.requestId,
    );
  }
  return error;
}

function CreateOrganizationForm({ onDone }: { onDone(): void }) {
  const { run, switchOrganization, viewer } = useSession();
  const { failure, busy, onSubmit } = useMutationForm();
  const [created, setCreated] = useState<string | null>(null);

  const create = onSubmit(async (form, element) => {
    setCreated(null);
    const { createOrganization: result } = await run(CreateOrganization, {
      input: { name: String(form.get('name') ?? '').trim() },
    });
    if (result.__typename !== 'CreateOrganizationPayload') return typedError(result);
    element.reset();
    try {
      await switchOrganization(result.organization.id);
      onDone();
    } catch {
      // A token bound to one organization may not act in the new one.
      setCreated(
        `${result.organization.name} is created and you own it, but the token you signed in with acts ` +
          `only in ${viewer?.organization.name}: sign in with a token that is not bound to it to act there.`,
      );
    }
    return null;
  });

  return (
    <form className="form-grid org-create" onSubmit={create} aria-label="Create an organization">
      <h3>Create organization</h3>
      <Field label="Name" field="name" failure={failure} hint="You will be its owner.">
        {(control) => <input {...control} name="name" autoComplete="off" />}
      </Field>
      <div className="form-actions">
        <ResultError error={formLevel(failure, CREATE_FIELDS)} />
        {created ? (
          <p className="ok" role="status">
            {created}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          Create organization
        </button>
      </div>
    </form>
  );
}
