/**
 * `@org/token`: keys, signing, strict verification, JWKS and typed errors for RFC 9068
 * JWT access tokens. Explicit re-exports only.
 */
export { TOKEN_ERRORS, TokenError, isTokenError } from "./errors.js";
export type { TokenErrorCode, TokenErrorInfo, TokenErrorKind } from "./errors.js";

export { ALGORITHMS } from "./keys/types.js";
export type { Algorithm, Jwks, Key, PublicJwk } from "./keys/types.js";
export { generateKey, secretKey } from "./keys/generate.js";
export { importJwk, importPem } from "./keys/import.js";
export type { ImportJwkOptions } from "./keys/import.js";
export { exportPrivateJwk, exportPublicJwk } from "./keys/export.js";
export { KeySet } from "./keys/keyset.js";
export { jwksFile, staticKeys } from "./keys/static.js";
export { remoteKeys } from "./keys/remote.js";
export type { RemoteKeys, RemoteKeysOptions, RemoteKeysStatus } from "./keys/remote.js";
export { discoverKeys } from "./keys/discover.js";

export { ACCESS_TOKEN_TYPE, REFRESH_TOKEN_TYPE, createSigner, refreshAudience } from "./sign.js";
export type { AccessTokenInput, RefreshTokenInput, Signer, SignerOptions } from "./sign.js";

export { createVerifier } from "./verify/verifier.js";
export { createRefreshVerifier } from "./verify/refresh.js";
export type { RefreshVerifierOptions } from "./verify/refresh.js";
export { verifyJws } from "./verify/jws-public.js";
export type { VerifiedJws } from "./verify/jws-public.js";
export {
  DEFAULT_CACHE_ENTRIES,
  DEFAULT_CLOCK_TOLERANCE,
  DEFAULT_MAX_TOKEN_BYTES,
  DEFAULT_REQUIRED_CLAIMS,
} from "./verify/options.js";
export type {
  AccessTokenClaims,
  Confirmation,
  KeyResolver,
  RefreshTokenClaims,
  RevocationChecker,
  VerifiedToken,
  Verifier,
  VerifierOptions,
  VerifierStats,
} from "./verify/types.js";

export { parseAuthorization, parseBearer } from "./bearer.js";
export type { AuthScheme, Credential, ParseAuthorizationOptions } from "./bearer.js";
export { hasScope, requireAnyScope, requireScope } from "./scope.js";
export { requireClaims } from "./claims-check.js";
export type { ClaimCheck } from "./claims-check.js";
export { MemoryRevocation } from "./revocation/memory.js";

export { createDpopProof } from "./dpop/create.js";
export type { CreateDpopProofOptions } from "./dpop/create.js";
export { verifyDpopProof } from "./dpop/verify.js";
export type { VerifiedDpopProof, VerifyDpopProofOptions } from "./dpop/verify.js";
export { DEFAULT_DPOP_CLOCK_TOLERANCE, DEFAULT_DPOP_MAX_AGE, DEFAULT_MAX_PROOF_BYTES } from "./dpop/options.js";
export { DEFAULT_DPOP_REPLAY_ENTRIES, DpopReplayCache } from "./dpop/replay.js";
export type { DpopReplayCacheOptions, ReplayVerdict } from "./dpop/replay.js";
export { checkDpopBinding } from "./dpop/binding.js";
export { DpopPolicy, checkPresentation } from "./dpop/policy.js";
export type { DpopPolicyOptions, DpopPresentation } from "./dpop/policy.js";
export { DPOP_ALGORITHMS, jwkThumbprint } from "./dpop/jwk.js";
export type { DpopAlgorithm, DpopJwk } from "./dpop/jwk.js";
export { DPOP_PROOF_TYPE } from "./dpop/tokens.js";
export type { DpopProofReason } from "./dpop/reasons.js";
