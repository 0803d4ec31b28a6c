import { readFile } from "node:fs/promises";
import { KeySet, createSigner } from "@org/token";
import { accepted, grpcMe, httpMe, type Answer, type ServiceName } from "../calls.js";
import type { Context } from "../context.js";
import { decodePart, replacePart, type Step } from "../step.js";

const AUDIENCES = ["urn:demo:express", "urn:demo:koa", "urn:demo:grpc"];
// Members the issuer's keys file keeps for rotation; not part of a JWK.
const BOOKKEEPING = ["published_at", "promoted_at", "demoted_at"];

/** 401 invalid_token with `description` on HTTP, UNAUTHENTICATED with it on gRPC. */
function invalidToken(description: string): (service: ServiceName, a: Answer) => boolean {
  return (service, a) =>
    service === "grpc"
      ? a.status === "UNAUTHENTICATED" && a.description === description
      : a.status === 401 && a.error === "invalid_token" && a.description === description;
}

async function refusedEverywhere(ctx: Context, authorization: string, description: string): Promise<string> {
  const ok = ctx.expectAll(await ctx.callAll(authorization), invalidToken(description));
  return ok ? `401 / UNAUTHENTICATED: ${description.toLowerCase()}` : "not refused as expected";
}

export const tampered: Step = {
  title: "a tampered token",
  why: "bob edits his own token to grant himself orders:write; the signature no longer matches, whatever the claims say.",
  async run(ctx) {
    const token = ctx.token("bob");
    const forged = replacePart(token, 1, { ...decodePart(token, 1), scope: "profile orders:read orders:write" });
    return refusedEverywhere(ctx, `Bearer ${forged}`, "The access token signature is invalid");
  },
};

export const expired: Step = {
  title: "an expired token",
  why: "Signed with the issuer's real key, but its exp is 5 minutes past: a stolen token is worth little for long.",
  async run(ctx) {
    const file = JSON.parse(await readFile(ctx.world.keysFile, "utf8")) as { keys: Record<string, unknown>[] };
    const jwks = { keys: file.keys.map((k) => Object.fromEntries(Object.entries(k).filter(([name]) => !BOOKKEEPING.includes(name)))) };
    const tenMinutesAgo = Date.now() - 600_000;
    const signer = createSigner({ keys: await KeySet.fromJwks(jwks), issuer: ctx.world.topology.issuer, clock: () => tenMinutesAgo });
    const { token } = await signer.accessToken({ sub: "alice", client_id: "demo-cli", aud: AUDIENCES, scope: "profile" });
    return refusedEverywhere(ctx, `Bearer ${token}`, "The access token expired");
  },
};

export const narrowed: Step = {
  title: "a token narrowed to one service",
  why: "alice asks for a token for Koa only (RFC 8707 resource=urn:demo:koa): if it leaks from Koa's logs, Express and gRPC refuse it.",
  async run(ctx) {
    const token = await ctx.login("alice-koa", "alice", "demo-cli", { scope: "profile", resource: "urn:demo:koa" });
    ctx.n.line("info", `aud ${JSON.stringify(decodePart(token, 1).aud)}`);
    const notForMe = invalidToken("The access token is not intended for this audience");
    const ok = ctx.expectAll(await ctx.callAll(`Bearer ${token}`), (service, a) => (service === "koa" ? accepted(a) : notForMe(service, a)));
    return ok ? "Koa 200; Express 401, gRPC UNAUTHENTICATED" : "not as expected";
  },
};

export const otherScheme: Step = {
  title: "credentials of another scheme",
  why: "Basic credentials are not a token: the answer is the bare challenges, Bearer and DPoP (RFC 6750 §3.1, RFC 9449 §7.1), which say how to authenticate and nothing more.",
  async run(ctx) {
    const answers = await ctx.callAll("Basic ZGVtbzpkZW1v");
    const ok = ctx.expectAll(answers, (service, a) =>
      service === "grpc" ? a.status === "UNAUTHENTICATED" : a.status === 401 && /^Bearer realm="[^"]+", DPoP realm="[^"]+", algs="[^"]+"$/.test(a.challenge ?? ""),
    );
    const challenge = answers.express.challenge ?? "";
    ctx.n.line("info", `WWW-Authenticate: ${challenge}`);
    return ok ? "401 with the bare challenges" : "not as expected";
  },
};

export const missingScope: Step = {
  title: "a valid token without the scope",
  why: "bob's token is genuine but lacks orders:write: 403 and the scope he would need, on every transport.",
  async run(ctx) {
    const authorization = `Bearer ${ctx.token("bob")}`;
    const order = { item: "book", quantity: 1 };
    const { urls } = ctx.world.topology;
    const post = { method: "POST", path: "/orders", json: order } as const;
    const [express, koa, grpc] = await Promise.all([
      httpMe(urls.express, authorization, post),
      httpMe(urls.koa, authorization, post),
      grpcMe(ctx.stub, authorization, order),
    ]);
    const ok = ctx.expectAll({ express, koa, grpc }, (service, a) =>
      service === "grpc" ? a.status === "PERMISSION_DENIED" : a.status === 403 && a.error === "insufficient_scope" && /scope="orders:write"/.test(a.challenge ?? ""),
    );
    ctx.n.line("info", `WWW-Authenticate: ${express.challenge ?? ""}`);
    return ok ? "403 insufficient_scope / PERMISSION_DENIED" : "not as expected";
  },
};
