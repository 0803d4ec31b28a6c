// The start of an HTTP resource service: the same steps for Express and Koa; only the request
// handler differs.
import { createServer, type RequestListener } from "node:http";
import { createVerifier, type Verifier } from "@org/token";
import type { HttpResourceConfig } from "./config.js";
import { awaitKeys, closeOnSignals, loadSettingsOrExit } from "./lifecycle.js";
import { createLogger, type Logger } from "./logging.js";

/** What an HTTP service's main.ts tells {@link runHttpService}. */
export interface HttpServiceMain {
  /** The `service` field of every log line, e.g. "express". */
  readonly service: string;
  /** The audience every accepted token must carry. */
  readonly audience: string;
  /** The service's own config.ts loader (the only reader of process.env). */
  readonly loadConfig: () => HttpResourceConfig;
  /** The framework's request handler: an Express app, or a Koa app's `callback()`. */
  readonly handler: (options: { verifier: Verifier; logger: Logger; cookieName: string | undefined }) => RequestListener;
}

/**
 * Runs an HTTP resource service: settings (a bad one is one stderr line and exit 1), logger,
 * verifier, up to 3 s for the issuer's keys, listen (logs "listening" with host and port; a port
 * that cannot be bound is fatal), graceful stop on SIGTERM/SIGINT.
 *
 * @example
 * await runHttpService({
 *   service: "koa", audience: "urn:demo:koa", loadConfig,
 *   handler: (options) => createApp(options).callback(),
 * });
 */
export async function runHttpService(main: HttpServiceMain): Promise<void> {
  const { config, keys } = loadSettingsOrExit(main.loadConfig, `${main.service}-resource: `);
  const logger = createLogger(main.service, config.logLevel);
  const verifier = createVerifier({ issuer: config.issuer, audience: main.audience, keys: keys.resolver });
  // Wait briefly for the issuer's keys so the first request after "listening" is served.
  await awaitKeys(keys, logger);
  const server = createServer(main.handler({ verifier, logger, cookieName: config.cookieName }));
  server.once("error", (err) => {
    logger.fatal({ err, host: config.host, port: config.port }, "cannot listen");
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : config.port;
    logger.info({ host: config.host, port, cookie: config.cookieName !== undefined }, "listening");
  });
  closeOnSignals(server, logger);
}
