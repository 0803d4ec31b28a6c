// Starts the service: settings, keys, verifier, app, listen; stops cleanly on SIGTERM/SIGINT.
import type { Server } from "node:http";
import { createVerifier } from "@org/token";
import { createApp } from "./app.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createKeys, type Keys } from "./keys.js";
import { createLogger, type Logger } from "./logging.js";
import { AUDIENCE, SERVICE } from "./service.js";

// Open connections get this long to finish after a stop signal before they are cut.
const SHUTDOWN_GRACE_MS = 5_000;

function settings(): { config: Config; keys: Keys } {
  try {
    const config = loadConfig();
    return { config, keys: createKeys(config.keys) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // One line naming the variable, then out: a half-configured service must not start.
    console.error(`${SERVICE}-resource: ${err.message}`);
    process.exit(1);
  }
}

function watchKeys(keys: Keys, logger: Logger): void {
  keys.ready().then(
    () => {
      logger.info({ keys: keys.description }, "keys loaded");
    },
    () => {
      logger.warn({ keys: keys.description }, "keys not loaded yet; answering 503 until the issuer is reachable");
    },
  );
}

function stopOnSignals(server: Server, logger: Logger): void {
  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, "stopping");
    server.close((err) => {
      if (err) logger.error({ err }, "close failed");
      else logger.info("stopped");
      process.exit(err ? 1 : 0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

function main(): void {
  const { config, keys } = settings();
  const logger = createLogger(SERVICE, config.logLevel);
  const verifier = createVerifier({ issuer: config.issuer, audience: AUDIENCE, keys: keys.resolver });
  const app = createApp({ verifier, logger, cookieName: config.cookieName });
  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : config.port;
    logger.info({ host: config.host, port, cookie: config.cookieName !== undefined }, "listening");
    watchKeys(keys, logger);
  });
  server.once("error", (err) => {
    logger.fatal({ err, host: config.host, port: config.port }, "cannot listen");
    process.exit(1);
  });
  stopOnSignals(server, logger);
}

main();
