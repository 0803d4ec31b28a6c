// Starting a service: a setting or a start step that fails ends the process with one stderr line,
// `<service>: <VARIABLE>: <problem>`, and exit code 1. No stack, no value echoed.
import type { Server } from "node:http";
import { ConfigError } from "./settings.js";

/**
 * A start step that failed for a reason the operator can fix: a port in use, an address that is
 * not this machine's, a file that cannot be read. Like {@link ConfigError} it names the variable.
 *
 * @example
 * ```ts
 * throw new StartupError("ISSUER_PORT", "127.0.0.1:4000 is already in use");
 * ```
 */
export class StartupError extends ConfigError {
  constructor(variable: string, problem: string) {
    super(variable, problem);
    this.name = "StartupError";
  }
}

/**
 * The one line a failed start prints: ConfigError/StartupError as `<service>: <message>`, anything
 * else as `<service>: startup failed (<error name>: <message>)`, on one line.
 *
 * @example
 * ```ts
 * startupFailureLine("issuer", new ConfigError("ISSUER_PORT", "must be …")); // "issuer: ISSUER_PORT: must be …"
 * ```
 */
export function startupFailureLine(service: string, error: unknown): string {
  const text =
    error instanceof ConfigError
      ? error.message
      : `startup failed (${error instanceof Error ? `${error.name}: ${error.message}` : "unknown error"})`;
  return `${service}: ${text}`.replace(/[\r\n]+/g, " ");
}

/**
 * Runs a service's start routine; if it throws, prints {@link startupFailureLine} to stderr and exits 1.
 *
 * @example
 * ```ts
 * await runService("koa-resource", async () => {
 *   const config = loadConfig();
 *   // … build, listen, stopOnSignals
 * });
 * ```
 */
export async function runService(service: string, start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (error) {
    process.stderr.write(`${startupFailureLine(service, error)}\n`);
    process.exit(1);
  }
}

/** Where a service listens, and which variable chose the port (for the error line). */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
  readonly portVariable: string;
}

/**
 * The problem of a failed bind in an operator's words, naming the variable to change.
 *
 * @example
 * ```ts
 * bindError({ host: "127.0.0.1", port: 4000, portVariable: "ISSUER_PORT" }, "EADDRINUSE").message;
 * // "ISSUER_PORT: 127.0.0.1:4000 is already in use"
 * ```
 */
export function bindError(address: ListenAddress, code: string | undefined): StartupError {
  const where = `${address.host}:${address.port}`;
  switch (code) {
    case "EADDRINUSE":
      return new StartupError(address.portVariable, `${where} is already in use`);
    case "EACCES":
      return new StartupError(address.portVariable, `no permission to listen on ${where}`);
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new StartupError("HOST", `${address.host} is not an address of this machine`);
    default:
      return new StartupError(address.portVariable, `cannot listen on ${where} (${code ?? "unknown error"})`);
  }
}

/**
 * Listens on `host:port` and resolves with the bound port (useful with port 0); rejects with a
 * {@link StartupError} naming the variable when the address cannot be bound.
 *
 * @example
 * ```ts
 * const port = await listenHttp(server, { host: "127.0.0.1", port: 4001, portVariable: "EXPRESS_PORT" });
 * ```
 */
export function listenHttp(server: Server, address: ListenAddress): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(bindError(address, error.code));
    };
    server.once("error", onError);
    server.listen(address.port, address.host, () => {
      server.off("error", onError);
      const bound = server.address();
      resolve(typeof bound === "object" && bound !== null ? bound.port : address.port);
    });
  });
}
