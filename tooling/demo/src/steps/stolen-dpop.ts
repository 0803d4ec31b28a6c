import { DpopProver, type Client } from "@org/client";
import { callCredentials } from "@org/client/grpc";
import { RESOURCE_METHODS } from "@org/proto";
import { TOKEN_ERRORS } from "@org/token";
import { accepted, grpcMe, httpMe, type Answer, type ServiceName } from "../calls.js";
import { DEMO_PASSWORDS, type Context } from "../context.js";
import { decodePart, type Step } from "../step.js";

/** 401 invalid_token on the DPoP challenge with `description` on HTTP, UNAUTHENTICATED with it on gRPC. */
function refusedAs(description: string): (service: ServiceName, a: Answer) => boolean {
  return (service, a) =>
    service === "grpc"
      ? a.status === "UNAUTHENTICATED" && a.description === description
      : a.status === 401 && a.error === "invalid_token" && a.description === description && /^DPoP realm="[^"]+", algs="[^"]+", error=/.test(a.challenge ?? "");
}

/** The stolen token as DPoP on all three services, each with a right proof by the thief's own key. */
async function withThiefProofs(ctx: Context, token: string, thief: DpopProver): Promise<Record<ServiceName, Answer>> {
  const { urls } = ctx.world.topology;
  const authorization = `DPoP ${token}`;
  const proofFor = (method: string, url: string): Promise<string> => thief.proof({ method, url }, token);
  const [express, koa, grpc] = await Promise.all([
    proofFor("GET", `${urls.express}/me`).then((dpop) => httpMe(urls.express, authorization, { method: "GET", path: "/me", dpop })),
    proofFor("GET", `${urls.koa}/me`).then((dpop) => httpMe(urls.koa, authorization, { method: "GET", path: "/me", dpop })),
    proofFor("POST", `http://${urls.grpc}${RESOURCE_METHODS.GetMe}`).then((dpop) => grpcMe(ctx.stub, authorization, { dpop })),
  ]);
  return { express, koa, grpc };
}

/** alice's own client on all three: a fresh proof per request, by the key the token is bound to. */
async function aliceCalls(ctx: Context, client: Client): Promise<Record<ServiceName, Answer>> {
  const { urls } = ctx.world.topology;
  const http = async (base: string): Promise<Answer> => {
    const res = await client.fetch(`${base}/me`);
    const body: unknown = await res.json();
    return { status: res.status, ...(typeof body === "object" && body !== null ? { body: body as Record<string, unknown> } : {}) };
  };
  const credentials = callCredentials(client, { baseUrl: `http://${urls.grpc}` });
  const [express, koa, grpc] = await Promise.all([http(urls.express), http(urls.koa), grpcMe(ctx.stub, undefined, { credentials })]);
  return { express, koa, grpc };
}

export const stolenDpop: Step = {
  title: "a stolen DPoP-bound token is refused",
  why: "alice's client logs in with DPoP (RFC 9449): her token names her client's key (cnf.jkt), so a copy of it is worthless without that key, which never leaves her client.",
  async run(ctx) {
    const client = ctx.client("demo-cli", undefined, true);
    await client.loginWithPassword({ username: "alice", password: DEMO_PASSWORDS.alice, scope: "profile" });
    const token = await client.accessToken();
    const cnf = decodePart(token, 1).cnf;
    const jkt = typeof cnf === "object" && cnf !== null && "jkt" in cnf ? String(cnf.jkt) : "";
    ctx.check(jkt !== "", `POST /token with a DPoP proof: her token is bound to her client's key (cnf.jkt ${jkt.slice(0, 12)}…)`);
    ctx.n.line("info", "a thief copies the token (from a log, say) and presents it as Bearer:");
    const asBearer = ctx.expectAll(await ctx.callAll(`Bearer ${token}`), refusedAs(TOKEN_ERRORS.dpop_scheme_required.description));
    ctx.n.line("info", "then as DPoP, with right proofs signed by a key of the thief's own:");
    const thief = new DpopProver("ES256");
    const asDpop = ctx.expectAll(await withThiefProofs(ctx, token, thief), refusedAs(TOKEN_ERRORS.dpop_binding_mismatch.description));
    ctx.n.line("info", "alice's client, meanwhile, with a fresh proof by her key for every request:");
    const hers = ctx.expectAll(await aliceCalls(ctx, client), (service, a) => accepted(a) && a.body?.sub === "alice" && a.body.service === service);
    return asBearer && asDpop && hers ? "Bearer and thief's proof refused on all three; alice's client 200, 200, OK" : "not as expected";
  },
};
