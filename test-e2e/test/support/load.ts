// A steady load: a few clients, each calling GET /me on Express and Koa and GetMe on gRPC in turn,
// as fast as the services answer, each keeping its own token fresh. What went over the wire is in
// the shared Wire; a call for which a client had no token (the issuer was restarting and its token
// had run out) is counted apart, because no request was sent with a token then.
import { isClientError, type Client } from "@org/client";
import { setTimeout as sleep } from "node:timers/promises";
import type { Target } from "./env.js";
import { resources, type Resources } from "./resources.js";
import { SERVICES } from "./verdict.js";
import type { Wire } from "./wire.js";

/** Pause after a call that did not succeed, before the worker goes on. */
const PAUSE_MS = 100;

/** A running load. */
export interface Load {
  /**
   * Calls that were not sent for want of a token (temporary issuer failures): HTTP calls whose
   * client threw, gRPC calls that the client's call credentials ended before sending.
   */
  unsent(): number;
  /** Errors that ended a worker (a session lost for good, a bug): there must be none. */
  readonly fatal: () => readonly string[];
  /** Ends every worker after its current call and waits for them; closes their channels. */
  stop(): Promise<void>;
}

async function work(api: Resources, stopped: () => boolean, onNoToken: () => void, onFatal: (message: string) => void): Promise<void> {
  while (!stopped()) {
    for (const service of SERVICES) {
      try {
        // The wire records the answer; a failed one only slows this worker down.
        if ((await api.me(service)).kind !== "ok") await sleep(PAUSE_MS);
      } catch (error) {
        if (!isClientError(error) || !error.temporary) {
          onFatal(`${service}: ${error instanceof Error ? error.message : String(error)}`);
          return;
        }
        onNoToken();
        await sleep(PAUSE_MS);
      }
    }
  }
}

/**
 * Starts one worker per client (each logged in already, sharing `wire`).
 *
 * @example
 * ```ts
 * const load = startLoad(target, clients, wire);
 * // … rotate keys …
 * await load.stop();
 * ```
 */
export function startLoad(target: Target, clients: readonly Client[], wire: Wire): Load {
  let stopped = false;
  let withoutToken = 0;
  const fatal: string[] = [];
  const apis = clients.map((client) => resources(target, client, wire));
  const workers = apis.map((api) =>
    work(
      api,
      () => stopped,
      () => {
        withoutToken += 1;
      },
      (message) => fatal.push(message),
    ),
  );
  return {
    unsent: () => withoutToken + wire.attempts.filter((a) => a.service === "grpc" && a.kid === undefined).length,
    fatal: () => fatal,
    stop: async () => {
      stopped = true;
      await Promise.all(workers);
      for (const api of apis) api.close();
    },
  };
}
