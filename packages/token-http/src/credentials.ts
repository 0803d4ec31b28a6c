// Which token an HTTP request presents, and with which scheme: from the Authorization header
// (Bearer, or DPoP when the service takes it) or, when a cookie transport is on, from an HttpOnly
// cookie (with the CSRF header rule; Bearer only). Framework-free: each HTTP adapter reads the
// request into a CredentialSource and calls readCredential, so both take one path.
import { TokenError, parseAuthorization, type Credential, type DpopPolicy } from "@org/token";

/**
 * Optional cookie transport: the access token travels in an HttpOnly cookie instead of the
 * `Authorization` header. Off unless a cookie name is given.
 *
 * @example
 * ```ts
 * const transport: CookieTransport = { name: "access_token", csrfHeader: "X-CSRF" };
 * ```
 */
export interface CookieTransport {
  /** Name of the cookie that holds the access token. */
  readonly name: string;
  /**
   * Header every cookie-authenticated request with an unsafe method must carry (any non-empty
   * value). Browsers only add a custom header to a cross-site request after a CORS preflight the
   * API never grants, so its presence proves the request came from a same-origin script.
   * Default `X-Requested-With`.
   */
  readonly csrfHeader?: string;
}

/**
 * Header an unsafe cookie-authenticated request must carry unless the transport names another.
 *
 * @example
 * ```ts
 * req.get(transport.csrfHeader ?? DEFAULT_CSRF_HEADER);
 * ```
 */
export const DEFAULT_CSRF_HEADER = "X-Requested-With";

/**
 * The transport-relevant parts of a request, read by each framework adapter.
 *
 * @example
 * ```ts
 * const source: CredentialSource = {
 *   method: req.method,
 *   authorization: credentialFields(req.rawHeaders).authorization,
 *   cookieHeader: req.headers.cookie,
 *   header: (name) => req.get(name),
 * };
 * ```
 */
export interface CredentialSource {
  readonly method: string;
  /**
   * Every `Authorization` field of the request, in order. Node keeps only the first one in
   * `req.headers`, so adapters read them all (`credentialFields`): a second field must not go unseen.
   */
  readonly authorization: readonly string[];
  readonly cookieHeader: string | undefined;
  /** Looks a request header up by name (case-insensitive), undefined when absent. */
  readonly header: (name: string) => string | undefined;
  /** Every `DPoP` field of the request, in order (`credentialFields`); default none. */
  readonly dpop?: readonly string[];
}

/**
 * Options of {@link readCredential}: the optional cookie transport, and the service's DPoP
 * policy when it takes the DPoP scheme.
 *
 * @example
 * ```ts
 * const options: ReadCredentialOptions = { cookie: { name: "access_token" }, dpop: new DpopPolicy() };
 * ```
 */
export interface ReadCredentialOptions {
  readonly cookie?: CookieTransport | undefined;
  readonly dpop?: DpopPolicy | undefined;
}

// RFC 9110 §9.2.1: only these methods are safe; everything else may change state and needs the
// CSRF header when the browser attached the credential by itself.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The token a request presents and its scheme. Without a cookie transport it comes from the
 * `Authorization` header: `Bearer` (RFC 6750 §2.1) or, with `dpop`, `DPoP` (RFC 9449 §7.1); with
 * one, from the cookie when the request carries it (always `Bearer`: the cookie transport does not
 * do DPoP), else from the header.
 *
 * @throws TokenError `token_missing` when the request presents no token; `dpop_proof_without_token`
 *   when it presents none but a DPoP proof (with `dpop`); `invalid_request` when it carries two
 *   `Authorization` fields, malformed credentials, both the cookie and an `Authorization` header,
 *   the cookie twice, or the cookie on an unsafe method without the CSRF header.
 * @example
 * ```ts
 * readCredential({ method: "GET", authorization: ["Bearer eyJ…"], cookieHeader: undefined, header: () => undefined });
 * // { scheme: "Bearer", token: "eyJ…" }
 * readCredential({ method: "GET", authorization: [], cookieHeader: "at=eyJ…", header: () => undefined }, { cookie: { name: "at" } });
 * // { scheme: "Bearer", token: "eyJ…" }
 * readCredential({ method: "GET", authorization: ["DPoP eyJ…"], dpop: [proof], cookieHeader: undefined, header: () => undefined }, { dpop: policy });
 * // { scheme: "DPoP", token: "eyJ…" }
 * ```
 */
export function readCredential(source: CredentialSource, options: ReadCredentialOptions = {}): Credential {
  const { cookie: transport, dpop } = options;
  // RFC 9110 §5.3: Authorization is not a list; two fields are two credentials, not a choice.
  if (source.authorization.length > 1) throw new TokenError("invalid_request");
  const authorization = source.authorization[0];
  const cookie = transport === undefined ? undefined : readCookie(source.cookieHeader, transport.name);
  if (cookie === undefined || transport === undefined) {
    return dpop === undefined ? parseAuthorization(authorization) : dpop.credential(authorization, source.dpop ?? []);
  }
  // Two credentials: which one the client meant is ambiguous (RFC 6750 §2 allows only one method).
  if (authorization !== undefined) throw new TokenError("invalid_request");
  if (!SAFE_METHODS.has(source.method.toUpperCase())) {
    const proof = source.header(transport.csrfHeader ?? DEFAULT_CSRF_HEADER);
    if (proof === undefined || proof.trim() === "") throw new TokenError("invalid_request");
  }
  return { scheme: "Bearer", token: cookie };
}

/**
 * The value of cookie `name` in a `Cookie` header; undefined when absent or empty.
 * The same name twice is refused: a sibling subdomain can plant a second cookie ("cookie
 * tossing"), and the server cannot tell which one it set.
 */
function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  if (cookieHeader === undefined) return undefined;
  const values: string[] = [];
  for (const pair of cookieHeader.split(";")) {
    const eq = pair.indexOf("=");
    if (eq === -1 || pair.slice(0, eq).trim() !== name) continue;
    values.push(unquote(pair.slice(eq + 1).trim()));
  }
  if (values.length > 1) throw new TokenError("invalid_request");
  const value = values[0];
  return value === undefined || value === "" ? undefined : value;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
