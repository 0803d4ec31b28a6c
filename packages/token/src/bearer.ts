// Authorization header parsing: RFC 6750 §2.1 (credentials = "Bearer" 1*SP b64token) and, when a
// service accepts it, RFC 9449 §7.1 (credentials = "DPoP" 1*SP token68); schemes are
// case-insensitive (RFC 9110 §11.1). Credentials of a scheme the service does not take carry no
// token for it at all (RFC 6750 §3.1): the same answer as no header. Only credentials of an
// accepted scheme that are malformed are an invalid_request.
import { TokenError } from "./errors.js";

// b64token (RFC 6750 §2.1) and token68 (RFC 9110 §11.2) are the same set of characters.
const CREDENTIALS = /^(bearer|dpop) +([A-Za-z0-9\-._~+/]+=*)$/i;
// RFC 7235 auth-scheme = token (RFC 9110 tchar): where the scheme of a credentials value ends.
const SCHEME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

/**
 * The authentication scheme a token was presented with.
 *
 * @example
 * ```ts
 * const scheme: AuthScheme = parseAuthorization("DPoP eyJ…", { dpop: true }).scheme; // "DPoP"
 * ```
 */
export type AuthScheme = "Bearer" | "DPoP";

/**
 * A token and the scheme it came with, from {@link parseAuthorization}.
 *
 * @example
 * ```ts
 * const { scheme, token }: Credential = parseAuthorization(req.headers.authorization, { dpop: true });
 * ```
 */
export interface Credential {
  readonly scheme: AuthScheme;
  readonly token: string;
}

/**
 * Options of {@link parseAuthorization}.
 *
 * @example
 * ```ts
 * const options: ParseAuthorizationOptions = { dpop: true };
 * ```
 */
export interface ParseAuthorizationOptions {
  /** Also take `DPoP <token>` (RFC 9449 §7.1). Default false: `DPoP …` is another scheme. */
  readonly dpop?: boolean;
}

/**
 * Extracts the scheme and token from an `Authorization` header value.
 * Throws TokenError `token_missing` for an undefined or empty header and for credentials of a
 * scheme not taken (`Basic …`, `Token …`, a bare token, the token glued to the scheme, `DPoP …`
 * unless `dpop`), which carry no token for this service (RFC 6750 §3.1); `invalid_request` for
 * malformed credentials of a taken scheme: no token, a second token ("Bearer a b",
 * "Bearer a, Bearer b"), characters outside the b64token set.
 *
 * @example
 * ```ts
 * parseAuthorization("Bearer eyJ…");                 // { scheme: "Bearer", token: "eyJ…" }
 * parseAuthorization("dpop eyJ…", { dpop: true });   // { scheme: "DPoP", token: "eyJ…" }
 * parseAuthorization("DPoP eyJ…");                   // throws TokenError("token_missing")
 * parseAuthorization("DPoP a b", { dpop: true });    // throws TokenError("invalid_request")
 * ```
 */
export function parseAuthorization(authorization: string | undefined, options: ParseAuthorizationOptions = {}): Credential {
  if (authorization === undefined || authorization === "") throw new TokenError("token_missing");
  if (typeof authorization !== "string") throw new TokenError("invalid_request");
  const dpop = options.dpop === true;
  const found = CREDENTIALS.exec(authorization);
  const scheme = found?.[1]?.toLowerCase();
  const token = found?.[2];
  if (token !== undefined && scheme === "bearer") return { scheme: "Bearer", token };
  if (token !== undefined && scheme === "dpop" && dpop) return { scheme: "DPoP", token };
  const named = SCHEME.exec(authorization)?.[0].toLowerCase();
  // No scheme at all (leading white space, a stray character) is not another scheme: it is broken.
  if (named === undefined || named === "bearer" || (dpop && named === "dpop")) throw new TokenError("invalid_request");
  throw new TokenError("token_missing");
}

/**
 * Extracts the token from an `Authorization: Bearer` header value: {@link parseAuthorization}
 * without DPoP. Throws TokenError `token_missing` for an undefined or empty header and for
 * credentials of another scheme (`Basic …`, `Token …`, `DPoP …`, a bare token, the token glued to
 * "Bearer"), which carry no Bearer token (RFC 6750 §3.1); `invalid_request` for malformed Bearer
 * credentials: no token, a second token ("Bearer a b", "Bearer a, Bearer b"), characters outside
 * the b64token set.
 *
 * @example
 * ```ts
 * parseBearer("Bearer eyJhbGciOi…"); // "eyJhbGciOi…"
 * parseBearer(undefined);            // throws TokenError("token_missing")
 * parseBearer("Basic dXNlcjpwYXNz"); // throws TokenError("token_missing")
 * parseBearer("Bearer a b");         // throws TokenError("invalid_request")
 * ```
 */
export function parseBearer(authorization: string | undefined): string {
  return parseAuthorization(authorization).token;
}
