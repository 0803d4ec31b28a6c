// What every grant handler receives: the service's parts and one request's parameters.
import type { KeySet, RefreshTokenClaims, Signer, Verifier } from "@org/token";
import type { Logger, Readiness } from "@org/service-kit";
import type { TokenParams } from "../http/params.js";
import type { SecretHash } from "../identities/hash.js";
import type { Identities } from "../identities/store.js";
import type { IssuerRevocation } from "../revocation/setup.js";
import type { LoginThrottle } from "../throttle.js";
import type { DpopBinding } from "./dpop.js";

/** Verifiers of this issuer's own tokens, without revocation: to tell what a presented token is. */
export interface OwnTokens {
  /** Access tokens for any of this issuer's resource audiences. */
  readonly access: Verifier;
  readonly refresh: { verify(token: string): Promise<RefreshTokenClaims> };
}

/**
 * Compares a presented secret with a stored hash (scrypt): the one expensive step of a login.
 *
 * @example
 * const check: SecretCheck = verifySecret;
 */
export type SecretCheck = (secret: string, stored: SecretHash) => Promise<boolean>;

export interface GrantContext {
  readonly identities: Identities;
  readonly keys: KeySet;
  /** Every password and client secret comparison goes through here. */
  readonly checkSecret: SecretCheck;
  readonly signer: Signer;
  /** The refresh grant's check: with the revocation replica when revocation is on. */
  readonly refreshVerifier: { verify(token: string): Promise<RefreshTokenClaims> };
  readonly ownTokens: OwnTokens;
  /** Undefined when REDIS_URL is unset: revocation is off. */
  readonly revocation: IssuerRevocation | undefined;
  /** Tokens are issued only while ready (with revocation on: once the withdrawn keys are known). */
  readonly readiness: Readiness;
  readonly throttle: LoginThrottle;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  readonly refreshTokenTtl: number;
  readonly logger: Logger;
  /**
   * The key this token request proved possession of with a DPoP proof (RFC 9449 §5), set per
   * request by the token endpoint on a copy of the context; undefined: a Bearer request.
   */
  readonly dpop?: DpopBinding | undefined;
}

export interface GrantRequest {
  readonly params: TokenParams;
  readonly authorization: string | undefined;
  /** Client address as Express sees it (`req.ip`; honours `trust proxy` only when configured). */
  readonly address: string;
}

/** RFC 6749 §5.1 success body; `token_type` "DPoP" for a DPoP-bound access token (RFC 9449 §5). */
export interface TokenResponse {
  access_token: string;
  token_type: "Bearer" | "DPoP";
  expires_in: number;
  scope: string;
  refresh_token?: string;
}
