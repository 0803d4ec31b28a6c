// Entry point: config, then everything prepareIssuer loads, then listen; stops cleanly on SIGTERM/SIGINT.
import { createServer } from "node:http";
import { closeHttpServer, createLogger, listenHttp, runService, stopOnSignals } from "@org/service-kit";
import { loadConfig } from "./config.js";
import { IDENTITY } from "./identity.js";
import { prepareIssuer } from "./start.js";

await runService(IDENTITY.name, async () => {
  const config = loadConfig();
  const logger = createLogger({ service: IDENTITY.name, level: config.logLevel });
  const { app, revocation } = await prepareIssuer(config, logger);
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
