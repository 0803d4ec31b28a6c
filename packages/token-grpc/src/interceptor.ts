import {
  Metadata,
  ResponderBuilder,
  ServerInterceptingCall,
  ServerListenerBuilder,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
} from "@grpc/grpc-js";
import { TokenError, isTokenError, requireScope, type VerifiedToken, type Verifier } from "@org/token";
import { compilePolicy, type ScopeRules } from "./policy.js";
import { INTERNAL_ERROR, METHOD_NOT_ALLOWED, TOKEN_EXPIRES_IN, statusFor, type RefusalStatus } from "./status.js";
import { remember } from "./store.js";

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
  /** An `@org/token` verifier (only `authenticate` and `secondsLeft` are used). */
  readonly verifier: Pick<Verifier, "authenticate" | "secondsLeft">;
  /** Full method path -> scopes needed, all of them (`[]` = any valid token). Unlisted methods are refused. */
  readonly rules: ScopeRules;
  /** Full method paths served without a token, e.g. {@link HEALTH_METHODS}. */
  readonly public?: readonly string[];
  /** Called once per refused call, after the status is sent; must not throw. */
  readonly onRefused?: (refusal: RefusedCall) => void;
}

/**
 * A grpc-js server interceptor that authenticates every call from its `authorization`
 * metadata before the handler runs and enforces per-method scopes. Fail closed: a method
 * neither in `rules` nor in `public` is refused with PERMISSION_DENIED.
 *
 * - exactly one `authorization` value, `Bearer <token>` (scheme case-insensitive); two values
 *   are `invalid_request`; refusals map through the shared table: UNAUTHENTICATED (no, bad,
 *   expired, wrong-audience token, malformed header), PERMISSION_DENIED (missing scope),
 *   UNAVAILABLE (keys not loaded). `details` is the table's fixed description.
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
  const { verifier, onRefused } = options;
  if (typeof verifier.authenticate !== "function" || typeof verifier.secondsLeft !== "function") {
    throw new TypeError("verifier must be an @org/token Verifier");
  }
  const policyFor = compilePolicy(options.rules, options.public);
  return (descriptor, call) => {
    const method = descriptor.path;
    const policy = policyFor(method);
    if (policy.kind === "public") return new ServerInterceptingCall(call);
    const scopes = policy.kind === "protected" ? policy.scopes : undefined;
    return guardedCall(call, { method, scopes, verifier, onRefused });
  };
}

interface Guard {
  readonly method: string;
  /** undefined: the method has no rule. */
  readonly scopes: readonly string[] | undefined;
  readonly verifier: AuthInterceptorOptions["verifier"];
  readonly onRefused: AuthInterceptorOptions["onRefused"];
}

function guardedCall(call: ServerInterceptingCallInterface, guard: Guard): ServerInterceptingCall {
  let token: VerifiedToken | undefined;
  let metadataSent = false;
  let cancelled = false;

  // The token's remaining lifetime goes into whichever initial metadata leaves first.
  const sendExpiryIfNeeded = (): void => {
    if (token === undefined || metadataSent) return;
    metadataSent = true;
    call.sendMetadata(withExpiry(new Metadata()));
  };
  const withExpiry = (metadata: Metadata): Metadata => {
    if (token !== undefined) metadata.set(TOKEN_EXPIRES_IN, String(guard.verifier.secondsLeft(token)));
    return metadata;
  };
  const refuse = (status: RefusalStatus, reason: string, error?: unknown): void => {
    if (cancelled) return;
    sendExpiryIfNeeded();
    call.sendStatus({ ...status, metadata: new Metadata() });
    guard.onRefused?.({ method: guard.method, code: status.code, reason, error });
  };

  const listener = new ServerListenerBuilder()
    .withOnReceiveMetadata((metadata, next) => {
      const { scopes } = guard;
      if (scopes === undefined) {
        refuse(METHOD_NOT_ALLOWED, "method_not_allowed");
        return;
      }
      // next() only after verification settles: until then grpc-js holds messages and half-close.
      authenticate(metadata, guard.verifier)
        .then((verified) => {
          token = verified;
          if (scopes.length > 0) requireScope(verified, ...scopes);
          remember(metadata, verified);
          if (!cancelled) next(metadata);
        })
        .catch((error: unknown) => {
          if (isTokenError(error)) refuse(statusFor(error), error.code, error);
          else refuse(INTERNAL_ERROR, "internal", error);
        });
    })
    .withOnCancel(() => {
      cancelled = true;
    })
    .build();

  const responder = new ResponderBuilder()
    .withStart((next) => {
      next(listener);
    })
    .withSendMetadata((metadata, next) => {
      metadataSent = true;
      next(withExpiry(metadata));
    })
    .withSendStatus((status, next) => {
      sendExpiryIfNeeded();
      next(status);
    })
    .build();

  return new ServerInterceptingCall(call, responder);
}

/** Reads exactly one `authorization` value and verifies it; throws TokenError. */
async function authenticate(
  metadata: Metadata,
  verifier: AuthInterceptorOptions["verifier"],
): Promise<VerifiedToken> {
  const values = metadata.get("authorization");
  if (values.length > 1) throw new TokenError("invalid_request");
  const [value] = values;
  // Only `-bin` keys carry Buffers; anything else here is not a usable header.
  if (value !== undefined && typeof value !== "string") throw new TokenError("invalid_request");
  return verifier.authenticate(value);
}
