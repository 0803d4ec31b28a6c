// Starts the service: settings, keys, verifier, app, listen; stops cleanly on SIGTERM/SIGINT.
import { awaitKeys, closeOnSignals, createLogger, loadSettingsOrExit } from "@org/resource-core";
import { createVerifier } from "@org/token";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { AUDIENCE, SERVICE } from "./service.js";

async function main(): Promise<void> {
  const { config, keys } = loadSettingsOrExit(loadConfig, `${SERVICE}-resource: `);
  const logger = createLogger(SERVICE, config.logLevel);
  const verifier = createVerifier({ issuer: config.issuer, audience: AUDIENCE, keys: keys.resolver });
  // Wait briefly for the issuer's keys so the first request after "listening" is served.
  await awaitKeys(keys, logger);
  const app = createApp({ verifier, logger, cookieName: config.cookieName });
  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : config.port;
    logger.info({ host: config.host, port, cookie: config.cookieName !== undefined }, "listening");
  });
  server.once("error", (err) => {
    logger.fatal({ err, host: config.host, port: config.port }, "cannot listen");
    process.exit(1);
  });
  closeOnSignals(server, logger);
}

await main();
