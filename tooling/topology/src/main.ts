// `pnpm start`: the whole topology on the contract's ports (or the environment's). A service that
// stops or crashes once ready is reported and the others keep serving; SIGINT/SIGTERM stop
// everything, and the exit code says whether any service failed (1) or not (0). A service that
// fails while starting aborts the whole start with its last error line.
import { fileURLToPath } from "node:url";
import { prettyFactory } from "pino-pretty";
import { developmentKeys } from "./dev-keys.js";
import { supervise, type Supervision } from "./supervise.js";
import { startTopology, type Topology } from "./topology.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function readyLine(topology: Topology): string {
  const { urls } = topology;
  return (
    `ready: issuer ${urls.issuer}, express ${urls.express}, koa ${urls.koa}, grpc ${urls.grpc}` +
    ` (in ${topology.totalReadyMs} ms)\n`
  );
}

/** JSON log lines made readable on a terminal; as they are (JSON) otherwise. */
function lineFormat(): ((line: string) => string) | undefined {
  if (!process.stdout.isTTY) return undefined;
  const pretty = prettyFactory({
    colorize: process.env.NO_COLOR === undefined,
    singleLine: true,
    translateTime: "HH:MM:ss",
    ignore: "pid,hostname,service",
  });
  return (line) => (line.startsWith("{") ? pretty(line).trimEnd() : line);
}

async function main(): Promise<void> {
  const interrupted = new AbortController();
  // Set once the topology is ready; the signal handler below needs it before then.
  const running: { supervision?: Supervision } = {};
  let stopping = false;
  // Installed before the start, so a signal while services come up still stops them all.
  // A repeated signal is ignored: stop() already escalates to SIGKILL on its own.
  const onSignal = (): void => {
    const { supervision } = running;
    if (supervision === undefined) {
      interrupted.abort(new Error("interrupted before the topology was ready"));
      return;
    }
    if (stopping) return;
    stopping = true;
    void supervision.stop().then((code) => process.exit(code));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const env = { ...process.env };
  const addedEnv: Record<string, string> = {};
  if (env.ISSUER_KEYS_FILE === undefined || env.ISSUER_KEYS_FILE === "") {
    const { path, created } = await developmentKeys(ROOT);
    env.ISSUER_KEYS_FILE = path;
    addedEnv.ISSUER_KEYS_FILE = path;
    process.stdout.write(`topology: development signing key ${path} (${created ? "created" : "reused"}; set ISSUER_KEYS_FILE for your own)\n`);
  }
  let topology: Topology;
  try {
    const formatLine = lineFormat();
    topology = await startTopology({ env, signal: interrupted.signal, ...(formatLine === undefined ? {} : { formatLine }) });
  } catch (error) {
    process.stderr.write(`topology: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(interrupted.signal.aborted ? 0 : 1);
  }
  running.supervision = supervise(topology, (line) => process.stderr.write(`${line}\n`), { addedEnv });
  process.stdout.write(readyLine(topology));
}

void main();
