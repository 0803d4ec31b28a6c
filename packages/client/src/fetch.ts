// client.fetch: the caller's request plus the access token, with the few retries that are safe.
// - 401 with a Bearer challenge error="invalid_token": once, after the token is renewed.
// - 429 and 503: after Retry-After, when it is at most maxRetryAfter, at most maxRetries times.
// - nothing else (400, 403, other 401s, 5xx): the answer is the caller's.
// Only a request whose body can be sent again is retried; a stream body is sent once.
import type { AuthTarget, Authorization } from "./authorization.js";
import type { ClientEvent } from "./events.js";
import type { FetchLike } from "./options.js";
import { discard } from "./lib/body.js";
import { isInvalidTokenChallenge } from "./lib/challenge.js";
import { retryAfterSeconds } from "./lib/retry-after.js";
import { abortable } from "./lib/sleep.js";
import { assertTransport } from "./lib/url.js";

export interface FetchDeps {
  readonly fetch: FetchLike;
  readonly clock: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly maxRetries: number;
  readonly maxRetryAfterMs: number;
  readonly allowInsecureHttp: boolean;
  readonly emit: (event: ClientEvent) => void;
  readonly authorize: (target: AuthTarget) => Promise<Authorization>;
}

/**
 * The response header a resource server counts the token's remaining seconds in.
 *
 * @example
 * ```ts
 * response.headers.get(TOKEN_EXPIRES_IN); // "287"
 * ```
 */
export const TOKEN_EXPIRES_IN = "token-expires-in";
/**
 * Wait before retrying a 429 or 503 that has no usable Retry-After, in milliseconds.
 *
 * @example
 * ```ts
 * DEFAULT_RETRY_AFTER_MS; // 1000
 * ```
 */
export const DEFAULT_RETRY_AFTER_MS = 1000;

/**
 * True when the body can be sent again: none, or a string, bytes, a Blob, URLSearchParams or
 * FormData. A ReadableStream (or a Request's own body) can be read once only.
 */
function replayable(input: string | URL | Request, init: RequestInit | undefined): boolean {
  const body = init?.body !== undefined ? init.body : input instanceof Request ? input.body : null;
  return (
    body === null ||
    typeof body === "string" ||
    body instanceof URLSearchParams ||
    body instanceof Blob ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof FormData
  );
}

/**
 * Sends `input` like `fetch`, adding the access token unless the caller set `Authorization`.
 *
 * @example
 * ```ts
 * const response = await authorizedFetch(deps, "http://127.0.0.1:4001/orders", { method: "GET" });
 * ```
 */
export async function authorizedFetch(deps: FetchDeps, input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const again = replayable(input, init);
  let renewed = false;
  let backoffs = 0;
  for (let attempt = 1; ; attempt += 1) {
    const request = new Request(input, init);
    const auth = request.headers.has("authorization") ? undefined : await authorizeRequest(deps, request);
    const response = await deps.fetch(request);
    auth?.observeExpiresIn(response.headers.get(TOKEN_EXPIRES_IN));
    if (auth !== undefined && response.status === 401 && isInvalidTokenChallenge(response.headers.get("www-authenticate"))) {
      auth.refused();
      if (!again || renewed) return response;
      renewed = true;
      await discard(response);
      deps.emit({ type: "retry", status: 401, attempt, waitMs: 0 });
      continue;
    }
    if ((response.status !== 429 && response.status !== 503) || !again || backoffs >= deps.maxRetries) return response;
    const seconds = retryAfterSeconds(response.headers.get("retry-after"), deps.clock());
    const waitMs = seconds === undefined ? DEFAULT_RETRY_AFTER_MS : seconds * 1000;
    // A longer wait than the caller allows is not shortened: the server asked for it. The answer goes back instead.
    if (waitMs > deps.maxRetryAfterMs) return response;
    backoffs += 1;
    await discard(response);
    deps.emit({ type: "retry", status: response.status, attempt, waitMs });
    await deps.sleep(waitMs, request.signal);
  }
}

async function authorizeRequest(deps: FetchDeps, request: Request): Promise<Authorization> {
  assertTransport(new URL(request.url), deps.allowInsecureHttp, "a request carrying the access token");
  const auth = await abortable(deps.authorize({ method: request.method, url: request.url }), request.signal);
  for (const [name, value] of Object.entries(auth.headers)) request.headers.set(name, value);
  return auth;
}
