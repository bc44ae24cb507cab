import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, isAbort, toApiError, type ApiError, type Me } from '../api.js';

export type Session =
  | { readonly state: 'loading' }
  | { readonly state: 'anonymous' }
  | { readonly state: 'signed-in'; readonly user: Me }
  /** The server could not say who the visitor is; the UI cannot decide what to show. */
  | { readonly state: 'unavailable'; readonly error: ApiError };

interface SessionContextValue {
  readonly session: Session;
  readonly reload: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export const SessionProvider = ({ children }: { readonly children: ReactNode }) => {
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setSession({ state: 'loading' });
    api.me(controller.signal).then(
      (user) => {
        setSession({ state: 'signed-in', user });
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        const apiError = toApiError(error);
        setSession(
          apiError.status === 401 ? { state: 'anonymous' } : { state: 'unavailable', error: apiError },
        );
      },
    );
    return () => {
      controller.abort();
    };
  }, [version]);

  const reload = useCallback(() => {
    setVersion((v) => v + 1);
  }, []);

  return <SessionContext value={{ session, reload }}>{children}</SessionContext>;
};

export const useSession = (): SessionContextValue => {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
};

/** The signed-in user, or null for an anonymous visitor (and while the session is still loading). */
export const useUser = (): Me | null => {
  const { session } = useSession();
  return session.state === 'signed-in' ? session.user : null;
};

/** For pages behind a route guard, which only renders them for a signed-in user. */
export const useSignedInUser = (): Me => {
  const user = useUser();
  if (user === null) throw new Error('useSignedInUser used on a page that is not behind <RequireAccess>');
  return user;
};
