/**
 * `@org/revocation`: token revocation over Redis. The issuer writes with `createRevocationStore`;
 * every verifier keeps a `createRevocationReplica` whose checker answers from memory, with no I/O
 * per request. Explicit re-exports only.
 */
export { createRevocationReplica, DEFAULT_MAX_STALENESS_MS } from "./replica.js";
export type { RevocationReplica, RevocationReplicaOptions } from "./replica.js";
export type { ReplicaState, ReplicaStatus } from "./replica/health.js";

export { createRevocationStore, DEFAULT_ROTATION_GRACE_MS, MAX_ROTATION_GRACE_MS } from "./store.js";
export type { RevocationStore, RevocationStoreOptions } from "./store.js";

export { DEFAULT_MAX_ENTRIES, RevocationState } from "./state/state.js";
export type { RevocationStateOptions } from "./state/state.js";

export { RevocationUnavailableError, isRevocationUnavailable } from "./errors.js";
export { newGrantId } from "./grant-id.js";
export { revOf, sidOf } from "./claims.js";
export { MAX_TARGET_LENGTH } from "./target.js";
export { DEFAULT_PREFIX } from "./redis/keys.js";
export { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, redisClientOptions } from "./redis/connection.js";
export type { ConnectionRole, RedisConnection } from "./redis/connection.js";

export type {
  Revocation,
  RevocationChecker,
  RevocationEntry,
  RevocationLogger,
  RevocationScope,
  RevocationSubject,
  RevocationTarget,
  RotationResult,
} from "./types.js";
