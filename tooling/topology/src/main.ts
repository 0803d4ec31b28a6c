// `pnpm start`: the whole topology on the contract's ports (or the environment's) until
// SIGINT/SIGTERM (exit 0); exits 1 when a service fails to start or dies.
import { describeExit } from "./errors.js";
import { startTopology, type Topology } from "./topology.js";

function readyLine(topology: Topology): string {
  const { urls } = topology;
  return (
    `ready: issuer ${urls.issuer}, express ${urls.express}, koa ${urls.koa}, grpc ${urls.grpc}` +
    ` (in ${topology.totalReadyMs} ms)\n`
  );
}

async function main(): Promise<void> {
  const interrupted = new AbortController();
  let topology: Topology | undefined;
  let stopping = false;
  const shutdown = (code: number): void => {
    if (stopping) return;
    stopping = true;
    void topology?.stop().then(() => process.exit(code));
  };
  // Installed before the start, so a signal while services come up still stops them all.
  // A repeated signal is ignored: stop() already escalates to SIGKILL on its own.
  const onSignal = (): void => {
    if (topology === undefined) interrupted.abort(new Error("interrupted before the topology was ready"));
    else shutdown(0);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    topology = await startTopology({ env: process.env, signal: interrupted.signal });
  } catch (error) {
    console.error(`topology: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(interrupted.signal.aborted ? 0 : 1);
  }
  process.stdout.write(readyLine(topology));
  void topology.exited.then((exit) => {
    if (stopping) return;
    console.error(`topology: ${exit.service} ${describeExit(exit.code, exit.signal)}; stopping the others`);
    shutdown(1);
  });
}

void main();
