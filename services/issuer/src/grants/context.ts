// What every grant handler receives: the service's parts and one request's parameters.
import type { RefreshTokenClaims, Signer } from "@org/token";
import type { Logger } from "@org/service-kit";
import type { TokenParams } from "../http/params.js";
import type { SecretHash } from "../identities/hash.js";
import type { Identities } from "../identities/store.js";
import type { LoginThrottle } from "../throttle.js";

/**
 * Compares a presented secret with a stored hash (scrypt): the one expensive step of a login.
 *
 * @example
 * const check: SecretCheck = verifySecret;
 */
export type SecretCheck = (secret: string, stored: SecretHash) => Promise<boolean>;

export interface GrantContext {
  readonly identities: Identities;
  /** Every password and client secret comparison goes through here. */
  readonly checkSecret: SecretCheck;
  readonly signer: Signer;
  readonly refreshVerifier: { verify(token: string): Promise<RefreshTokenClaims> };
  readonly throttle: LoginThrottle;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  readonly refreshTokenTtl: number;
  readonly logger: Logger;
}

export interface GrantRequest {
  readonly params: TokenParams;
  readonly authorization: string | undefined;
  /** Client address as Express sees it (`req.ip`; honours `trust proxy` only when configured). */
  readonly address: string;
}

/** RFC 6749 §5.1 success body. */
export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
  refresh_token?: string;
}
