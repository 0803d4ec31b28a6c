// Entry point: config, identities, keys, then listen; stops cleanly on SIGTERM/SIGINT.
import type { Server } from "node:http";
import type { Socket } from "node:net";
import { createApp } from "./app.js";
import { exitWithLine, loadConfig } from "./config.js";
import { IdentitiesError, loadIdentities, type Identities } from "./identities/store.js";
import { KeysFileError, loadKeySet } from "./keys/load.js";
import { createLogger } from "./logger.js";

// In-flight requests get this long to finish before their connections are cut.
const SHUTDOWN_GRACE_MS = 10_000;

async function identitiesOrExit(path: string): Promise<Identities> {
  try {
    return await loadIdentities(path);
  } catch (error) {
    if (error instanceof IdentitiesError) exitWithLine(`IDENTITIES_FILE: ${error.message}`);
    throw error;
  }
}

function stopOnSignals(server: Server, sockets: Set<Socket>, logger: ReturnType<typeof createLogger>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    server.closeIdleConnections();
    const force = setTimeout(() => {
      for (const socket of sockets) socket.destroy();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      logger.info("stopped");
      logger.flush();
      process.exitCode = 0;
    });
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const identities = await identitiesOrExit(config.identitiesFile);
  const keys = await loadKeySet(config.keysFile, logger).catch((error: unknown) => {
    if (error instanceof KeysFileError) exitWithLine(`ISSUER_KEYS_FILE: ${error.message}`);
    throw error;
  });
  const app = createApp({ config, keys, identities, logger });
  const server = app.listen(config.port, config.host);
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.once("error", (error: NodeJS.ErrnoException) => {
    exitWithLine(`ISSUER_PORT: cannot listen on ${config.host}:${config.port} (${error.code ?? error.message})`);
  });
  server.once("listening", () => {
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : config.port;
    // `service: "issuer"` comes from the logger's base fields.
    logger.info({ host: config.host, port, issuer: config.issuer }, "listening");
  });
  stopOnSignals(server, sockets, logger);
}

main().catch((error: unknown) => {
  exitWithLine(`issuer: startup failed (${error instanceof Error ? error.name : "unknown error"})`);
});
