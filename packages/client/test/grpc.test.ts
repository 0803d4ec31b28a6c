import * as grpc from "@grpc/grpc-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Client } from "../src/index.js";
import { callCredentials, retryInterceptor } from "../src/grpc/index.js";
import { setup, until, type Env } from "./support/env.js";
import { EchoCaller, EchoServer } from "./support/grpc.js";
import { ALICE } from "./support/issuer.js";

let env: Env;
let server: EchoServer;
let client: Client;
let caller: EchoCaller;
beforeEach(async () => {
  env = await setup();
  server = await EchoServer.start();
  client = env.publicClient();
  await client.loginWithPassword(ALICE);
  caller = new EchoCaller(server.address, callCredentials(client), [retryInterceptor(client)]);
});
afterEach(async () => {
  caller.close();
  server.stop();
  await env.close();
});

/** The server accepts only the newest access token and counts it 300 s (or `expiresIn`). */
function acceptNewest(expiresIn = "300"): void {
  server.judge = (token) => (token === env.issuer.lastAccessToken ? { code: grpc.status.OK, expiresIn } : { code: grpc.status.UNAUTHENTICATED });
}

describe("callCredentials", () => {
  it("sends authorization: Bearer <token> with every call, on a plaintext channel when given per call", async () => {
    const first = await caller.me({ n: 1 });
    const second = await caller.me({ n: 2 });
    expect([first.code, second.code]).toEqual([grpc.status.OK, grpc.status.OK]);
    expect(first.value).toEqual({ request: { n: 1 } });
    expect(server.received.map((r) => r.authorization)).toEqual([
      [`Bearer ${env.issuer.lastAccessToken}`],
      [`Bearer ${env.issuer.lastAccessToken}`],
    ]);
  });

  it("refreshes ahead of expiry before the call is sent", async () => {
    const first = env.issuer.lastAccessToken;
    env.time.advance(290);
    expect((await caller.me()).code).toBe(grpc.status.OK);
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
    expect(server.tokens).toEqual([env.issuer.lastAccessToken]);
    expect(server.tokens).not.toContain(first);
  });

  it("shares one renewal among 20 parallel calls, and with client.fetch", async () => {
    env.time.advance(290);
    env.issuer.hold();
    const calls = Promise.all([...Array.from({ length: 20 }, () => caller.me()), client.fetch(env.resource.url)]);
    await until(() => env.issuer.grants("refresh_token").length === 1, "the refresh to reach the issuer");
    env.issuer.release();
    const outcomes = await calls;
    expect(outcomes.slice(0, 20).map((o) => ("code" in o ? o.code : -1))).toEqual(Array.from({ length: 20 }, () => grpc.status.OK));
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
    expect(new Set(server.tokens)).toEqual(new Set([env.issuer.lastAccessToken]));
  });

  it("fails the call before sending it when there is no session: UNAUTHENTICATED, with a safe text", async () => {
    await client.logout();
    const outcome = await caller.me();
    expect(outcome.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(outcome.details).toContain("login_required");
    expect(server.received).toEqual([]);
  });

  it("fails with UNAVAILABLE when the token has expired and the issuer cannot renew it now", async () => {
    env.time.advance(400);
    env.issuer.scripted.push({ status: 503, body: { error: "temporarily_unavailable" }, headers: { "retry-after": "3" } });
    const outcome = await caller.me();
    expect(outcome.code).toBe(grpc.status.UNAVAILABLE);
    expect(outcome.details).toContain("temporarily_unavailable");
    for (const token of env.issuer.accessTokens) expect(outcome.details).not.toContain(token);
    expect(server.received).toEqual([]);
  });
});

describe("retryInterceptor", () => {
  it("reads token-expires-in into the expiry estimate: 10 s left makes the next call refresh", async () => {
    acceptNewest("10");
    const outcome = await caller.me();
    expect(outcome.expiresIn).toEqual(["10"]);
    expect(env.issuer.grants("refresh_token")).toHaveLength(0);
    await caller.me();
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
    expect(server.tokens[1]).toBe(env.issuer.lastAccessToken);
  });

  it("retries a unary call once on UNAUTHENTICATED, with a renewed token, the same request and metadata", async () => {
    const first = env.issuer.lastAccessToken;
    server.judge = (_token, index) => ({ code: index === 0 ? grpc.status.UNAUTHENTICATED : grpc.status.OK, expiresIn: "300" });
    const outcome = await caller.me({ n: 7 }, "trace-1");
    expect(outcome).toMatchObject({ code: grpc.status.OK, value: { request: { n: 7 } }, expiresIn: ["300"] });
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
    expect(server.tokens).toEqual([first, env.issuer.lastAccessToken]);
    expect(server.received.map((r) => [r.request, r.trace])).toEqual([
      [{ n: 7 }, "trace-1"],
      [{ n: 7 }, "trace-1"],
    ]);
  });

  it("applies the retried call's token-expires-in to the renewed token", async () => {
    server.judge = (_token, index) => (index === 0 ? { code: grpc.status.UNAUTHENTICATED } : { code: grpc.status.OK, expiresIn: "10" });
    expect((await caller.me()).code).toBe(grpc.status.OK);
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
    await caller.me();
    expect(env.issuer.grants("refresh_token")).toHaveLength(2);
  });

  it("returns the UNAUTHENTICATED when no new token can be had", async () => {
    server.judge = () => ({ code: grpc.status.UNAUTHENTICATED });
    env.issuer.liveRefresh.clear();
    const outcome = await caller.me();
    expect(outcome).toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: "refused by the test" });
    expect(server.received).toHaveLength(1);
  });

  it("retries only once: a second UNAUTHENTICATED reaches the caller", async () => {
    server.judge = () => ({ code: grpc.status.UNAUTHENTICATED });
    const outcome = await caller.me();
    expect(outcome).toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: "refused by the test" });
    expect(server.received).toHaveLength(2);
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
  });

  it("shares one renewal when parallel calls are refused", async () => {
    acceptNewest();
    env.issuer.accessTokens.push("no-longer-the-newest");
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => caller.me()));
    expect(outcomes.map((o) => o.code)).toEqual(Array.from({ length: 10 }, () => grpc.status.OK));
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
  });

  it.each([
    ["PERMISSION_DENIED", grpc.status.PERMISSION_DENIED],
    ["UNAVAILABLE", grpc.status.UNAVAILABLE],
    ["INVALID_ARGUMENT", grpc.status.INVALID_ARGUMENT],
  ] as const)("does not retry %s", async (_name, code) => {
    server.judge = () => ({ code });
    expect((await caller.me()).code).toBe(code);
    expect(server.received).toHaveLength(1);
    expect(env.issuer.grants("refresh_token")).toHaveLength(0);
  });

  it("does not retry a streaming call, but the next call renews the refused token", async () => {
    const first = env.issuer.lastAccessToken;
    server.judge = (_token, index) => ({ code: index === 0 ? grpc.status.UNAUTHENTICATED : grpc.status.OK });
    expect((await caller.count()).code).toBe(grpc.status.UNAUTHENTICATED);
    expect(server.received).toHaveLength(1);
    const streamed = await caller.count();
    expect(streamed).toMatchObject({ code: grpc.status.OK, value: [{ n: 1 }] });
    expect(server.tokens).toEqual([first, env.issuer.lastAccessToken]);
  });

  it("lets a cancelled call end as CANCELLED", async () => {
    env.time.advance(290);
    env.issuer.hold();
    const raw = new grpc.Client(server.address, grpc.credentials.createInsecure(), { interceptors: [retryInterceptor(client)] });
    const outcome = new Promise<grpc.status>((resolve) => {
      const call = raw.makeUnaryRequest(ME_PATH, serialize, deserialize, {}, new grpc.Metadata(), { credentials: callCredentials(client) }, (error) => {
        resolve(error?.code ?? grpc.status.OK);
      });
      void until(() => env.issuer.grants("refresh_token").length === 1, "the refresh").then(() => {
        call.cancel();
      });
    });
    expect(await outcome).toBe(grpc.status.CANCELLED);
    env.issuer.release();
    raw.close();
    expect(server.received).toEqual([]);
  });
});

const ME_PATH = "/test.v1.Echo/Me";
const serialize = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const deserialize = (bytes: Buffer): unknown => JSON.parse(bytes.toString("utf8"));
