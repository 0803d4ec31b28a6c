// Everything the issuer does at startup before it listens: identities, the demo identity check, keys,
// and revocation when REDIS_URL is set.
import type { Express } from "express";
import { ConfigError, Readiness, type Logger } from "@org/service-kit";
import { createApp } from "./app.js";
import type { Config } from "./config.js";
import { checkDemoIdentities } from "./demo-identities.js";
import { IdentitiesError, loadIdentities } from "./identities/store.js";
import { KeysFileError, loadKeySet } from "./keys/load.js";
import { followRevocation, issuerRevocation, type IssuerRevocation } from "./revocation/setup.js";

/** How long the start waits for the first load of the revocation state before it listens anyway (not ready). */
const REVOCATION_STARTUP_WAIT_MS = 3_000;

/** Runs `load`, turning its own error type into a setting error naming `variable`. */
async function asSetting<T>(variable: string, kind: new (...args: never[]) => Error, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof kind) throw new ConfigError(variable, error.message);
    throw error;
  }
}

/** The app ready to listen, and the revocation connection to close when the server has stopped. */
export interface PreparedIssuer {
  readonly app: Express;
  /** Undefined when REDIS_URL is unset (revocation off). */
  readonly revocation: IssuerRevocation | undefined;
}

/**
 * Loads what `config` names and builds the app, ready to listen. A setting that cannot be used (a bad
 * identities or keys file, demo identities on an address that is not loopback) rejects with a
 * ConfigError naming its variable: main.ts prints it as one line and exits 1.
 *
 * @example
 * const { app, revocation } = await prepareIssuer(loadConfig(), logger);
 * createServer(app).listen(config.port, config.host);
 */
export async function prepareIssuer(config: Config, logger: Logger): Promise<PreparedIssuer> {
  const identities = await asSetting("IDENTITIES_FILE", IdentitiesError, () => loadIdentities(config.identitiesFile));
  await checkDemoIdentities(identities, config, logger);
  const keys = await asSetting("ISSUER_KEYS_FILE", KeysFileError, () => loadKeySet(config.keysFile, logger));
  const readiness = new Readiness();
  const revocation =
    config.redisUrl === undefined ? undefined : issuerRevocation({ redisUrl: config.redisUrl, refreshTokenTtl: config.refreshTokenTtl, logger });
  if (revocation === undefined) logger.info("revocation is off (REDIS_URL is not set): /revoke, /logout and /admin/revocations answer 503");
  else {
    followRevocation(revocation, keys, readiness, logger);
    // Not ready (no signing) until the withdrawn keys are known; the load keeps trying in the background.
    await Promise.race([revocation.replica.start().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, REVOCATION_STARTUP_WAIT_MS).unref())]);
  }
  const app = createApp({ config, keys, identities, logger, readiness, ...(revocation === undefined ? {} : { revocation }) });
  return { app, revocation };
}
