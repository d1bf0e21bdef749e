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
      credential { id kind expiresAt scopes remainingUses }
      permissions
    }
  }
`);

export type Viewer = SessionViewerQuery['viewer'];

/** Kept for the browser tab only: sessionStorage, never localStorage or a cookie. */
const TOKEN_KEY = 'keygate.console.token';

export const SESSION_ENDED =
  'Your session ended: Keygate no longer accepts the token you signed in with (it was revoked, deleted or has expired). Sign in again.';

interface Session {
  token: string | null;
  viewer: Viewer | null;
  /** Why the last session ended, for the sign-in page. */
  notice: string | null;
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
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [viewerError, setViewerError] = useState<ApiError | null>(null);

  const signOut = useCallback((why?: string) => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
    setViewer(null);
    setNotice(why ?? null);
  }, []);

  const run = useCallback(
    async <TResult, TVariables>(
      document: TypedDocumentString<TResult, TVariables>,
      variables: TVariables,
    ) => {
      try {
        return await execute(document, variables, token);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'UNAUTHENTICATED' && token) signOut(SESSION_ENDED);
        throw error;
      }
    },
    [token, signOut],
  );

  const signIn = useCallback(async (candidate: string) => {
    const trimmed = candidate.trim();
    if (!trimmed) throw new ApiError('Paste a token first.', 'EMPTY');
    const { viewer: signedIn } = await execute(SessionViewer, {}, trimmed);
    sessionStorage.setItem(TOKEN_KEY, trimmed);
    setToken(trimmed);
    setViewer(signedIn);
    setNotice(null);
  }, []);

  const refreshViewer = useCallback(async () => {
    if (!token) return;
    setViewerError(null);
    try {
      const data = await run(SessionViewer, {});
      setViewer(data.viewer);
    } catch (error) {
      setViewerError(error instanceof ApiError ? error : new ApiError(String(error), 'CLIENT_ERROR'));
    }
  }, [token, run]);

  // A reload keeps the token (sessionStorage) but not the viewer: ask again who it is.
  useEffect(() => {
    if (token && !viewer) void refreshViewer();
  }, [token, viewer, refreshViewer]);

  const value = useMemo(
    () => ({ token, viewer, notice, viewerError, signIn, signOut, run, refreshViewer }),
    [token, viewer, notice, viewerError, signIn, signOut, run, refreshViewer],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
