import { useState } from 'react';
import { typedError } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { Field } from '../components/Field';
import { plural } from '../components/format';
import { ErrorNotice, type Failure, formLevel, ResultError } from '../components/Notices';
import { useMutationForm } from '../components/use-mutation-form';
import { graphql } from '../graphql';
import type { CredentialKind, RevokeCredentialsFilter, RevokedCountsFragment } from '../graphql/graphql';
import { useSession } from '../session';
import { useQuery } from '../use-query';

/** Permissions any one of which revokes some kind of credential (revokeCredentials checks each kind). */
export const REVOKE_PERMISSIONS = ['pat:delete', 'token:revoke', 'appkey:revoke'];

graphql(`
  fragment RevokedCounts on RevokeCredentialsPayload {
    dryRun personalAccessTokens tokens applicationKeys total remaining
  }
`);

const RevokeCredentials = graphql(`
  mutation RevokeCredentials($input: RevokeCredentialsInput!) {
    revokeCredentials(input: $input) {
      __typename
      ... on RevokeCredentialsPayload { ...RevokedCounts }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const RevocationMembers = graphql(`
  query RevocationMembers {
    members(first: 100) { totalCount edges { node { id name user { email } } } }
  }
`);

const RevocationIdentities = graphql(`
  query RevocationIdentities {
    machineIdentities(first: 100) { totalCount edges { node { id name } } }
  }
`);

const RevocationProjects = graphql(`
  query RevocationProjects {
    projects(first: 100) { totalCount edges { node { id name } } }
  }
`);

const KINDS: { value: CredentialKind; label: string; permission: string }[] = [
  { value: 'PERSONAL_ACCESS_TOKEN', label: 'Personal access tokens', permission: 'pat:delete' },
  { value: 'TOKEN', label: 'Machine identity tokens', permission: 'token:revoke' },
  { value: 'APPLICATION_KEY', label: 'Application keys', permission: 'appkey:revoke' },
];

const FILTER_FIELDS = [
  'kinds',
  'memberId',
  'identityId',
  'projectId',
  'search',
  'createdBefore',
  'lastUsedBefore',
  'all',
  'reason',
] as const;

interface Request {
  filter: RevokeCredentialsFilter;
  reason: string | null;
}

/** The filter as revokeCredentials takes it, from the form's fields: what is left empty is no criterion. */
function requestOf(form: FormData): Request {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const date = (name: string) => (text(name) ? new Date(text(name)).toISOString() : null);
  const kinds = form.getAll('kinds').map(String) as CredentialKind[];
  const filter: RevokeCredentialsFilter = {
    ...(kinds.length ? { kinds } : {}),
    ...(text('memberId') ? { memberId: text('memberId') } : {}),
    ...(text('identityId') ? { identityId: text('identityId') } : {}),
    ...(text('projectId') ? { projectId: text('projectId') } : {}),
    ...(text('search') ? { search: text('search') } : {}),
    ...(date('createdBefore') ? { createdBefore: date('createdBefore') } : {}),
    ...(date('lastUsedBefore') ? { lastUsedBefore: date('lastUsedBefore') } : {}),
    ...(form.get('all') ? { all: true } : {}),
  };
  return { filter, reason: text('reason') || null };
}

/**
 * Incident response: revoke at once every live credential a filter selects (a member's, a machine
 * identity's, a project's, or by search and dates). A preview (a dry run) says how many of each kind
 * would go; only then can they be revoked, with the filter that was previewed.
 */
export function BulkRevokePage() {
  const { viewer, run } = useSession();
  const may = (permission: string) => viewer?.permissions.includes(permission) ?? false;
  const members = useQuery(RevocationMembers, {}, { skip: !may('member:read') });
  const identities = useQuery(RevocationIdentities, {}, { skip: !may('identity:read') });
  const projects = useQuery(RevocationProjects, {}, { skip: !may('project:read') });
  const form = useMutationForm();
  const [preview, setPreview] = useState<{ request: Request; counts: RevokedCountsFragment } | null>(null);
  const [revoked, setRevoked] = useState<RevokedCountsFragment | null>(null);

  const send = async (
    request: Request,
    dryRun: boolean,
  ): Promise<{ counts: RevokedCountsFragment } | { failure: Failure }> => {
    const { revokeCredentials: result } = await run(RevokeCredentials, {
      input: { ...request, dryRun },
    });
    return result.__typename === 'RevokeCredentialsPayload'
      ? { counts: result }
      : { failure: typedError(result) };
  };

  const previewRevocation = form.onSubmit(async (fields) => {
    setPreview(null);
    setRevoked(null);
    const request = requestOf(fields);
    const answer = await send(request, true);
    if ('failure' in answer) return answer.failure;
    setPreview({ request, counts: answer.counts });
    return null;
  });

  const revoke = (request: Request) =>
    form.submit(async () => {
      const answer = await send(request, false);
      if ('failure' in answer) return answer.failure;
      setPreview(null);
      setRevoked(answer.counts);
      return null;
    });

  const failure = form.failure;
  const memberList = members.data?.members;
  const identityList = identities.data?.machineIdentities;
  const projectList = projects.data?.projects;
  return (
    <>
      <h2>Bulk revoke</h2>
      <p className="muted">
        For an incident: end at once every live credential of {viewer?.organization.name} that a filter
        selects. Preview first to see how many would go; every criterion you give must hold.
      </p>
      <ErrorNotice error={members.error ?? identities.error ?? projects.error} />

      <form
        className="card form-grid"
        aria-label="Bulk revoke filter"
        onSubmit={previewRevocation}
        // Another filter than the one previewed needs its own preview.
        onChange={() => {
          setPreview(null);
          setRevoked(null);
        }}
      >
        <h3>Which credentials</h3>
        <Field
          label="Kinds"
          field="kinds"
          failure={failure}
          group
          hint="None ticked: every kind the other criteria select."
        >
          {(control) => (
            <span className="checkboxes" id={control.id}>
              {KINDS.filter((kind) => may(kind.permission)).map((kind) => (
                <label key={kind.value}>
                  <input type="checkbox" name="kinds" value={kind.value} /> {kind.label}
                </label>
              ))}
            </span>
          )}
        </Field>
        {memberList ? (
          <Field label="Member" field="memberId" failure={failure} hint="Their personal access tokens.">
            {(control) => (
              <select {...control} name="memberId" defaultValue="">
                <option value="">any member</option>
                {memberList.edges.map(({ node }) => (
                  <option key={node.id} value={node.id}>
                    {node.name} ({node.user.email})
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {identityList ? (
          <Field label="Machine identity" field="identityId" failure={failure} hint="Its tokens.">
            {(control) => (
              <select {...control} name="identityId" defaultValue="">
                <option value="">any machine identity</option>
                {identityList.edges.map(({ node }) => (
                  <option key={node.id} value={node.id}>
                    {node.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {projectList ? (
          <Field label="Project" field="projectId" failure={failure} hint="Its applications' keys.">
            {(control) => (
              <select {...control} name="projectId" defaultValue="">
                <option value="">any project</option>
                {projectList.edges.map(({ node }) => (
                  <option key={node.id} value={node.id}>
                    {node.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field
          label="Search"
          field="search"
          failure={failure}
          hint="A name (a personal access token's description) that contains it, or an id; application keys by id only."
        >
          {(control) => <input {...control} name="search" autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label="Created before" field="createdBefore" failure={failure}>
          {(control) => <input {...control} name="createdBefore" type="datetime-local" step={1} />}
        </Field>
        <Field
          label="Last used before"
          field="lastUsedBefore"
          failure={failure}
          hint="Or never used and created before then."
        >
          {(control) => <input {...control} name="lastUsedBefore" type="datetime-local" step={1} />}
        </Field>
        <Field label="Everything" field="all" failure={failure}>
          {(control) => (
            <span className="check">
              <input {...control} type="checkbox" name="all" value="true" />
              <span className="hint">
                every live credential of the kinds, when nothing else narrows the filter
              </span>
            </span>
          )}
        </Field>
        <Field label="Reason" field="reason" failure={failure} hint="For the audit log: what happened.">
          {(control) => <input {...control} name="reason" autoComplete="off" />}
        </Field>
        <div className="form-actions">
          {preview ? null : <ResultError error={formLevel(failure, FILTER_FIELDS)} />}
          <button type="submit" className="primary" disabled={form.busy}>
            Preview
          </button>
        </div>
      </form>

      {preview ? (
        <section className="card" aria-labelledby="preview-heading" data-testid="revocation-preview">
          <h3 id="preview-heading">
            {preview.counts.total === 0
              ? 'Nothing to revoke'
              : `${plural(preview.counts.total, 'credential')} would be revoked`}
          </h3>
          <Counts counts={preview.counts} />
          {preview.counts.remaining > 0 ? (
            <p className="notice" data-testid="remaining">
              {plural(preview.counts.remaining, 'more credential')} match beyond this batch: at most 1000 are
              revoked at a time. Preview and revoke again for the rest.
            </p>
          ) : null}
          <ResultError error={formLevel(failure, [])} />
          {preview.counts.total > 0 ? (
            <ConfirmButton
              label={`Revoke ${plural(preview.counts.total, 'credential')}`}
              confirmLabel="Revoke them now: they stop working at once"
              disabled={form.busy}
              onConfirm={() => void revoke(preview.request)}
            />
          ) : null}
        </section>
      ) : null}

      {revoked ? (
        <section className="card" aria-labelledby="revoked-heading" data-testid="revocation-result">
          <h3 id="revoked-heading">Revoked {plural(revoked.total, 'credential')}</h3>
          <p className="ok" role="status">
            They stopped working at once, everywhere; the audit log has an event for each.
          </p>
          <Counts counts={revoked} />
          {revoked.remaining > 0 ? (
            <p className="notice" data-testid="remaining">
              {plural(revoked.remaining, 'more credential')} still match: preview again to revoke the next
              batch.
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

function Counts({ counts }: { counts: RevokedCountsFragment }) {
  return (
    <dl className="facts" data-testid="revocation-counts">
      <dt>Personal access tokens</dt>
      <dd>{counts.personalAccessTokens}</dd>
      <dt>Machine identity tokens</dt>
      <dd>{counts.tokens}</dd>
      <dt>Application keys</dt>
      <dd>{counts.applicationKeys}</dd>
    </dl>
  );
}
