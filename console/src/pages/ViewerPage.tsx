import { formatDate } from '../components/format';
import { useSession } from '../session';

export function ViewerPage() {
  const { viewer } = useSession();
  if (!viewer) return null;
  const { credential } = viewer;
  return (
    <>
      <h2>Who am I</h2>
      <section className="card">
        <dl className="facts">
          <dt>Signed in as</dt>
          <dd data-testid="viewer-identity">
            {viewer.user ? (
              <>
                {viewer.user.name} &lt;{viewer.user.email}&gt;
              </>
            ) : (
              'a machine identity'
            )}
          </dd>
          <dt>Kind</dt>
          <dd>{viewer.kind === 'USER' ? 'person' : 'machine identity'}</dd>
          <dt>Organization</dt>
          <dd>{viewer.organization.name}</dd>
          <dt>Credential</dt>
          <dd>
            {credential.kind === 'PERSONAL_ACCESS_TOKEN'
              ? 'personal access token'
              : credential.kind.toLowerCase()}{' '}
            <code data-testid="viewer-credential-id">{credential.id}</code>
          </dd>
          <dt>Expires</dt>
          <dd>{formatDate(credential.expiresAt, 'never')}</dd>
          {credential.remainingUses != null ? (
            <>
              <dt>Uses left</dt>
              <dd>{credential.remainingUses}</dd>
            </>
          ) : null}
          <dt>Narrowed to</dt>
          <dd>
            {credential.scopes.length ? credential.scopes.join(', ') : 'all of its owner’s permissions'}
          </dd>
        </dl>
      </section>
      <section className="card">
        <h3>Permissions of this session</h3>
        <ul className="chips">
          {viewer.permissions.map((permission) => (
            <li key={permission}>{permission}</li>
          ))}
        </ul>
      </section>
    </>
  );
}
