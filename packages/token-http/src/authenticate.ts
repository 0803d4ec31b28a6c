// Authenticating one HTTP request, framework-free: the credential and its scheme, the token's
// verification, then the DPoP presentation rules (RFC 9449 §7), with every refusal an AuthError
// whose challenges fit the service and the request. Both HTTP adapters are this plus reading the
// request and handing the result to their framework, so they cannot drift apart.
import {
  DpopPolicy,
  checkPresentation,
  isTokenError,
  type AuthScheme,
  type Credential,
  type DpopPolicyOptions,
  type TokenError,
  type VerifiedToken,
  type Verifier,
} from "@org/token";
import type { DpopChallenge } from "./answer.js";
import { readCredential, type CookieTransport, type CredentialSource } from "./credentials.js";
import { AuthError, checkRealm } from "./error.js";

/**
 * A request as {@link HttpAuthenticator.authenticate} reads it: the credential parts, plus what a
 * DPoP proof must be made for.
 *
 * @example
 * ```ts
 * const { authorization, dpop } = credentialFields(req.rawHeaders);
 * const request: HttpRequestSource = {
 *   method: req.method,
 *   authorization,
 *   dpop,
 *   cookieHeader: req.headers.cookie,
 *   header: (name) => req.get(name),
 *   target: req.originalUrl,
 *   origin: () => `${req.protocol}://${req.headers.host ?? ""}`,
 * };
 * ```
 */
export interface HttpRequestSource extends CredentialSource {
  /** The request target as the request line has it, e.g. `/orders?page_size=1` (its query is dropped). */
  readonly target: string;
  /** `scheme://host` of the request as the service sees it: the htu's origin without `publicBaseUrl`. */
  readonly origin: () => string;
}

/**
 * Options of {@link HttpAuthenticator}.
 *
 * @example
 * ```ts
 * const options: HttpAuthenticatorOptions = { realm: "express", dpop: { required: true, publicBaseUrl: "https://api.example.com" } };
 * ```
 */
export interface HttpAuthenticatorOptions {
  /** Also accept the token from an HttpOnly cookie (Bearer only); off by default. */
  readonly cookie?: CookieTransport | undefined;
  /** The `realm` of the challenges. Default "api". */
  readonly realm?: string | undefined;
  /** `false`: a request without a token is let through with no token (optional authentication). Default `true`. */
  readonly authRequired?: boolean | undefined;
  /**
   * Take the DPoP scheme (RFC 9449): options of a new `DpopPolicy` (its own replay cache unless
   * one is given), or a policy to share. Absent: Bearer only, and a DPoP-bound token is refused.
   */
  readonly dpop?: DpopPolicyOptions | DpopPolicy | undefined;
}

/**
 * The challenge state of one request: the realm, the service's DPoP challenge and, once read,
 * the scheme the request presented its token with. What refusals after authentication (scope
 * guards) need to challenge the way `authenticate` did.
 *
 * @example
 * ```ts
 * const { realm, scheme, dpop }: RequestChallenge = result.challenge;
 * throw AuthError.from(scopeError, realm, { scheme, dpop });
 * ```
 */
export interface RequestChallenge {
  readonly realm: string;
  readonly scheme?: AuthScheme | undefined;
  readonly dpop?: DpopChallenge | undefined;
}

/**
 * What {@link HttpAuthenticator.authenticate} found: the verified token (undefined: no token, and
 * authentication is optional), the verified DPoP proof's key thumbprint, and the request's challenge state.
 *
 * @example
 * ```ts
 * const { auth, challenge } = await authenticator.authenticate(source);
 * ```
 */
export interface Authenticated {
  readonly auth: VerifiedToken | undefined;
  /** The `jkt` of the verified DPoP proof; undefined for a Bearer token. */
  readonly jkt: string | undefined;
  readonly challenge: RequestChallenge;
}

/**
 * Authenticates HTTP requests for one middleware: create it once (it holds the DPoP replay
 * cache of this instance, RFC 9449 §11.1), call {@link authenticate} per request.
 *
 * @throws TypeError at creation for a realm that would break the challenge, a non-boolean
 *   `authRequired`, or a bad DPoP option.
 * @example
 * ```ts
 * const authenticator = new HttpAuthenticator(verifier, { realm: "koa", dpop: {} });
 * const { auth } = await authenticator.authenticate(source); // throws AuthError
 * ```
 */
export class HttpAuthenticator {
  /** The challenge state of a request before its credential is read (realm, DPoP challenge). */
  readonly challenge: RequestChallenge;
  readonly #verifier: Verifier;
  readonly #cookie: CookieTransport | undefined;
  readonly #required: boolean;
  readonly #policy: DpopPolicy | undefined;
  readonly #withScheme: Readonly<Record<AuthScheme, RequestChallenge>>;

  constructor(verifier: Verifier, options: HttpAuthenticatorOptions = {}) {
    const realm = checkRealm(options.realm);
    const required = options.authRequired ?? true;
    if (typeof required !== "boolean") throw new TypeError("authRequired must be a boolean");
    const { dpop } = options;
    this.#policy = dpop === undefined ? undefined : dpop instanceof DpopPolicy ? dpop : new DpopPolicy(dpop);
    this.#verifier = verifier;
    this.#cookie = options.cookie;
    this.#required = required;
    const policy = this.#policy;
    const base = { realm, dpop: policy === undefined ? undefined : Object.freeze({ algorithms: policy.algorithms, required: policy.required }) };
    this.challenge = Object.freeze(base);
    // Made once: a request only picks one, rather than copying the challenge to add its scheme.
    this.#withScheme = { Bearer: Object.freeze({ ...base, scheme: "Bearer" }), DPoP: Object.freeze({ ...base, scheme: "DPoP" }) };
  }

  /**
   * Reads the credential, verifies the token, then applies the DPoP presentation rules
   * (`checkPresentation` of `@org/token`): a bound token presented as Bearer, an unbound one
   * where DPoP is required, a DPoP token without exactly one valid proof by its key are refused.
   *
   * @throws AuthError for every refusal (`token_missing` only when authentication is required),
   *   challenging per the request's scheme; anything the verifier throws that is not a TokenError, as is.
   */
  async authenticate(source: HttpRequestSource): Promise<Authenticated> {
    let challenge = this.challenge;
    try {
      let credential: Credential;
      try {
        credential = readCredential(source, { cookie: this.#cookie, dpop: this.#policy });
      } catch (error) {
        // Only the absence of credentials is optional; anything malformed is refused in either mode.
        if (!this.#required && isTokenError(error) && error.code === "token_missing") return { auth: undefined, jkt: undefined, challenge };
        // Malformed credentials are answered on the challenge of the scheme they name.
        const named = this.#policy === undefined ? undefined : namedScheme(source.authorization);
        if (named !== undefined) challenge = this.#withScheme[named];
        throw error;
      }
      challenge = this.#withScheme[credential.scheme];
      const auth = await this.#verifier.verify(credential.token);
      const policy = this.#policy;
      const proof = checkPresentation(
        auth,
        {
          ...credential,
          proofs: source.dpop ?? [],
          htm: source.method,
          htu: () => (policy === undefined ? "" : policy.htu(source.target, source.origin)),
        },
        policy,
      );
      return { auth, jkt: proof?.jkt, challenge };
    } catch (error) {
      throw isTokenError(error) ? refused(error, challenge) : error;
    }
  }
}

/** The scheme one Authorization field names, whatever follows it; undefined for none or two fields. */
function namedScheme(authorization: readonly string[]): AuthScheme | undefined {
  const [value, second] = authorization;
  if (value === undefined || second !== undefined) return undefined;
  if (/^dpop(?: |$)/i.test(value)) return "DPoP";
  return /^bearer(?: |$)/i.test(value) ? "Bearer" : undefined;
}

function refused(error: TokenError, challenge: RequestChallenge): AuthError {
  return AuthError.from(error, challenge.realm, { scheme: challenge.scheme, dpop: challenge.dpop });
}
