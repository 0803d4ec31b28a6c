import { performance } from "node:perf_hooks";
import { SERVICES, accepted } from "../calls.js";
import type { Step } from "../step.js";

export const everywhere: Step = {
  title: "the same token, accepted by Express, Koa and gRPC",
  why: "Each service checks the signature and claims itself, with the issuer's public key fetched once at start: no call to the issuer, no shared session store.",
  async run(ctx) {
    const token = ctx.token("alice");
    const start = performance.now();
    const answers = await ctx.callAll(`Bearer ${token}`);
    const ms = performance.now() - start;
    const ok = ctx.expectAll(answers, (service, a) => accepted(a) && a.body?.sub === "alice" && a.body.service === service);
    ctx.n.line("info", `three answers in ${ms.toFixed(1)} ms (first connections included), each {sub: "alice", service: …} from the token alone`);
    return ok ? "200, 200, OK" : "not accepted everywhere";
  },
};

export const expiryHint: Step = {
  title: "the client knows when its token expires",
  why: "expires_in at login, and every authenticated answer says how many seconds are left: a client refreshes ahead of time, never after a 401.",
  async run(ctx) {
    const answers = await ctx.callAll(`Bearer ${ctx.token("alice")}`);
    let all = true;
    for (const service of SERVICES) {
      const left = Number(answers[service].expiresIn);
      const where = service === "grpc" ? "token-expires-in metadata" : "Token-Expires-In header";
      all = ctx.check(Number.isInteger(left) && left > 0 && left <= 300, `${service.padEnd(7)} ${where}: ${String(answers[service].expiresIn)} s`) && all;
    }
    ctx.n.line("info", "@org/client refreshes 30 s before that (or at 10% of the lifetime), one refresh shared by every caller");
    return all ? "hint on all three" : "a hint missing";
  },
};
