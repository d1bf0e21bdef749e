import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, execute } from './api';
import { graphql } from './graphql';
import type { SessionViewerQuery, TypedDocumentString } from './graphql/graphql';

const SessionViewer = graphql(`
  query SessionViewer {
    viewer {
      kind
      user { id name email }
      organization { id name }
      organizations { id name role suspended current }
      credential { id kind expiresAt scopes remainingUses }
      permissions
    }
  }
`);

export type Viewer = SessionViewerQuery['viewer'];
export type ViewerOrganization = Viewer['organizations'][number];

/** Kept for the browser tab only: sessionStorage, never localStorage or a cookie. */
const TOKEN_KEY = 'keygate.console.token';
/** The organization the console acts in when not the token's own (its global id), kept like the token. */
const ORGANIZATION_KEY = 'keygate.console.organization';

export const SESSION_ENDED =
  'Your session ended: Keygate no longer accepts the token you signed in with (it was revoked, deleted or has expired). Sign in again.';

interface Session {
  token: string | null;
  /** The organization every request acts in (X-Keygate-Organization); null: the token's own. */
  organizationId: string | null;
  viewer: Viewer | null;
  /** Why the last session ended, for the sign-in page; or, signed in, what just happened to it. */
  notice: string | null;
  clearNotice(): void;
  /** Why the viewer could not be loaded for a kept token (Keygate unreachable, say). */
  viewerError: ApiError | null;
  signIn(token: string): Promise<void>;
  signOut(notice?: string): void;
  /** Runs an operation with the session's token; a token Keygate refuses ends the session. */
  run<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
  ): Promise<TResult>;
  refreshViewer(): Promise<void>;
  /** Acts in another organization from now on, once Keygate has let the token in there; throws if not. */
  switchOrganization(organizationId: string): Promise<void>;
  /**
   * After the organization the console acted in was deleted: goes on in the token's own organization or
   * another one it may act in, or, when there is none, signs out saying why.
   */
  leaveDeletedOrganization(deleted: { id: string; name: string }): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const [organizationId, setOrganizationId] = useState<string | null>(() =>
    sessionStorage.getItem(ORGANIZATION_KEY),
  );
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [viewerError, setViewerError] = useState<ApiError | null>(null);

  /** Acts in `id` (null: the token's own organization) as `signedIn`, whom Keygate answered there. */
  const adopt = useCallback((id: string | null, signedIn: Viewer) => {
    if (id) sessionStorage.setItem(ORGANIZATION_KEY, id);
    else sessionStorage.removeItem(ORGANIZATION_KEY);
    setOrganizationId(id);
    setViewer(signedIn);
  }, []);

  const signOut = useCallback((why?: string) => {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(ORGANIZATION_KEY);
    setToken(null);
    setOrganizationId(null);
    setViewer(null);
    setNotice(why ?? null);
  }, []);

  const run = useCallback(
    async <TResult, TVariables>(
      document: TypedDocumentString<TResult, TVariables>,
      variables: TVariables,
    ) => {
      try {
        return await execute(document, variables, token, organizationId);
      } catch (error) {
        if (
          error instanceof ApiError &&
          error.callerRefused &&
          token &&
          (organizationId || error.code === 'UNAUTHENTICATED')
        ) {
          // Refused in the organization switched to (suspended or deleted meanwhile, say) while the token
          // still works in its own: back there, with a word why, rather than a sign-out.
          const own = organizationId
            ? await execute(SessionViewer, {}, token).then(
                (answer) => answer.viewer,
                () => null,
              )
            : null;
          if (own) {
            adopt(null, own);
            setNotice(
              `Keygate no longer accepts your token in the organization you switched to (it may have been suspended or deleted). The console now acts in ${own.organization.name}.`,
            );
          } else if (error.code === 'UNAUTHENTICATED') {
            signOut(SESSION_ENDED);
          }
        }
        throw error;
      }
    },
    [token, organizationId, signOut, adopt],
  );

  const signIn = useCallback(
    async (candidate: string) => {
      const trimmed = candidate.trim();
      if (!trimmed) throw new ApiError('Paste a token first.', 'EMPTY');
      const { viewer: signedIn } = await execute(SessionViewer, {}, trimmed);
      sessionStorage.setItem(TOKEN_KEY, trimmed);
      setToken(trimmed);
      adopt(null, signedIn);
      setNotice(null);
    },
    [adopt],
  );

  const refreshViewer = useCallback(async () => {
    if (!token) return;
    setViewerError(null);
    try {
      const data = await run(SessionViewer, {});
      setViewer(data.viewer);
    } catch (error) {
      // The organization kept for this tab is no longer one the token may act in: back to its own.
      if (
        error instanceof ApiError &&
        organizationId &&
        ['FORBIDDEN', 'UNAUTHENTICATED'].includes(error.code)
      ) {
        try {
          adopt(null, (await execute(SessionViewer, {}, token)).viewer);
          return;
        } catch {
          // What the first refusal says is the more useful one.
        }
      }
      setViewerError(error instanceof ApiError ? error : new ApiError(String(error), 'CLIENT_ERROR'));
    }
  }, [token, organizationId, run, adopt]);

  const switchOrganization = useCallback(
    async (id: string) => {
      const { viewer: there } = await execute(SessionViewer, {}, token, id);
      adopt(id, there);
      setNotice(null);
    },
    [token, adopt],
  );

  const leaveDeletedOrganization = useCallback(
    async (deleted: { id: string; name: string }) => {
      const others = (viewer?.organizations ?? []).filter((o) => o.id !== deleted.id).map((o) => o.id);
      // The token's own organization first (no header), then the others it belongs to.
      for (const candidate of [null, ...others]) {
        try {
          const { viewer: there } = await execute(SessionViewer, {}, token, candidate);
          if (there.organization.id === deleted.id) continue;
          adopt(candidate, there);
          setNotice(`${deleted.name} was deleted. The console now acts in ${there.organization.name}.`);
          return;
        } catch {
          // Not one the token may act in (its own organization was the deleted one, say): try the next.
        }
      }
      signOut(
        `${deleted.name} was deleted, and the token you signed in with acted only there: it no longer works. ` +
          'Sign in with a token of another organization.',
      );
    },
    [token, viewer, adopt, signOut],
  );

  const clearNotice = useCallback(() => setNotice(null), []);

  // A reload keeps the token (sessionStorage) but not the viewer: ask again who it is.
  useEffect(() => {
    if (token && !viewer) void refreshViewer();
  }, [token, viewer, refreshViewer]);

  const value = useMemo(
    () => ({
      token,
      organizationId,
      viewer,
      notice,
      clearNotice,
      viewerError,
      signIn,
      signOut,
      run,
      refreshViewer,
      switchOrganization,
      leaveDeletedOrganization,
    }),
    [
      token,
      organizationId,
      viewer,
      notice,
      clearNotice,
      viewerError,
      signIn,
      signOut,
      run,
      refreshViewer,
      switchOrganization,
      leaveDeletedOrganization,
    ],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
