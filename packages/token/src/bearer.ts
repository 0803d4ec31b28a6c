// RFC 6750 §2.1 header parsing: credentials = "Bearer" 1*SP b64token, scheme case-insensitive
// (RFC 7235 §2.1). Anything else that is present is an invalid_request.
import { TokenError } from "./errors.js";

const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Extracts the token from an `Authorization` header value.
 * Throws TokenError `token_missing` for an undefined or empty header, `invalid_request` for
 * any other scheme, an empty or second token ("Bearer a b", "Bearer a, Bearer b"), or
 * characters outside the b64token set.
 *
 * @example
 * ```ts
 * parseBearer("Bearer eyJhbGciOi…"); // "eyJhbGciOi…"
 * parseBearer(undefined);            // throws TokenError("token_missing")
 * parseBearer("Basic dXNlcjpwYXNz"); // throws TokenError("invalid_request")
 * ```
 */
export function parseBearer(authorization: string | undefined): string {
  if (authorization === undefined || authorization === "") throw new TokenError("token_missing");
  if (typeof authorization !== "string") throw new TokenError("invalid_request");
  const match = BEARER.exec(authorization);
  const token = match?.[1];
  if (token === undefined) throw new TokenError("invalid_request");
  return token;
}
