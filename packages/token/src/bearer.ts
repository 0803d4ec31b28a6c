// RFC 6750 §2.1 header parsing: credentials = "Bearer" 1*SP b64token, scheme case-insensitive
// (RFC 7235 §2.1). Credentials of another scheme carry no Bearer token at all (§3.1): the same
// answer as no header. Only Bearer credentials that are malformed are an invalid_request.
import { TokenError } from "./errors.js";

const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
// RFC 7235 auth-scheme = token (RFC 9110 tchar): where the scheme of a credentials value ends.
const SCHEME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

/**
 * Extracts the token from an `Authorization` header value.
 * Throws TokenError `token_missing` for an undefined or empty header and for credentials of
 * another scheme (`Basic …`, `Token …`, a bare token, the token glued to "Bearer"), which carry no
 * Bearer token (RFC 6750 §3.1); `invalid_request` for malformed Bearer credentials: no token, a
 * second token ("Bearer a b", "Bearer a, Bearer b"), characters outside the b64token set.
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
  if (authorization === undefined || authorization === "") throw new TokenError("token_missing");
  if (typeof authorization !== "string") throw new TokenError("invalid_request");
  const token = BEARER.exec(authorization)?.[1];
  if (token !== undefined) return token;
  const scheme = SCHEME.exec(authorization)?.[0];
  // No scheme at all (leading white space, a stray character) is not another scheme: it is broken.
  if (scheme === undefined || scheme.toLowerCase() === "bearer") throw new TokenError("invalid_request");
  throw new TokenError("token_missing");
}
