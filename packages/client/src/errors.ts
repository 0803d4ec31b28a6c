/**
 * The one error of `@org/client`: a refusal or failure of the issuer, or a local reason the
 * client cannot authenticate. It carries the OAuth `error` and `error_description`, the HTTP
 * status and `Retry-After`; its message never contains a token, a password or a secret.
 */

/**
 * Codes the client raises itself, next to the OAuth codes the issuer answers with
 * (`invalid_grant`, `invalid_client`, `temporarily_unavailable`, …).
 *
 * @example
 * ```ts
 * const code: LocalErrorCode = "login_required";
 * LOCAL_ERRORS[code]; // "No tokens are held: log in first"
 * ```
 */
export type LocalErrorCode =
  | "login_required"
  | "invalid_response"
  | "network_error"
  | "timeout"
  | "revocation_unsupported";

/**
 * The fixed description of each local code.
 *
 * @example
 * ```ts
 * LOCAL_ERRORS.timeout; // "The issuer did not answer in time"
 * ```
 */
export const LOCAL_ERRORS: Readonly<Record<LocalErrorCode, string>> = Object.freeze({
  login_required: "No tokens are held: log in first",
  invalid_response: "The issuer's answer is not a valid OAuth answer",
  network_error: "The issuer could not be reached",
  timeout: "The issuer did not answer in time",
  revocation_unsupported: "The issuer's metadata names no revocation_endpoint",
});

/**
 * What a {@link ClientError} is built from.
 *
 * @example
 * ```ts
 * new ClientError("temporarily_unavailable", { status: 503, retryAfter: 5 } satisfies ClientErrorDetails);
 * ```
 */
export interface ClientErrorDetails {
  /** RFC 6749 §5.2 `error_description`, already made safe by the caller. */
  readonly description?: string | undefined;
  /** HTTP status of the answer, if there was one. */
  readonly status?: number | undefined;
  /** Seconds from `Retry-After`, if the answer had a usable one. */
  readonly retryAfter?: number | undefined;
  /** The underlying error (a fetch failure), for logs. */
  readonly cause?: unknown;
}

/**
 * A failed login, refresh, logout or revocation, or a missing session.
 * `error` is the OAuth code (or a {@link LocalErrorCode}); `description` the issuer's
 * `error_description` (or the local code's fixed text); `status` the HTTP status when the
 * issuer answered; `retryAfter` the seconds it asked to wait (429, 503).
 *
 * @example
 * ```ts
 * try {
 *   await client.loginWithPassword({ username: "alice", password });
 * } catch (e) {
 *   if (isClientError(e) && e.error === "invalid_grant") console.error(e.message);
 *   // "invalid_grant: the username or password is wrong (HTTP 400)"
 * }
 * ```
 */
export class ClientError extends Error {
  readonly error: string;
  readonly description: string | undefined;
  readonly status: number | undefined;
  readonly retryAfter: number | undefined;

  constructor(error: string, details: ClientErrorDetails = {}) {
    const description = details.description ?? localDescription(error);
    const text = description === undefined ? error : `${error}: ${description}`;
    super(details.status === undefined ? text : `${text} (HTTP ${details.status})`, { cause: details.cause });
    this.name = "ClientError";
    this.error = error;
    this.description = description;
    this.status = details.status;
    this.retryAfter = details.retryAfter;
  }

  /**
   * A failure that may pass by itself: no answer, a malformed answer, 429 or 5xx. A 4xx other
   * than 429 is the issuer's final word (a dead grant, a bad client) and is not temporary.
   *
   * @example
   * ```ts
   * new ClientError("temporarily_unavailable", { status: 503 }).temporary; // true
   * new ClientError("invalid_grant", { status: 400 }).temporary;           // false
   * ```
   */
  get temporary(): boolean {
    if (this.error === "login_required") return false;
    const status = this.status;
    return status === undefined || status === 429 || status < 400 || status >= 500;
  }
}

function isLocalCode(error: string): error is LocalErrorCode {
  return Object.hasOwn(LOCAL_ERRORS, error);
}

function localDescription(error: string): string | undefined {
  return isLocalCode(error) ? LOCAL_ERRORS[error] : undefined;
}

/**
 * Type guard for {@link ClientError}.
 *
 * @example
 * ```ts
 * client.fetch(url).catch((e: unknown) => { if (isClientError(e) && e.retryAfter) schedule(e.retryAfter); });
 * ```
 */
export function isClientError(e: unknown): e is ClientError {
  return e instanceof ClientError;
}
