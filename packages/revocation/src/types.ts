/**
 * The shapes shared by the store (the issuer's writer), the state and the replica (the resource
 * services' reader). Times are milliseconds since the epoch unless a name says Seconds.
 */

/**
 * The seven scopes, strictest first in effect: every check consults all of them.
 *
 * @example
 * ```ts
 * const scope: RevocationScope = "user_client"; // "revoke this app" for one user
 * ```
 */
export type RevocationScope = "global" | "client" | "user" | "user_client" | "grant" | "token" | "key";

/**
 * What a revocation hits. Counter scopes (global, client, user, user_client) revoke a token iff
 * its `rev` claim is below the entry's `seq`; presence scopes (grant by `sid`, token by `jti`,
 * key by `kid`) revoke whatever the `rev`.
 *
 * @example
 * ```ts
 * const logout: RevocationTarget = { scope: "user", sub: "alice" };
 * ```
 */
export type RevocationTarget =
  | { readonly scope: "global" }
  | { readonly scope: "client"; readonly client_id: string }
  | { readonly scope: "user"; readonly sub: string }
  | { readonly scope: "user_client"; readonly sub: string; readonly client_id: string }
  | { readonly scope: "grant"; readonly sid: string }
  | { readonly scope: "token"; readonly jti: string }
  | { readonly scope: "key"; readonly kid: string };

/**
 * The argument of `store.revoke()`: a target; a token revocation may say until when it matters
 * (`until`, ms: the token's `exp * 1000`; default and at most `now + retention`).
 *
 * @example
 * ```ts
 * await store.revoke({ scope: "token", jti: claims.jti, until: claims.exp * 1000 });
 * ```
 */
export type Revocation =
  | Exclude<RevocationTarget, { readonly scope: "token" }>
  | { readonly scope: "token"; readonly jti: string; readonly until?: number };

/**
 * One revocation as written to the stream and applied by a state.
 *
 * @example
 * ```ts
 * const entry: RevocationEntry = { scope: "user", sub: "alice", seq: 42, at: Date.now(), until: Date.now() + 86_405_000 };
 * ```
 */
export type RevocationEntry = RevocationTarget & {
  /** The revocation's number from the one Redis counter. */
  readonly seq: number;
  /** When the issuer wrote it (its clock). */
  readonly at: number;
  /** After this no token it can affect is valid; `Infinity` for a key withdrawal. */
  readonly until: number;
};

/**
 * The claims a check reads, as verified. `sid` and `rev` are narrowed by the check itself: a
 * missing or malformed `rev` counts as 0 (revoked by every counter revocation), a missing or
 * non-string `sid` matches no grant.
 *
 * @example
 * ```ts
 * const subject: RevocationSubject = { sub: "alice", client_id: "demo-cli", jti: "b3Jh…", sid: "q1w2e3r4t5y6u7i8", rev: 41 };
 * ```
 */
export interface RevocationSubject {
  readonly sub: string;
  readonly client_id: string;
  readonly jti: string;
  readonly sid?: unknown;
  readonly rev?: unknown;
}

/**
 * The hook `@org/token`'s verifier calls after signature and claims pass and on every cache hit,
 * with the claims and the `kid` of the key that verified the token. `true`: `token_revoked`;
 * a thrown `TokenError("revocation_unavailable")`: fail closed.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ issuer, audience, keys, revocation: replica.checker });
 * ```
 */
export interface RevocationChecker {
  isRevoked(token: { readonly claims: RevocationSubject; readonly kid: string }): boolean;
}

/**
 * A pino-like logger. Lines carry scopes, sequence numbers and counts, never a target value,
 * a token or the Redis URL (it may hold a password).
 *
 * @example
 * ```ts
 * const logger: RevocationLogger = pino();
 * ```
 */
export interface RevocationLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * The outcome of `store.rotate()`: `rotated` (the presented refresh token was the current one),
 * `retry` (it was the previous one, within the grace window: a lost answer retried), `reused`
 * (anything else: the caller must revoke the grant), `unknown` (no rotation state for the grant).
 *
 * @example
 * ```ts
 * if ((await store.rotate(sid, presented, next, ttl)) === "reused") await store.revoke({ scope: "grant", sid });
 * ```
 */
export type RotationResult = "rotated" | "retry" | "reused" | "unknown";
