// The Authorization and DPoP fields of a request, every one of them, read in one pass over Node's
// raw header list. Node keeps only the first Authorization field in `req.headers`, so a second one
// must be looked for; `req.headersDistinct` would find it too, but builds a lower-cased object of
// arrays for every header of the request on each request, where authentication needs two names.
// Hand-written for speed (it is on every protected request); same result as headersDistinct.

/** Every `Authorization` and every `DPoP` field of one request, in order. */
export interface CredentialFields {
  readonly authorization: readonly string[];
  readonly dpop: readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);
const AUTHORIZATION = "authorization";
const DPOP = "dpop";

/**
 * The `Authorization` and `DPoP` fields of a request from its raw header list (`req.rawHeaders`:
 * name, value, name, value, … as received), names compared case-insensitively (RFC 9110 §5.1).
 * The same values, in the same order, as `req.headersDistinct.authorization` and
 * `req.headersDistinct.dpop` (empty arrays where those are undefined).
 *
 * @example
 * ```ts
 * credentialFields(["Host", "api", "Authorization", "Bearer eyJ…"]);
 * // { authorization: ["Bearer eyJ…"], dpop: [] }
 * const { authorization, dpop } = credentialFields(req.rawHeaders);
 * ```
 */
export function credentialFields(rawHeaders: readonly string[]): CredentialFields {
  let authorization: string[] | undefined;
  let dpop: string[] | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    const value = rawHeaders[i + 1];
    if (name === undefined || value === undefined) continue;
    // The length first: most fields are neither, and most are not of either length.
    if (name.length === AUTHORIZATION.length && name.toLowerCase() === AUTHORIZATION) (authorization ??= []).push(value);
    else if (name.length === DPOP.length && name.toLowerCase() === DPOP) (dpop ??= []).push(value);
  }
  return { authorization: authorization ?? NONE, dpop: dpop ?? NONE };
}
