// Entry point: config, identities, keys, then listen; stops cleanly on SIGTERM/SIGINT.
import { createServer } from "node:http";
import { ConfigError, Readiness, closeHttpServer, createLogger, listenHttp, runService, stopOnSignals } from "@org/service-kit";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { IDENTITY } from "./identity.js";
import { IdentitiesError, loadIdentities } from "./identities/store.js";
import { KeysFileError, loadKeySet } from "./keys/load.js";
import { followRevocation, issuerRevocation } from "./revocation/setup.js";

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

await runService(IDENTITY.name, async () => {
  const config = loadConfig();
  const logger = createLogger({ service: IDENTITY.name, level: config.logLevel });
  const identities = await asSetting("IDENTITIES_FILE", IdentitiesError, () => loadIdentities(config.identitiesFile));
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
  const server = createServer(app);
  const port = await listenHttp(server, { host: config.host, port: config.port, portVariable: IDENTITY.portVariable });
  const close = async (): Promise<void> => {
    try {
      await closeHttpServer(server);
    } finally {
      await revocation?.close();
    }
  };
  // Stop handling first: whoever sees "listening" may signal at once.
  stopOnSignals({ logger, close });
  logger.info({ host: config.host, port, issuer: config.issuer, revocation: revocation !== undefined }, "listening");
});
