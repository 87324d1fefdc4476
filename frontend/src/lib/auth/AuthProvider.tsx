import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

import { api, tokens, unwrap } from "@/lib/api/client";
import type { TokenPair } from "@/lib/auth/tokens";
import { changeLocale, isLocale } from "@/lib/i18n";
import type { Me } from "@/lib/permissions";

interface AuthContextValue {
  me: Me | undefined;
  /** True until we know whether a stored session is still valid. */
  loading: boolean;
  signedIn: boolean;
  /** The session ended by itself (refresh refused: expired, revoked), not by signing out. */
  sessionExpired: boolean;
  startSession: (pair: TokenPair) => Promise<Me>;
  signOut: () => Promise<void>;
  refreshMe: () => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);
export const ME_KEY = ["me"] as const;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [signedIn, setSignedIn] = useState(tokens.hasSession);
  const [sessionExpired, setSessionExpired] = useState(false);
  const signingOut = useRef(false);

  useEffect(
    () =>
      tokens.subscribe((now) => {
        setSignedIn(now);
        setSessionExpired(!now && !signingOut.current);
        signingOut.current = false;
        // Session over (logout, refresh refused): nothing of the last user stays cached.
        if (!now) queryClient.clear();
      }),
    [queryClient],
  );

  const meQuery = useQuery({
    queryKey: ME_KEY,
    queryFn: () => unwrap(api.GET("/api/v1/me")),
    enabled: signedIn,
    staleTime: 60_000,
    retry: false,
  });

  useEffect(() => {
    const locale = meQuery.data?.user.locale;
    if (isLocale(locale)) void changeLocale(locale);
  }, [meQuery.data?.user.locale]);

  const startSession = useCallback(
    async (pair: TokenPair) => {
      tokens.set(pair);
      return queryClient.fetchQuery({ queryKey: ME_KEY, queryFn: () => unwrap(api.GET("/api/v1/me")) });
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    signingOut.current = true;
    const refreshToken = tokens.refreshToken;
    if (refreshToken) {
      await api.POST("/api/v1/auth/logout", { body: { refresh_token: refreshToken } }).catch(() => undefined);
    }
    tokens.clear();
  }, []);

  const refreshMe = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: ME_KEY });
  }, [queryClient]);

  const value = useMemo<AuthContextValue>(
    () => ({
      me: signedIn ? meQuery.data : undefined,
      loading: signedIn && meQuery.isPending,
      signedIn,
      sessionExpired,
      startSession,
      signOut,
      refreshMe,
    }),
    [signedIn, sessionExpired, meQuery.data, meQuery.isPending, startSession, signOut, refreshMe],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}
