// Entry point: config, then everything prepareIssuer loads, then listen; stops cleanly on SIGTERM/SIGINT.
import { createServer } from "node:http";
import { closeHttpServer, createLogger, listenHttp, runService, stopOnSignals } from "@org/service-kit";
import { loadConfig } from "./config.js";
import { IDENTITY } from "./identity.js";
import { prepareIssuer } from "./start.js";

await runService(IDENTITY.name, async () => {
  const config = loadConfig();
  const logger = createLogger({ service: IDENTITY.name, level: config.logLevel });
  const server = createServer(await prepareIssuer(config, logger));
  const port = await listenHttp(server, { host: config.host, port: config.port, portVariable: IDENTITY.portVariable });
  // Stop handling first: whoever sees "listening" may signal at once.
  stopOnSignals({ logger, close: () => closeHttpServer(server) });
  logger.info({ host: config.host, port, issuer: config.issuer }, "listening");
});
