// Readiness as the contract defines it: GET /readyz on the HTTP services (200 {"status":"ready"},
// else 503 {"status":"not_ready","reason":…}), the standard gRPC health service on the gRPC one.
import { setTimeout as sleep } from "node:timers/promises";
import { grpcServing } from "@org/topology";
import type { Target } from "./env.js";

/** How long {@link waitUntilReady} waits for a given topology (a compose start can be slow). */
export const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 100;
const PROBE_TIMEOUT_MS = 5_000;

/** What one service says about itself. */
export type Readiness = "ready" | "degraded" | "not_ready" | `unexpected: ${string}`;

/**
 * `GET <base>/readyz`, as the contract's words: 200 `ready` (or `degraded` when failing open),
 * 503 `not_ready` with a reason; anything else is `unexpected`.
 *
 * @example
 * ```ts
 * await httpReadiness("http://127.0.0.1:4001"); // "ready"
 * ```
 */
export async function httpReadiness(base: string): Promise<Readiness> {
  let response: Response;
  try {
    response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  } catch (error) {
    return `unexpected: ${error instanceof Error ? error.name : "no answer"}`;
  }
  const body: unknown = await response.json().catch(() => undefined);
  const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  if (response.status === 200 && (fields.status === "ready" || fields.status === "degraded")) return fields.status;
  if (response.status === 503 && fields.status === "not_ready" && typeof fields.reason === "string" && fields.reason !== "") {
    return "not_ready";
  }
  return `unexpected: ${String(response.status)} ${JSON.stringify(body)}`;
}

/**
 * The gRPC service's health (`grpc.health.v1.Health/Check` for the whole server).
 *
 * @example
 * ```ts
 * await grpcReadiness("127.0.0.1:50051"); // "ready"
 * ```
 */
export async function grpcReadiness(address: string): Promise<Readiness> {
  return (await grpcServing(address, "", PROBE_TIMEOUT_MS)) ? "ready" : "not_ready";
}

/**
 * What every resource service says.
 *
 * @example
 * ```ts
 * await readinessEverywhere(target); // { express: "ready", koa: "ready", grpc: "ready" }
 * ```
 */
export async function readinessEverywhere(target: Target): Promise<Record<"express" | "koa" | "grpc", Readiness>> {
  const [express, koa, grpc] = await Promise.all([httpReadiness(target.express), httpReadiness(target.koa), grpcReadiness(target.grpc)]);
  return { express, koa, grpc };
}

/**
 * Polls until the issuer and the three resource services are ready; throws naming the ones that
 * are not after {@link READY_TIMEOUT_MS}.
 *
 * @example
 * ```ts
 * await waitUntilReady(target);
 * ```
 */
export async function waitUntilReady(target: Target): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const seen = { issuer: await httpReadiness(target.issuerUrl), ...(await readinessEverywhere(target)) };
    const waiting = Object.entries(seen).filter(([, state]) => state !== "ready");
    if (waiting.length === 0) return;
    if (Date.now() > deadline) {
      const list = waiting.map(([name, state]) => `${name} (${state})`).join(", ");
      throw new Error(`test-e2e: not ready after ${String(READY_TIMEOUT_MS / 1000)} s: ${list}`);
    }
    await sleep(POLL_MS);
  }
}
