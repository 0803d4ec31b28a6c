import type { Metadata } from "@grpc/grpc-js";
import type { VerifiedToken } from "@org/token";

/*
 * Why a WeakMap keyed on the Metadata object: grpc-js hands the handler (as `call.metadata`)
 * the very Metadata instance the innermost interceptor passes to `next()`. grpc-js offers no
 * per-call context for server interceptors, and writing the token into the metadata itself
 * would make it readable (and loggable) as a header value. The WeakMap keeps the verified
 * token server-side only, unforgeable by clients, and lets it go with the call.
 */
const verified = new WeakMap<Metadata, VerifiedToken>();

/** Records the token the interceptor verified for the call whose request metadata this is. */
export function remember(metadata: Metadata, token: VerifiedToken): void {
  verified.set(metadata, token);
}

/**
 * The token the auth interceptor verified for this call. Handlers use it instead of reading
 * `authorization` again; nothing is parsed or verified twice.
 *
 * Throws `Error` when there is none: the handler was reached without the interceptor (not
 * installed, the method is public, or a later interceptor replaced the metadata object).
 * That is a wiring mistake, never a client error, so it is loud rather than a silent `undefined`.
 *
 * @example
 * ```ts
 * const handlers = {
 *   GetMe(call, callback) {
 *     const { claims, scopes } = authOf(call);
 *     callback(null, { sub: claims.sub, client_id: claims.client_id, scope: [...scopes], service: "grpc" });
 *   },
 * };
 * ```
 */
export function authOf(call: { readonly metadata: Metadata }): VerifiedToken {
  const token = verified.get(call.metadata);
  if (token === undefined) {
    throw new Error(
      "authOf: no verified token for this call; is createAuthInterceptor() installed last and the method listed in its rules?",
    );
  }
  return token;
}
