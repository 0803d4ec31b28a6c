// Everything the issuer does at startup before it listens: identities, the demo identity check, keys.
import type { Express } from "express";
import { ConfigError, type Logger } from "@org/service-kit";
import { createApp } from "./app.js";
import type { Config } from "./config.js";
import { checkDemoIdentities } from "./demo-identities.js";
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

/**
 * Loads what `config` names and builds the app, ready to listen. A setting that cannot be used (a bad
 * identities or keys file, demo identities on an address that is not loopback) rejects with a
 * ConfigError naming its variable: main.ts prints it as one line and exits 1.
 *
 * @example
 * const app = await prepareIssuer(loadConfig(), logger);
 * createServer(app).listen(config.port, config.host);
 */
export async function prepareIssuer(config: Config, logger: Logger): Promise<Express> {
  const identities = await asSetting("IDENTITIES_FILE", IdentitiesError, () => loadIdentities(config.identitiesFile));
  await checkDemoIdentities(identities, config, logger);
  const keys = await asSetting("ISSUER_KEYS_FILE", KeysFileError, () => loadKeySet(config.keysFile, logger));
  return createApp({ config, keys, identities, logger });
}
