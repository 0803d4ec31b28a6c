// Redis commands per verified request: INFO commandstats of the bench redis-server before and
// after a load on a service's protected route with revocation on. The replica's checker reads
// memory only, so the request path should send none; the replica's own loop (one blocking XREAD a
// second, or one per new entry) runs whatever the traffic, and is counted apart.
import type { RunningRedis } from "@org/testkit";
import { setTimeout as sleep } from "node:timers/promises";
import type { LoadGenerator } from "../../load/generator.js";
import { routeLoad, startServer, type ServerSettings, type Transport } from "../services/servers.js";

/** What one service sent Redis during a load. */
export interface CommandCount {
  readonly transport: Transport;
  readonly requests: number;
  readonly seconds: number;
  /** Commands by name, the replica's loop (xread) included, our INFO excluded. */
  readonly commands: Readonly<Record<string, number>>;
  /** Commands other than the replica's XREAD loop, per verified request. */
  readonly perRequest: number;
}

const BACKGROUND = new Set(["xread"]);
// The measurement's own command.
const OURS = new Set(["info"]);

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, calls] of Object.entries(after)) {
    const delta = calls - (before[name] ?? 0);
    if (delta > 0 && !OURS.has(name)) out[name] = delta;
  }
  return out;
}

/**
 * Starts each service with revocation on, loads its protected route for `durationMs`, and counts
 * what Redis received meanwhile.
 *
 * @example
 * ```ts
 * const counts = await commandsPerRequest(redis, settings, token, generator, 3000);
 * ```
 */
export async function commandsPerRequest(
  redis: RunningRedis,
  settings: ServerSettings,
  token: string,
  generator: LoadGenerator,
  durationMs: number,
): Promise<CommandCount[]> {
  const counts: CommandCount[] = [];
  for (const transport of ["express", "koa", "grpc"] as const) {
    const server = await startServer(transport, "on", settings);
    try {
      await sleep(1_500); // past the first full load and into the XREAD loop
      const before = await redis.commandStats();
      const started = performance.now();
      const result = await generator.run(routeLoad(server, "protected", token, durationMs));
      const seconds = (performance.now() - started) / 1000;
      const commands = difference(await redis.commandStats(), before);
      if (result.failed > 0) throw new Error(`${transport}: ${String(result.failed)} requests failed`);
      const onPath = Object.entries(commands).reduce((sum, [name, calls]) => sum + (BACKGROUND.has(name) ? 0 : calls), 0);
      counts.push({ transport, requests: result.requests, seconds, commands, perRequest: onPath / result.requests });
    } finally {
      await server.stop();
    }
  }
  return counts;
}
