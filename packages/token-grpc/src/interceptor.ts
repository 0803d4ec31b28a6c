import {
  Metadata,
  ResponderBuilder,
  ServerInterceptingCall,
  ServerListenerBuilder,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
} from "@grpc/grpc-js";
import {
  DpopPolicy,
  TokenError,
  checkPresentation,
  isTokenError,
  parseAuthorization,
  requireScope,
  type AuthScheme,
  type DpopPolicyOptions,
  type VerifiedToken,
  type Verifier,
} from "@org/token";
import { compilePolicy, type ScopeRules } from "./policy.js";
import { INTERNAL_ERROR, METHOD_NOT_ALLOWED, TOKEN_EXPIRES_IN, statusFor, type RefusalStatus } from "./status.js";
import { remember } from "./call-auth.js";

/** Why a call was refused, for the caller's logs. Never carries the token. */
export interface RefusedCall {
  /** Full method path. */
  readonly method: string;
  /** The gRPC status sent. */
  readonly code: number;
  /** A TokenError code, `method_not_allowed` (no rule) or `internal` (the verifier failed oddly). */
  readonly reason: string;
  /** The thrown error (TokenError with `cause`, or anything else) for server-side logs only. */
  readonly error?: unknown;
}

/** Options of {@link createAuthInterceptor}. */
export interface AuthInterceptorOptions {
  /** An `@org/token` verifier (only `verify` and `secondsLeft` are used). */
  readonly verifier: Pick<Verifier, "verify" | "secondsLeft">;
  /** Full method path -> scopes needed, all of them (`[]` = any valid token). Unlisted methods are refused. */
  readonly rules: ScopeRules;
  /** Full method paths served without a token, e.g. {@link HEALTH_METHODS}. */
  readonly public?: readonly string[];
  /** Called once per refused call, after the status is sent; must not throw. */
  readonly onRefused?: (refusal: RefusedCall) => void;
  /**
   * Take DPoP-bound tokens (RFC 9449): `authorization: DPoP <token>` plus one `dpop: <proof>`
   * entry, the proof made for `POST` and `<scheme>://<authority>/<package.Service>/<Method>`.
   * The options of a new `DpopPolicy` (its own replay cache unless one is given), or a policy to
   * share. Absent: Bearer only, and a DPoP-bound token is refused.
   */
  readonly dpop?: DpopPolicyOptions | DpopPolicy;
  /**
   * The scheme clients address this server with, for the `htu` of DPoP proofs when the policy
   * has no `publicBaseUrl` (whose own scheme wins): `"https"` over TLS, `"http"` for a plaintext
   * (h2c) server. grpc-js does not tell an interceptor which it is. Default `"https"`.
   */
  readonly urlScheme?: "http" | "https";
}

/**
 * A grpc-js server interceptor that authenticates every call from its `authorization`
 * metadata before the handler runs and enforces per-method scopes. Fail closed: a method
 * neither in `rules` nor in `public` is refused with PERMISSION_DENIED.
 *
 * - exactly one `authorization` value, `Bearer <token>` (scheme case-insensitive) or, with `dpop`,
 *   `DPoP <token>` with one `dpop` proof; two values are `invalid_request`; refusals map through
 *   the shared table: UNAUTHENTICATED (no, bad, expired, wrong-audience token, malformed header,
 *   every DPoP refusal), PERMISSION_DENIED (missing scope), UNAVAILABLE (keys not loaded, a full
 *   DPoP replay cache). `details` is the table's fixed description.
 * - the call waits for (async) verification; messages that arrive meanwhile are held by grpc-js.
 * - authenticated calls get response initial metadata `token-expires-in: <seconds>`, also when
 *   the call then fails (scope or handler error).
 * - handlers read the verified token with {@link authOf}.
 *
 * Install it last in `interceptors` so the metadata object it hands on is the handler's.
 * Throws TypeError for bad options.
 *
 * @example
 * ```ts
 * const auth = createAuthInterceptor({
 *   verifier,
 *   rules: { "/demo.v1.Resource/GetMe": [], "/demo.v1.Resource/ListOrders": ["orders:read"] },
 *   public: HEALTH_METHODS,
 * });
 * const server = new grpc.Server({ interceptors: [auth] });
 * ```
 */
export function createAuthInterceptor(options: AuthInterceptorOptions): ServerInterceptor {
  const { verifier, onRefused, dpop } = options;
  if (typeof verifier.verify !== "function" || typeof verifier.secondsLeft !== "function") {
    throw new TypeError("verifier must be an @org/token Verifier");
  }
  const urlScheme: unknown = options.urlScheme ?? "https";
  if (urlScheme !== "http" && urlScheme !== "https") throw new TypeError('urlScheme must be "http" or "https"');
  const proofs = dpop === undefined ? undefined : dpop instanceof DpopPolicy ? dpop : new DpopPolicy(dpop);
  const policyFor = compilePolicy(options.rules, options.public);
  return (descriptor, call) => {
    const method = descriptor.path;
    const policy = policyFor(method);
    if (policy.kind === "public") return new ServerInterceptingCall(call);
    const scopes = policy.kind === "protected" ? policy.scopes : undefined;
    return guardedCall(call, { method, scopes, verifier, onRefused, dpop: proofs, urlScheme });
  };
}

interface Guard {
  readonly method: string;
  /** undefined: the method has no rule. */
  readonly scopes: readonly string[] | undefined;
  readonly verifier: AuthInterceptorOptions["verifier"];
  readonly onRefused: AuthInterceptorOptions["onRefused"];
  readonly dpop: DpopPolicy | undefined;
  readonly urlScheme: "http" | "https";
}

function guardedCall(call: ServerInterceptingCallInterface, guard: Guard): ServerInterceptingCall {
  const state = new CallState(call, guard);
  const listener = new ServerListenerBuilder()
    .withOnReceiveMetadata((metadata, next) => {
      state.admit(metadata, next);
    })
    .withOnCancel(() => {
      state.cancelled = true;
    })
    .build();
  const responder = new ResponderBuilder()
    .withStart((next) => {
      next(listener);
    })
    .withSendMetadata((metadata, next) => {
      state.metadataSent = true;
      next(state.withExpiry(metadata));
    })
    .withSendStatus((status, next) => {
      state.sendExpiryIfNeeded();
      next(status);
    })
    .build();
  return new ServerInterceptingCall(call, responder);
}

/** What the interceptor knows about one call. */
class CallState {
  token: VerifiedToken | undefined;
  metadataSent = false;
  cancelled = false;

  constructor(
    private readonly call: ServerInterceptingCallInterface,
    private readonly guard: Guard,
  ) {}

  /** Verifies, checks scopes, then lets the call through; until `next()` grpc-js holds messages. */
  admit(metadata: Metadata, next: (metadata: Metadata) => void): void {
    const { scopes, verifier } = this.guard;
    if (scopes === undefined) {
      this.refuse(METHOD_NOT_ALLOWED, "method_not_allowed");
      return;
    }
    let presented: Presented;
    let verification: Promise<VerifiedToken>;
    try {
      presented = presentedCredential(metadata, this.guard.dpop);
      verification = verifier.verify(presented.token);
    } catch (error) {
      this.refuseFor(error);
      return;
    }
    // One then() with both callbacks: the call waits for no more turns of the event loop than the
    // verification itself takes (a cache hit resolves at once).
    verification.then(
      (verified) => {
        try {
          const { dpop, method, urlScheme } = this.guard;
          const htu = (): string => (dpop === undefined ? "" : dpop.htu(method, () => `${urlScheme}://${this.call.getHost()}`));
          checkPresentation(verified, { ...presented, htm: "POST", htu }, dpop);
          // Only a token presented as it must be is the call's: its lifetime goes on every answer from here.
          this.token = verified;
          if (scopes.length > 0) requireScope(verified, ...scopes);
          remember(metadata, verified);
          if (!this.cancelled) next(metadata);
        } catch (error) {
          this.refuseFor(error);
        }
      },
      (error: unknown) => {
        this.refuseFor(error);
      },
    );
  }

  /** Refuses with the status of a TokenError, or INTERNAL for anything else. */
  refuseFor(error: unknown): void {
    if (isTokenError(error)) this.refuse(statusFor(error), error.code, error);
    else this.refuse(INTERNAL_ERROR, "internal", error);
  }

  /** Adds the token's remaining lifetime to outgoing initial metadata (authenticated calls only). */
  withExpiry(metadata: Metadata): Metadata {
    if (this.token !== undefined) {
      metadata.set(TOKEN_EXPIRES_IN, String(this.guard.verifier.secondsLeft(this.token)));
    }
    return metadata;
  }

  /** A status without prior initial metadata would drop the lifetime: send the metadata first. */
  sendExpiryIfNeeded(): void {
    if (this.token === undefined || this.metadataSent) return;
    this.metadataSent = true;
    this.call.sendMetadata(this.withExpiry(new Metadata()));
  }

  refuse(status: RefusalStatus, reason: string, error?: unknown): void {
    if (this.cancelled) return;
    this.sendExpiryIfNeeded();
    this.call.sendStatus({ ...status, metadata: new Metadata() });
    this.guard.onRefused?.({ method: this.guard.method, code: status.code, reason, error });
  }
}

/** The values of a metadata key that can be header text (only `-bin` keys carry Buffers). */
function texts(metadata: Metadata, key: string): string[] {
  const values = metadata.get(key);
  const strings = values.filter((value): value is string => typeof value === "string");
  if (strings.length !== values.length) throw new TokenError("invalid_request");
  return strings;
}

/** The credential of a call and its DPoP proofs, before verification. */
interface Presented {
  readonly scheme: AuthScheme;
  readonly token: string;
  readonly proofs: readonly string[];
}

/**
 * Reads exactly one `authorization` value (Bearer, or DPoP with a policy) and the `dpop` proofs.
 * The caller verifies the token, then applies the DPoP presentation rules (`checkPresentation` of
 * `@org/token`: a bound token as Bearer, a DPoP one without exactly one valid proof by its key, an
 * unbound one where DPoP is required, are refused). A call is an HTTP/2 POST to its method's path,
 * so that is what a proof must name. Throws TokenError.
 */
function presentedCredential(metadata: Metadata, dpop: DpopPolicy | undefined): Presented {
  const values = texts(metadata, "authorization");
  if (values.length > 1) throw new TokenError("invalid_request");
  const [value] = values;
  const proofs = dpop === undefined ? [] : texts(metadata, "dpop");
  const credential = dpop === undefined ? parseAuthorization(value) : dpop.credential(value, proofs);
  return { scheme: credential.scheme, token: credential.token, proofs };
}
