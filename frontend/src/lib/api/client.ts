/**
 * The one API client: openapi-fetch over the types generated from /openapi.json
 * (`npm run api:generate`). It signs requests with the session's access token, refreshes
 * the token silently when it expires, and turns every error into an ApiError carrying the
 * API's problem details.
 */
import createClient, { type Middleware } from "openapi-fetch";

import { TokenStore, type TokenPair } from "@/lib/auth/tokens";
import { apiUrl } from "@/lib/config";
import { ApiError, toProblem } from "@/lib/problem";

import type { paths } from "./schema";

export type { components, paths } from "./schema";

const memoryStorage = (): Pick<Storage, "getItem" | "setItem" | "removeItem"> => {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
};

export const tokens = new TokenStore(
  typeof localStorage !== "undefined" ? localStorage : memoryStorage(),
);

/** Paths that authenticate by their body, never by a bearer token. */
const PUBLIC = /\/api\/v1\/(auth\/(signup|login|token|refresh|logout|password-reset)|invitations\/preview)/;

async function refresher(refreshToken: string): Promise<TokenPair | null> {
  const response = await fetch(`${apiUrl}/api/v1/auth/refresh`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
  if (response.status === 401 || response.status === 422) return null;
  if (!response.ok) throw new ApiError(toProblem(await safeJson(response), response.status));
  return (await response.json()) as TokenPair;
}

async function safeJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

const retryable = new WeakMap<Request, Request>();

const auth: Middleware = {
  async onRequest({ request }) {
    if (PUBLIC.test(new URL(request.url).pathname)) return request;
    const token = await tokens.access(refresher);
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    // Keep a copy: if the token was revoked meanwhile, the request is replayed once.
    retryable.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    const copy = retryable.get(request);
    if (response.status !== 401 || !copy) return response;
    retryable.delete(request);
    const token = await tokens.refresh(refresher);
    if (!token) return response;
    copy.headers.set("Authorization", `Bearer ${token}`);
    return fetch(copy);
  },
};

export const api = createClient<paths>({ baseUrl: apiUrl });
api.use(auth);

export { refresher };

/** Unwraps an openapi-fetch answer: the data, or an ApiError with the problem. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result;
  try {
    result = await call;
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw new ApiError(toProblem(null, 0, "Network error"));
  }
  const { data, error, response } = result;
  if (!response.ok) throw new ApiError(toProblem(error, response.status, response.statusText));
  return data as T;
}

/** A fresh key per user action, so a retried POST is applied once (Idempotency-Key). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}

/** Authenticated download of a non-JSON answer (e.g. the CSV export). */
export async function download(path: string, filename: string): Promise<void> {
  const token = await tokens.access(refresher);
  const response = await fetch(`${apiUrl}${path}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw new ApiError(toProblem(await safeJson(response), response.status));
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  link.click();
  URL.revokeObjectURL(url);
}
