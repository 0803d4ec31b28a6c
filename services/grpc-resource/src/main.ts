import * as grpc from "@grpc/grpc-js";
import { awaitKeys, loadSettingsOrExit } from "@org/resource-core";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { createLogger } from "./logging.js";
import { shutdown } from "./shutdown.js";

const SERVICE = "grpc-resource";
const SHUTDOWN_TIMEOUT_MS = 5000;

function bind(server: grpc.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, port) => {
      if (error) reject(error);
      else resolve(port);
    });
  });
}

async function main(): Promise<void> {
  // One line naming the variable, then out: a service with a bad setting must not half-start.
  const { config, keys } = loadSettingsOrExit(loadConfig, `${SERVICE}: invalid configuration: `);
  const logger = createLogger(config.logLevel);
  // Wait briefly for the issuer's keys so the first call after "listening" is served;
  // with the issuer down, calls get UNAVAILABLE until the keys load.
  await awaitKeys(keys, logger);
  const app = createApp({ issuer: config.issuer, keys: keys.resolver, logger });
  const hostPart = config.host.includes(":") ? `[${config.host}]` : config.host;
  let port: number;
  try {
    port = await bind(app.server, `${hostPart}:${config.port}`);
  } catch (error) {
    logger.fatal({ err: error, host: config.host, port: config.port }, "cannot listen");
    process.exit(1);
  }
  // `service` comes from the logger's base fields.
  logger.info({ host: config.host, port, keys: keys.description }, "listening");

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      app.server.forceShutdown();
      return;
    }
    stopping = true;
    logger.info({ signal }, "stopping");
    app.setServing(false);
    void shutdown(app.server, SHUTDOWN_TIMEOUT_MS).then((outcome) => {
      logger.info({ outcome }, "stopped");
      process.exit(0);
    });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

await main();
