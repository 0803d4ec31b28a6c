import { performance } from "node:perf_hooks";
import { accepted } from "../calls.js";
import type { Step } from "../step.js";

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

export const issuerDown: Step = {
  title: "the issuer stopped: the services keep verifying",
  why: "Verification needs the issuer's public key, not the issuer: it can be down, redeployed or scaled apart.",
  async run(ctx) {
    const { topology } = ctx.world;
    const exit = await topology.stopService("issuer");
    ctx.check(exit !== undefined && !(await reachable(topology.urls.issuer)), `issuer stopped (${exit?.code === 0 ? "exit 0" : String(exit?.signal ?? exit?.code)}); ${topology.urls.issuer} refuses connections`);
    const ok = ctx.expectAll(await ctx.callAll(`Bearer ${ctx.token("alice")}`), (_, a) => accepted(a));
    let loginRefused = false;
    try {
      await ctx.client("demo-cli").loginWithPassword({ username: "alice", password: "alice-demo-password" });
    } catch {
      loginRefused = true;
    }
    ctx.check(loginRefused, "a new login fails meanwhile: issuing needs the issuer, verifying does not");
    const start = performance.now();
    await topology.relaunch("issuer");
    const ms = performance.now() - start;
    ctx.check(await reachable(topology.urls.issuer), `issuer started again, ready in ${ms.toFixed(0)} ms, same keys file`);
    return ok ? "all three kept verifying" : "a service stopped verifying";
  },
};
