// The story, in order: each step narrates, checks what it promises, and adds a row to the closing
// table. A step that throws is a failed row; the story goes on where it can.
import { performance } from "node:perf_hooks";
import { SERVICES, grpcStub } from "./calls.js";
import { Context, type StepResult } from "./context.js";
import { Narrator } from "./narrator.js";
import type { Step } from "./step.js";
import { cost } from "./steps/cost.js";
import { everywhere, expiryHint } from "./steps/everywhere.js";
import { issuerDown } from "./steps/issuer-down.js";
import { decode, login } from "./steps/login.js";
import { expired, missingScope, narrowed, otherScheme, tampered } from "./steps/refusals.js";
import { keyWithdrawal, logoutEverywhere, revokeApp } from "./steps/revocation.js";
import { startWorld } from "./world.js";

/** Every step, in the order told. */
export const STEPS: readonly Step[] = [
  login,
  decode,
  everywhere,
  expiryHint,
  tampered,
  expired,
  narrowed,
  otherScheme,
  missingScope,
  issuerDown,
  revokeApp,
  logoutEverywhere,
  keyWithdrawal,
  cost,
];

async function runStep(ctx: Context, step: Step, index: number): Promise<StepResult> {
  ctx.n.heading(index + 1, step.title, step.why);
  if (step.needsRevocation === true && "skipped" in ctx.world.redis) {
    ctx.n.line("skip", `skipped: revocation is off, ${ctx.world.redis.skipped}`);
    return { title: step.title, mark: "skip", outcome: "revocation off" };
  }
  try {
    const outcome = await step.run(ctx);
    return { title: step.title, mark: ctx.takeFailures() === 0 ? "ok" : "fail", outcome };
  } catch (error) {
    ctx.takeFailures();
    const message = error instanceof Error ? error.message : String(error);
    ctx.n.line("fail", `failed: ${message}`);
    return { title: step.title, mark: "fail", outcome: message };
  }
}

/**
 * Starts the world, tells every step, prints the summary, stops everything. Resolves with the
 * exit code: 0 when every step behaved as stated (skipped steps included), 1 otherwise.
 *
 * @example
 * ```ts
 * process.exitCode = await runStory(new Narrator(process.stdout, false), process.env);
 * ```
 */
export async function runStory(n: Narrator, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const started = performance.now();
  n.title("Stateless API authentication, told in steps");
  const world = await startWorld(env);
  const { urls } = world.topology;
  n.note(`issuer ${urls.issuer}, express ${urls.express}, koa ${urls.koa}, grpc ${urls.grpc} (ready in ${world.topology.totalReadyMs} ms)`);
  n.note("url" in world.redis ? `revocation on: its own redis-server on ${world.redis.url}` : `revocation off: ${world.redis.skipped}`);
  const stub = grpcStub(urls.grpc);
  // Ctrl-C mid-story still stops the services and Redis, and removes the keys.
  const interrupted = (): void => {
    stub.close();
    void world.stop().then(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  const results: StepResult[] = [];
  try {
    const ctx = new Context(n, world, stub);
    for (const [i, step] of STEPS.entries()) results.push(await runStep(ctx, step, i));
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    stub.close();
    await world.stop();
  }
  n.table(["", "step", "what happened"], results.map((r, i) => [r.mark, `${i + 1}. ${r.title}`, r.outcome]));
  const failed = results.filter((r) => r.mark === "fail").length;
  const skipped = results.filter((r) => r.mark === "skip").length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  n.note(
    `\n${results.length - failed - skipped} of ${results.length} steps as stated` +
      (skipped > 0 ? `, ${skipped} skipped` : "") +
      (failed > 0 ? `, ${failed} NOT as stated` : "") +
      ` across ${SERVICES.length} services, in ${seconds} s; everything it started is stopped.`,
  );
  return failed === 0 ? 0 : 1;
}
