// What the client tells `onEvent`, for logs and metrics. No event ever carries a token, a
// password or a secret: only grant names, counts, statuses and the ClientError (safe by design).
import type { ClientError } from "./errors.js";

/**
 * Why the client fetched a new access token: inside the refresh-ahead window, after expiry, or
 * because a server refused it.
 *
 * @example
 * ```ts
 * onEvent: (e) => { if (e.type === "token" && e.reason === "refused") metrics.count("token_refused"); }
 * ```
 */
export type RenewReason = "ahead" | "expired" | "refused";

/**
 * Everything `onEvent` may receive.
 * - `token`: a new access token is held (`grant` says how; `reason` is `login` or a {@link RenewReason}).
 * - `renew_failed`: a refresh or re-login failed; `keptCurrent` when the current token is still
 *   valid and stays in use (the refresh is tried again after `Retry-After`, or one second).
 * - `session_ended`: the tokens were forgotten (`logout`, `revoke`, or `refused` when the issuer
 *   refused the refresh for good).
 * - `retry`: `client.fetch` sends a request again after `status` (401 invalid_token, 429, 503),
 *   waiting `waitMs` first.
 *
 * @example
 * ```ts
 * createClient({ issuer, clientId, onEvent: (e) => { if (e.type === "retry") metrics.count("retry", e.status); } });
 * ```
 */
export type ClientEvent =
  | {
      readonly type: "token";
      readonly grant: "password" | "client_credentials" | "refresh_token";
      readonly reason: "login" | RenewReason;
      readonly expiresIn: number;
    }
  | { readonly type: "renew_failed"; readonly reason: RenewReason; readonly error: ClientError; readonly keptCurrent: boolean }
  | { readonly type: "session_ended"; readonly reason: "logout" | "revoke" | "refused" }
  | { readonly type: "retry"; readonly status: number; readonly attempt: number; readonly waitMs: number };
