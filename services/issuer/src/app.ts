// Builds the issuer's Express app from already-loaded parts; no listening, no environment.
import cors from "cors";
import express, { type Express } from "express";
import helmet from "helmet";
import { Registry } from "prom-client";
import { Readiness, corsPackageOptions, type Logger } from "@org/service-kit";
import { createRefreshVerifier, createSigner, createVerifier, staticKeys, type KeySet } from "@org/token";
import type { Config } from "./config.js";
import { errorHandler, OAuthError } from "./errors.js";
import type { GrantContext, SecretCheck } from "./grants/context.js";
import { issuerDpop } from "./grants/dpop.js";
import { DEFAULT_MAX_ADDRESSES, InflightLimit } from "./http/inflight.js";
import { requestLogging } from "./http/request-log.js";
import { verifySecret } from "./identities/hash.js";
import { LoginCapacity } from "./login-capacity.js";
import type { Identities } from "./identities/store.js";
import { AUDIENCES } from "./grants/scope.js";
import { issuerMetrics, loadGauges } from "./metrics.js";
import type { IssuerRevocation } from "./revocation/setup.js";
import { adminRoutes } from "./routes/admin.js";
import { healthRoutes } from "./routes/health.js";
import { revocationRoutes } from "./routes/revocation.js";
import { tokenRoutes } from "./routes/token.js";
import { wellKnownRoutes } from "./routes/well-known.js";
import { DEFAULT_THROTTLE, LoginThrottle, type ThrottleOptions } from "./throttle.js";

export interface AppOptions {
  readonly config: Config;
  readonly keys: KeySet;
  readonly identities: Identities;
  readonly logger: Logger;
  /** Milliseconds since the epoch; tests pass a fake. Default Date.now. */
  readonly clock?: () => number;
  readonly throttle?: ThrottleOptions;
  /** Revocation over Redis; undefined (REDIS_URL unset): off, and its routes answer 503. */
  readonly revocation?: IssuerRevocation;
  /** What /readyz reports and /token waits for; default: always ready. */
  readonly readiness?: Readiness;
  /** The secret comparison; default scrypt (verifySecret), always run within the login capacity bounds.
   *  Tests wrap it to count or hold the runs. */
  readonly checkSecret?: SecretCheck;
  /** The registry `GET /metrics` serves (main passes createMetrics' one, with the process metrics);
   *  default: a bare registry of its own. */
  readonly metrics?: Registry;
}

/** The routes browsers of CORS_ORIGINS may call; never /admin/revocations, /metrics or the probes. */
const CORS_ROUTES = ["/token", "/revoke", "/logout", "/.well-known"];

/** What every grant handler runs on: signer, verifiers, throttle and the parts createApp made. */
function grantContext(
  options: AppOptions,
  parts: Pick<GrantContext, "clock" | "readiness" | "checkSecret" | "metrics">,
): GrantContext {
  const { config, keys, identities, logger, revocation } = options;
  const { clock } = parts;
  return {
    ...parts,
    identities,
    keys,
    signer: createSigner({
      keys,
      issuer: config.issuer,
      accessTokenTtl: config.accessTokenTtl,
      refreshTokenTtl: config.refreshTokenTtl,
      clock,
    }),
    refreshVerifier: createRefreshVerifier({
      issuer: config.issuer,
      keys,
      clock,
      ...(revocation === undefined ? {} : { revocation: revocation.replica.checker }),
    }),
    ownTokens: {
      access: createVerifier({ issuer: config.issuer, audience: AUDIENCES, keys: staticKeys(keys), cache: false, clock }),
      refresh: createRefreshVerifier({ issuer: config.issuer, keys, clock }),
    },
    revocation,
    throttle: new LoginThrottle(options.throttle ?? DEFAULT_THROTTLE, clock),
    refreshTokenTtl: config.refreshTokenTtl,
    logger,
  };
}

/**
 * The issuer app: /token, /.well-known/*, /revoke, /logout, /admin/revocations, /healthz, /readyz,
 * /metrics; helmet's headers and JSON errors everywhere; CORS for the browser-facing routes when
 * `config.corsOrigins` lists origins.
 *
 * @example
 * const app = createApp({ config, keys, identities, logger });
 * const server = app.listen(0, "127.0.0.1");
 */
export function createApp(options: AppOptions): Express {
  const { config, keys, identities, logger, revocation } = options;
  const clock = options.clock ?? Date.now;
  const readiness = options.readiness ?? new Readiness();
  const registry = options.metrics ?? new Registry();
  const metrics = issuerMetrics(registry, { revocation: revocation !== undefined });
  const capacity = new LoginCapacity(config.login, options.checkSecret ?? verifySecret, metrics);
  const inflight = new InflightLimit({ perAddress: config.login.maxInflightPerAddress, maxAddresses: DEFAULT_MAX_ADDRESSES }, metrics);
  loadGauges(registry, { capacity: () => capacity.load, inflightAddresses: () => inflight.size });
  const ctx = grantContext(options, { clock, readiness, checkSecret: capacity.check, metrics });

  const app = express();
  app.disable("x-powered-by");
  // ETags are set by hand where they are meant (well-known documents), never on token responses.
  app.set("etag", false);
  // Off unless TRUST_PROXY says how many proxies to trust: otherwise X-Forwarded-For would let anyone pick
  // the address the login throttle counts against.
  app.set("trust proxy", config.trustProxy === 0 ? false : config.trustProxy);
  app.use(requestLogging(logger, registry));
  // nosniff, no framing, no referrer and the rest of helmet's defaults; the issuer serves no HTML.
  app.use(helmet());
  // Exact origins, no credentials: tokens travel in the body and the Authorization header, never in cookies.
  if (config.corsOrigins !== undefined) app.use(CORS_ROUTES, cors(corsPackageOptions(config.corsOrigins)));
  app.use(healthRoutes(readiness, registry));
  app.use(wellKnownRoutes(keys, config.issuer, identities.scopes));
  // One DPoP policy, one replay cache for the instance's /token and /logout proofs.
  const dpop = issuerDpop(config.issuer, clock);
  app.use(tokenRoutes(ctx, inflight, dpop));
  app.use(revocationRoutes(ctx, dpop));
  app.use(adminRoutes(ctx));
  app.use(() => {
    throw new OAuthError("not_found", "no such route");
  });
  app.use(errorHandler(logger, metrics));
  return app;
}
