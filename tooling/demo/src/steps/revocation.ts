import { accepted, describeAnswer, type Answer, type ServiceName } from "../calls.js";
import type { Context } from "../context.js";
import { decodePart, type Step } from "../step.js";

const ADMIN = { id: "ops-console", secret: "ops-console-secret" };

/** Polls until every service refuses `token`; checks how, and says how long it took. */
async function propagation(ctx: Context, token: string, ...descriptions: string[]): Promise<string> {
  const ms = await ctx.untilRefusedEverywhere(token);
  if (ms === undefined) {
    ctx.check(false, "still accepted somewhere 5 s later");
    return "not refused everywhere";
  }
  const refused = (service: ServiceName, a: Answer): boolean =>
    (service === "grpc" ? a.status === "UNAUTHENTICATED" : a.status === 401) && descriptions.includes(a.description ?? "");
  ctx.expectAll(await ctx.callAll(`Bearer ${token}`), refused);
  ctx.check(ms < 1_000, `refused by all three ${ms.toFixed(1)} ms after the issuer's answer (contract: within 1 s; no Redis call per request)`);
  return `refused everywhere in ${ms.toFixed(1)} ms`;
}

export const revokeApp: Step = {
  title: "revoke one app",
  why: "alice also uses the web app (demo-web); she signs it out alone: that app's tokens die, her CLI session lives on.",
  needsRevocation: true,
  async run(ctx) {
    const web = await ctx.login("alice-web", "alice", "demo-web", { scope: "profile" });
    ctx.expectAll(await ctx.callAll(`Bearer ${web}`), (_, a) => accepted(a));
    const session = ctx.sessions.get("alice-web");
    await session?.client.logout({ clientOnly: true });
    ctx.n.line("info", "POST /logout with client_id=demo-web: 204");
    const outcome = await propagation(ctx, web, "The access token has been revoked");
    const cli = await ctx.callAll(`Bearer ${ctx.token("alice")}`);
    ctx.check(Object.values(cli).every(accepted), `her demo-cli token: still ${describeAnswer(cli.express)}, ${describeAnswer(cli.koa)}, ${describeAnswer(cli.grpc)}`);
    return outcome;
  },
};

export const logoutEverywhere: Step = {
  title: "log out everywhere",
  why: "One POST /logout ends every session alice has, on every client; the services learn it from Redis in the background.",
  needsRevocation: true,
  async run(ctx) {
    const token = ctx.token("alice");
    await ctx.sessions.get("alice")?.client.logout();
    ctx.n.line("info", "POST /logout with her token: 204");
    const outcome = await propagation(ctx, token, "The access token has been revoked");
    const narrowed = (await ctx.callAll(`Bearer ${ctx.token("alice-koa")}`)).koa;
    ctx.check(narrowed.status === 401, `her Koa-only token too: ${describeAnswer(narrowed)}`);
    const fresh = await ctx.login("alice", "alice", "demo-cli", { scope: "profile" });
    ctx.check(Object.values(await ctx.callAll(`Bearer ${fresh}`)).every(accepted), "she logs in again at once: a revocation never touches tokens issued after it");
    return outcome;
  },
};

export const keyWithdrawal: Step = {
  title: "emergency: withdraw a signing key",
  why: "The key is thought leaked: the admin withdraws it; every token it signed is refused, and the issuer signs with the next key at once.",
  needsRevocation: true,
  async run(ctx) {
    const { kids, topology } = ctx.world;
    const bob = ctx.token("bob");
    const res = await fetch(`${topology.urls.issuer}/admin/revocations`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${ADMIN.id}:${ADMIN.secret}`).toString("base64")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ scope: "key", kid: kids.active }),
    });
    ctx.check(res.status === 204, `POST /admin/revocations {"scope":"key","kid":"${kids.active.slice(0, 8)}…"} as ops-console: ${res.status}`);
    // Refused as revoked at once, from the replicated withdrawal; as an unknown key once the JWKS is refetched.
    const outcome = await propagation(ctx, bob, "The access token has been revoked", "The access token signing key is unknown");
    const jwks = (await (await fetch(`${topology.urls.issuer}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    ctx.check(!jwks.keys.some((k) => k.kid === kids.active), "the JWKS no longer publishes it");
    const fresh = await ctx.login("bob", "bob", "demo-cli", { scope: "profile" });
    const kid = decodePart(fresh, 0).kid;
    ctx.check(kid === kids.next && Object.values(await ctx.callAll(`Bearer ${fresh}`)).every(accepted), "bob logs in again: signed with the next key, accepted everywhere");
    return outcome;
  },
};
