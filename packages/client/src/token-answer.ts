// RFC 6749 §5.1 success answers, narrowed from unknown JSON. Only what the client relies on is
// checked, but strictly: a token that could not go into a header, a lifetime that is not a
// positive whole number of seconds or a token type other than the one asked for (Bearer, or DPoP
// when a proof was sent) is an invalid answer.
import { ClientError } from "./errors.js";
import { isObject } from "./lib/object.js";

/** A checked token answer. */
export interface TokenAnswer {
  readonly accessToken: string;
  /** Seconds, as the issuer counted them at issuance. */
  readonly expiresIn: number;
  readonly refreshToken: string | undefined;
  /** The granted scope (RFC 6749 §3.3), empty when the answer does not say. */
  readonly scope: readonly string[];
}

/** RFC 6750 §2.1 b64token: what can follow "Bearer " in a header. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** RFC 6749 Appendix A.17: refresh-token = 1*VSCHAR. */
const VSCHARS = /^[\x20-\x7e]+$/;
/** Lifetimes beyond a year are not access-token lifetimes; refusing them keeps the arithmetic honest. */
export const MAX_EXPIRES_IN = 366 * 24 * 3600;

function invalid(description: string, status: number): ClientError {
  return new ClientError("invalid_response", { description, status });
}

/**
 * Narrows a parsed `/token` answer; `tokenType` is what the request asked for. Throws
 * ClientError `invalid_response` (with `status`).
 *
 * @example
 * ```ts
 * const answer = tokenAnswer(await response.json(), 200);
 * answer.expiresIn; // 300
 * tokenAnswer(await response.json(), 200, "DPoP"); // a Bearer answer to a DPoP request is refused
 * ```
 */
export function tokenAnswer(body: unknown, status: number, tokenType: "Bearer" | "DPoP" = "Bearer"): TokenAnswer {
  if (!isObject(body)) throw invalid("the answer is not a JSON object", status);
  const { access_token: accessToken, token_type: type, expires_in: expiresIn } = body;
  const { refresh_token: refreshToken, scope } = body;
  if (typeof accessToken !== "string" || !B64TOKEN.test(accessToken)) throw invalid("access_token is missing or malformed", status);
  // RFC 6749 §7.1: the type is case-insensitive. A client that sent a DPoP proof takes only a
  // DPoP-bound token (a Bearer one would silently lose the binding), and one that did not, only Bearer.
  if (typeof type !== "string" || type.toLowerCase() !== tokenType.toLowerCase()) throw invalid(`token_type is not ${tokenType}`, status);
  if (typeof expiresIn !== "number" || !Number.isInteger(expiresIn) || expiresIn <= 0 || expiresIn > MAX_EXPIRES_IN) {
    throw invalid("expires_in is not a positive number of seconds", status);
  }
  if (refreshToken !== undefined && (typeof refreshToken !== "string" || !VSCHARS.test(refreshToken))) {
    throw invalid("refresh_token is malformed", status);
  }
  if (scope !== undefined && typeof scope !== "string") throw invalid("scope is not a string", status);
  return {
    accessToken,
    expiresIn,
    refreshToken,
    scope: scope === undefined ? [] : scope.split(" ").filter((s) => s !== ""),
  };
}
