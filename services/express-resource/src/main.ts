// Starts the service: settings, keys, verifier, app, listen; stops cleanly on SIGTERM/SIGINT.
import { closeOnSignals, createLogger, loadSettingsOrExit, watchKeys } from "@org/resource-core";
import { createVerifier } from "@org/token";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { AUDIENCE, SERVICE } from "./service.js";

function main(): void {
  const { config, keys } = loadSettingsOrExit(loadConfig, `${SERVICE}-resource: `);
  const logger = createLogger(SERVICE, config.logLevel);
  const verifier = createVerifier({ issuer: config.issuer, audience: AUDIENCE, keys: keys.resolver });
  const app = createApp({ verifier, logger, cookieName: config.cookieName });
  const server = app.listen(config.port, config.host, (err?: Error) => {
    if (err) {
      logger.fatal({ err, host: config.host, port: config.port }, "cannot listen");
      process.exit(1);
    }
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : config.port;
    logger.info({ host: config.host, port, cookie: config.cookieName !== undefined }, "listening");
    watchKeys(keys, logger);
  });
  closeOnSignals(server, logger);
}

main();
