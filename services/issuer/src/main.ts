// Entry point: config, identities, keys, then listen; stops cleanly on SIGTERM/SIGINT.
import { createServer } from "node:http";
import { ConfigError, closeHttpServer, createLogger, listenHttp, runService, stopOnSignals } from "@org/service-kit";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { IDENTITY } from "./identity.js";
import { IdentitiesError, loadIdentities } from "./identities/store.js";
import { KeysFileError, loadKeySet } from "./keys/load.js";

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
  const app = createApp({ config, keys, identities, logger });
  const server = createServer(app);
  const port = await listenHttp(server, { host: config.host, port: config.port, portVariable: IDENTITY.portVariable });
  // Stop handling first: whoever sees "listening" may signal at once.
  stopOnSignals({ logger, close: () => closeHttpServer(server) });
  logger.info({ host: config.host, port, issuer: config.issuer }, "listening");
});
