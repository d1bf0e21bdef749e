import { graphql } from '../graphql';
import { Link } from '../router';
import { useSession } from '../session';
import { useQuery } from '../use-query';
import { formatDate } from './format';

const OrganizationSuspension = graphql(`
  query OrganizationSuspension {
    viewer { organization { id suspendedAt suspendedReason } }
  }
`);

/** On every page while the organization is suspended: since when, why, and what is left to do. */
export function SuspensionBanner() {
  const { viewer } = useSession();
  const canResume = viewer?.permissions.includes('organization:resume') ?? false;
  // When and why are for those who may read the organization, or resume it.
  const canRead = canResume || (viewer?.permissions.includes('organization:read') ?? false);
  const details = useQuery(OrganizationSuspension, {}, { skip: !canRead });
  const organization = details.data?.viewer.organization;
  return (
    <div className="banner suspended" role="status" data-testid="suspension-banner">
      <strong>{viewer?.organization.name} is suspended</strong>
      {organization?.suspendedAt ? ` since ${formatDate(organization.suspendedAt)}` : ''}: none of its
      credentials works until an owner resumes it; nothing has been revoked.
      {organization?.suspendedReason ? (
        <>
          {' '}
          Reason: <q>{organization.suspendedReason}</q>.
        </>
      ) : null}
      {canResume ? (
        <>
          {' '}
          While it is suspended you can only resume it: <Link to="/settings">Resume it in the settings</Link>.
        </>
      ) : null}
    </div>
  );
}
