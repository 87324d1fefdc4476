/**
 * Where the session's tokens live. The access token stays in memory (short-lived, never
 * written anywhere); the refresh token is kept in localStorage so a reload or a new tab stays
 * signed in. Refreshing is single-flight: many requests failing at once share one refresh,
 * since the API revokes the whole login when a spent refresh token is presented twice.
 */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

const REFRESH_KEY = "vigie.refresh_token";
// Refresh a little before expiry so a request never leaves with a token about to die.
const EARLY_MS = 30_000;

type Refresher = (refreshToken: string) => Promise<TokenPair | null>;

export class TokenStore {
  private accessToken: string | null = null;
  private expiresAt = 0;
  private inflight: Promise<string | null> | null = null;
  private readonly listeners = new Set<(signedIn: boolean) => void>();

  constructor(
    private readonly storage: Pick<Storage, "getItem" | "setItem" | "removeItem">,
    private readonly now: () => number = Date.now,
  ) {}

  get refreshToken(): string | null {
    return this.storage.getItem(REFRESH_KEY);
  }

  get hasSession(): boolean {
    return this.refreshToken !== null;
  }

  set(pair: TokenPair): void {
    this.accessToken = pair.access_token;
    this.expiresAt = this.now() + pair.expires_in * 1000;
    this.storage.setItem(REFRESH_KEY, pair.refresh_token);
    this.emit(true);
  }

  clear(): void {
    const had = this.hasSession || this.accessToken !== null;
    this.accessToken = null;
    this.expiresAt = 0;
    this.storage.removeItem(REFRESH_KEY);
    if (had) this.emit(false);
  }

  /** A valid access token, refreshed first if needed; null when the session is over. */
  async access(refresher: Refresher): Promise<string | null> {
    if (this.accessToken && this.now() < this.expiresAt - EARLY_MS) return this.accessToken;
    return this.refresh(refresher);
  }

  /** Rotate the refresh token now (e.g. after a 401); concurrent callers share one call. */
  refresh(refresher: Refresher): Promise<string | null> {
    const token = this.refreshToken;
    if (!token) return Promise.resolve(null);
    this.inflight ??= refresher(token)
      .then((pair) => {
        if (pair) {
          this.set(pair);
          return pair.access_token;
        }
        this.clear();
        return null;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  subscribe(listener: (signedIn: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(signedIn: boolean): void {
    this.listeners.forEach((listener) => listener(signedIn));
  }
}
