// What `pnpm start` does once the topology is ready: a service that stops or crashes is reported
// in one line and the others keep serving (the point of verification without shared state); a
// stop signal stops everything, and the exit code says whether any service failed.
import type { ServiceExit } from "./child.js";
import { describeExit } from "./errors.js";
import { SERVICES } from "./services.js";
import type { Topology } from "./topology.js";

/** A topology under supervision. */
export interface Supervision {
  /** Services that exited on their own so far. */
  readonly failed: readonly ServiceExit[];
  /** Stops every service still running; resolves with the exit code: 1 if any service failed. */
  stop(): Promise<number>;
}

/** A clean stop: exit 0 after our SIGTERM. Anything else (exit 1: requests were cut; SIGKILL) is a failure. */
function stoppedCleanly(exit: ServiceExit): boolean {
  return exit.code === 0;
}

/** What the bring-back command needs beyond the caller's own environment. */
export interface SuperviseOptions {
  /** Variables the launcher set for the services itself (the development key file), put before the command. */
  readonly addedEnv?: Readonly<Record<string, string>>;
}

/** A shell word as typed: plain when safe, else single-quoted. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * Reports each service that exits after the topology was ready, through `report`, in one line with
 * its name, exit code or signal, and how to bring it back (with the variables the launcher added, so
 * the issuer comes back with the same key); leaves the others running.
 *
 * @example
 * ```ts
 * const supervision = supervise(topology, (line) => process.stderr.write(`${line}\n`), { addedEnv: { ISSUER_KEYS_FILE: path } });
 * process.once("SIGINT", () => void supervision.stop().then((code) => process.exit(code)));
 * ```
 */
export function supervise(topology: Topology, report: (line: string) => void, options: SuperviseOptions = {}): Supervision {
  const failed: ServiceExit[] = [];
  const prefix = Object.entries(options.addedEnv ?? {})
    .map(([name, value]) => `${name}=${shellWord(value)} `)
    .join("");
  topology.onExit((exit) => {
    failed.push(exit);
    const { packageName } = SERVICES[exit.service];
    report(
      `topology: ${exit.service} ${describeExit(exit.code, exit.signal)}; the others keep serving ` +
        `(bring it back with: ${exit.service === "issuer" ? prefix : ""}pnpm --filter ${packageName} start)`,
    );
  });
  let stopping: Promise<number> | undefined;
  return {
    failed,
    stop: () => {
      stopping ??= topology.stop().then((exits) => {
        for (const exit of exits) if (!stoppedCleanly(exit)) report(`topology: ${exit.service} ${describeExit(exit.code, exit.signal)} while stopping`);
        return failed.length > 0 || !exits.every(stoppedCleanly) ? 1 : 0;
      });
      return stopping;
    },
  };
}
