import { status, type StatusObject } from "@grpc/grpc-js";
import type { TokenError } from "@org/token";

/** Response initial metadata key carrying the whole seconds left until the token's `exp`. */
export const TOKEN_EXPIRES_IN = "token-expires-in";

/** The standard health service's methods, usually passed as `public`. */
export const HEALTH_METHODS: readonly string[] = Object.freeze([
  "/grpc.health.v1.Health/Check",
  "/grpc.health.v1.Health/Watch",
]);

/** What a refused call is answered with: a status code and a fixed, safe details text. */
export type RefusalStatus = Pick<StatusObject, "code" | "details">;

/**
 * The one mapper from a {@link TokenError} to a gRPC status: the shared table's code
 * (UNAUTHENTICATED, PERMISSION_DENIED, UNAVAILABLE) and its fixed description. The token
 * and the library's own message never reach the client.
 *
 * @example
 * ```ts
 * statusFor(new TokenError("token_expired"));
 * // { code: status.UNAUTHENTICATED, details: "The access token expired" }
 * ```
 */
export function statusFor(error: TokenError): RefusalStatus {
  return { code: toStatus(error.grpcCode), details: error.description };
}

// The shared table stores plain numbers; anything outside grpc-js's enum would be a table bug.
const STATUS_BY_NUMBER = new Map<number, status>(
  Object.values(status)
    .filter((value): value is status => typeof value === "number")
    .map((value) => [value, value]),
);

function toStatus(code: number): status {
  return STATUS_BY_NUMBER.get(code) ?? status.UNKNOWN;
}

/** A method that no rule opens: refused before any token is looked at (fail closed). */
export const METHOD_NOT_ALLOWED: RefusalStatus = Object.freeze({
  code: status.PERMISSION_DENIED,
  details: "The method is not open to any caller",
});

/** Anything the verifier threw that is not a TokenError: a bug, never the client's fault. */
export const INTERNAL_ERROR: RefusalStatus = Object.freeze({
  code: status.INTERNAL,
  details: "Internal error",
});
