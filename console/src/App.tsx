import { useEffect, useState } from 'react';
import { KeyIcon } from './components/KeyIcon';
import { ErrorNotice } from './components/Notices';
import { OrganizationSwitcher } from './components/OrganizationSwitcher';
import { SuspensionBanner } from './components/SuspensionBanner';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage';
import { AppKeysPage } from './pages/AppKeysPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { BulkRevokePage, REVOKE_PERMISSIONS } from './pages/BulkRevokePage';
import { ImportKeysPage } from './pages/ImportKeysPage';
import { MachineIdentitiesPage } from './pages/MachineIdentitiesPage';
import { MembersPage } from './pages/MembersPage';
import { OrganizationSettingsPage } from './pages/OrganizationSettingsPage';
import { PersonalAccessTokensPage } from './pages/PersonalAccessTokensPage';
import { SignInPage } from './pages/SignInPage';
import { ViewerPage } from './pages/ViewerPage';
import { Link, usePath } from './router';
import { useSession } from './session';

const NAVIGATION: {
  to: string;
  label: string;
  /** Shown to a viewer holding any of these; without, to everyone. */
  anyOf?: string[];
  /** Shown while the organization is suspended, when an owner can only resume it. */
  whileSuspended?: true;
}[] = [
  { to: '/', label: 'Who am I', whileSuspended: true },
  { to: '/identities', label: 'Machine identities' },
  { to: '/personal-access-tokens', label: 'Personal access tokens' },
  { to: '/app-keys', label: 'Application keys' },
  { to: '/import', label: 'Import keys' },
  { to: '/audit', label: 'Audit log' },
  { to: '/members', label: 'Members' },
  { to: '/revoke', label: 'Bulk revoke', anyOf: REVOKE_PERMISSIONS },
  { to: '/settings', label: 'Organization', whileSuspended: true },
];

function Page({ path }: { path: string }) {
  if (path === '/') return <ViewerPage />;
  if (path === '/personal-access-tokens') return <PersonalAccessTokensPage />;
  if (path === '/audit') return <AuditLogPage />;
  if (path === '/import') return <ImportKeysPage />;
  if (path === '/members') return <MembersPage />;
  if (path === '/settings') return <OrganizationSettingsPage />;
  if (path === '/revoke') return <BulkRevokePage />;
  if (path === '/identities') return <MachineIdentitiesPage identityId={null} />;
  const identity = /^\/identities\/([^/]+)$/.exec(path);
  if (identity) return <MachineIdentitiesPage identityId={decodeURIComponent(identity[1]!)} />;
  const appKeys = /^\/app-keys(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(path);
  if (appKeys) {
    const [, projectId, appId] = appKeys.map((part) => (part ? decodeURIComponent(part) : null));
    return <AppKeysPage projectId={projectId ?? null} appId={appId ?? null} />;
  }
  return (
    <>
      <h2>Not found</h2>
      <p>
        There is no page here. <Link to="/">Go to the start page.</Link>
      </p>
    </>
  );
}

export function App() {
  const { token, organizationId, viewer, viewerError, notice, clearNotice, signOut, refreshViewer } =
    useSession();
  const path = usePath();
  const [menuOpen, setMenuOpen] = useState(false);
  // A narrow screen shows the navigation as a menu; going to a page closes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: closes on every new path.
  useEffect(() => setMenuOpen(false), [path]);
  // Reached from an invitation link, signed in or not.
  if (path === '/accept') return <AcceptInvitationPage />;
  if (!token) return <SignInPage />;
  if (!viewer && viewerError) {
    return (
      <main className="sign-in">
        <ErrorNotice error={viewerError} />
        <button type="button" className="primary" onClick={() => void refreshViewer()}>
          Try again
        </button>{' '}
        <button type="button" onClick={() => signOut()}>
          Sign out
        </button>
      </main>
    );
  }
  if (!viewer) return <p className="muted centered">Checking your token…</p>;
  const suspended = viewer.organizations.some(
    (organization) => organization.current && organization.suspended,
  );
  const navigation = NAVIGATION.filter(
    (item) =>
      (!suspended || item.whileSuspended) &&
      (!item.anyOf || item.anyOf.some((permission) => viewer.permissions.includes(permission))),
  );
  return (
    <div className="layout">
      <header className={menuOpen ? 'menu-open' : undefined}>
        <span className="brand">
          <KeyIcon /> Keygate
        </span>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="console-navigation"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <nav id="console-navigation" aria-label="Console">
          {navigation.map((item) => (
            <Link key={item.to} to={item.to}>
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="who">
          <span data-testid="signed-in-as">{viewer.user?.email ?? 'machine identity'}</span>
          <OrganizationSwitcher />
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main>
        {suspended ? <SuspensionBanner /> : null}
        {notice ? (
          <p className="notice" role="status" data-testid="session-notice">
            {notice}{' '}
            <button type="button" onClick={clearNotice}>
              Dismiss
            </button>
          </p>
        ) : null}
        {/* A new path or organization mounts a new page: secrets shown on the last one go with its state. */}
        <Page key={`${organizationId ?? ''} ${path}`} path={path} />
      </main>
    </div>
  );
}
