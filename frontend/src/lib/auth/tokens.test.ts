import { describe, expect, it, vi } from "vitest";

import { TokenStore, type TokenPair } from "./tokens";

function memory() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

const pair = (n: number, expiresIn = 900): TokenPair => ({
  access_token: `access-${n}`,
  refresh_token: `refresh-${n}`,
  expires_in: expiresIn,
});

describe("TokenStore", () => {
  it("serves the access token while fresh, then refreshes 30 s before expiry", async () => {
    let now = 0;
    const store = new TokenStore(memory(), () => now);
    store.set(pair(1));
    const refresher = vi.fn(async () => pair(2));
    expect(await store.access(refresher)).toBe("access-1");
    now = 869_000; // 31 s left
    expect(await store.access(refresher)).toBe("access-1");
    now = 871_000; // 29 s left
    expect(await store.access(refresher)).toBe("access-2");
    expect(refresher).toHaveBeenCalledWith("refresh-1");
    expect(store.refreshToken).toBe("refresh-2");
  });

  it("shares one refresh between concurrent callers (a spent refresh token revokes the login)", async () => {
    const store = new TokenStore(memory());
    store.set(pair(1, 0));
    let resolve!: (p: TokenPair) => void;
    const refresher = vi.fn(() => new Promise<TokenPair>((r) => (resolve = r)));
    const calls = [store.access(refresher), store.access(refresher), store.refresh(refresher)];
    resolve(pair(2));
    expect(await Promise.all(calls)).toEqual(["access-2", "access-2", "access-2"]);
    expect(refresher).toHaveBeenCalledTimes(1);
    // Once settled, a later refresh is a new call.
    await store.refresh(async () => pair(3));
    expect(store.refreshToken).toBe("refresh-3");
  });

  it("ends the session when the refresh token is refused, and says so once", async () => {
    const store = new TokenStore(memory());
    store.set(pair(1, 0));
    const seen: boolean[] = [];
    store.subscribe((signedIn) => seen.push(signedIn));
    expect(await store.access(async () => null)).toBeNull();
    expect(store.hasSession).toBe(false);
    store.clear();
    expect(seen).toEqual([false]);
  });

  it("keeps the session when the refresh fails for another reason (network)", async () => {
    const store = new TokenStore(memory());
    store.set(pair(1, 0));
    await expect(store.access(async () => Promise.reject(new Error("offline")))).rejects.toThrow("offline");
    expect(store.hasSession).toBe(true);
    expect(await store.access(async () => pair(2))).toBe("access-2");
  });

  it("has nothing to refresh without a stored session", async () => {
    const refresher = vi.fn(async () => pair(1));
    expect(await new TokenStore(memory()).access(refresher)).toBeNull();
    expect(refresher).not.toHaveBeenCalled();
  });
});
