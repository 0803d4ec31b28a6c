// A DPoP client (RFC 9449): one non-extractable key per client, a proof with every token request
// and a fresh one with every request that carries the token (retries included), on HTTP and gRPC.
// Every proof is checked with @org/token's verifyDpopProof, the verifier the services run.
import type { webcrypto } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import { DpopReplayCache, isTokenError, jwkThumbprint, verifyDpopProof } from "@org/token";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { callCredentials, retryInterceptor } from "../src/grpc/index.js";
import { ClientError, DpopProver, createClient, type Client } from "../src/index.js";
import { setup, type Env } from "./support/env.js";
import { EchoCaller, EchoServer, ME } from "./support/grpc.js";
import { ALICE, PUBLIC_CLIENT } from "./support/issuer.js";

let env: Env;
beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await env.close();
});

const decode = (segment: string | undefined): Record<string, unknown> =>
  JSON.parse(Buffer.from(segment ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
const headerOf = (proof: string): Record<string, unknown> => decode(proof.split(".")[0]);
const claimsOf = (jwt: string): Record<string, unknown> => decode(jwt.split(".")[1]);
const jktOf = (proof: string): string => jwkThumbprint(headerOf(proof).jwk as Record<string, unknown>);

/** Verifies a proof as a service would, on the test's clock; "accepted" or the refusal's reason. */
function check(proof: string | undefined, htm: string, htu: string, accessToken?: string, replay = new DpopReplayCache()): string {
  try {
    verifyDpopProof(proof, { htm, htu, replay, clock: env.time.clock, ...(accessToken === undefined ? {} : { accessToken }) });
    return "accepted";
  } catch (error) {
    if (isTokenError(error)) return error.reason ?? error.code;
    throw error;
  }
}

const dpopClient = (dpop: boolean | { alg: "ES256" | "EdDSA" } = true): Client => env.publicClient({ dpop });
const sentProof = (index: number): string => String(env.resource.seen[index]?.headers.dpop);

describe("a DPoP client at the token endpoint", () => {
  it("sends a proof for POST and the metadata's token_endpoint, and takes the DPoP-bound answer", async () => {
    const client = dpopClient();
    expect(client.dpop).toBe(true);
    await client.loginWithPassword(ALICE);
    const [call] = env.issuer.grants("password");
    expect(check(call?.dpop, "POST", `${env.issuer.url}/token`)).toBe("accepted");
    expect(headerOf(call?.dpop ?? "")).toMatchObject({ typ: "dpop+jwt", alg: "ES256" });
    expect(Object.keys(headerOf(call?.dpop ?? "").jwk as object).sort()).toEqual(["crv", "kty", "x", "y"]);
    expect(claimsOf(call?.dpop ?? "").ath).toBeUndefined();
  });

  it("refuses a Bearer answer to a DPoP request: the binding would be lost without a word", async () => {
    env.issuer.scripted.push({ status: 200, body: { access_token: "abc", token_type: "Bearer", expires_in: 300 } });
    const error = await dpopClient().loginWithPassword(ALICE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ error: "invalid_response", description: "token_type is not DPoP" });
  });

  it("refreshes with a proof by the same key: the bound refresh token is usable only so", async () => {
    const client = dpopClient();
    await client.loginWithPassword(ALICE);
    env.time.advance(290);
    await client.accessToken();
    const [login, refresh] = [env.issuer.grants("password")[0], env.issuer.grants("refresh_token")[0]];
    expect(check(refresh?.dpop, "POST", `${env.issuer.url}/token`)).toBe("accepted");
    expect(jktOf(refresh?.dpop ?? "")).toBe(jktOf(login?.dpop ?? ""));
    expect(claimsOf(env.issuer.lastAccessToken).cnf).toEqual({ jkt: jktOf(login?.dpop ?? "") });
  });

  it("keeps one key per client and makes it non-extractable; another client has another key", async () => {
    const generate = vi.spyOn(crypto.subtle, "generateKey");
    const client = dpopClient();
    await client.loginWithPassword(ALICE);
    await client.fetch(`${env.resource.url}/me`);
    await client.fetch(`${env.resource.url}/me`);
    expect(generate).toHaveBeenCalledTimes(1);
    const pair = (await generate.mock.results[0]?.value) as webcrypto.CryptoKeyPair;
    expect(pair.privateKey.extractable).toBe(false);
    expect(pair.privateKey.usages).toEqual(["sign"]);
    await expect(crypto.subtle.exportKey("jwk", pair.privateKey)).rejects.toThrow();
    const other = dpopClient();
    await other.loginWithPassword(ALICE);
    expect(generate).toHaveBeenCalledTimes(2);
    expect(jktOf(env.issuer.grants("password")[1]?.dpop ?? "")).not.toBe(jktOf(env.issuer.grants("password")[0]?.dpop ?? ""));
  });

  it("signs with EdDSA when asked", async () => {
    const client = dpopClient({ alg: "EdDSA" });
    await client.loginWithPassword(ALICE);
    const proof = env.issuer.grants("password")[0]?.dpop ?? "";
    expect(headerOf(proof)).toMatchObject({ alg: "EdDSA", jwk: { kty: "OKP", crv: "Ed25519" } });
    expect(check(proof, "POST", `${env.issuer.url}/token`)).toBe("accepted");
  });

  it.each([
    ["a string", "yes"],
    ["an unknown algorithm", { alg: "RS256" }],
    ["null", null],
  ])("refuses dpop: %s with TypeError at creation", (_name, dpop) => {
    expect(() => createClient({ issuer: env.issuer.url, clientId: PUBLIC_CLIENT, dpop: dpop as unknown as boolean })).toThrow(TypeError);
  });
});

describe("a DPoP client at a resource server", () => {
  it("sends authorization: DPoP and a fresh proof for the method and URL (without the query) with every request", async () => {
    const client = dpopClient();
    await client.loginWithPassword(ALICE);
    const token = env.issuer.lastAccessToken;
    await client.fetch(`${env.resource.url}/orders?page_size=1`);
    await client.fetch(`${env.resource.url}/orders`, { method: "POST", body: "{}" });
    expect(env.resource.seen.map((s) => s.authorization)).toEqual([`DPoP ${token}`, `DPoP ${token}`]);
    const replay = new DpopReplayCache();
    expect(check(sentProof(0), "GET", `${env.resource.url}/orders`, token, replay)).toBe("accepted");
    expect(check(sentProof(1), "POST", `${env.resource.url}/orders`, token, replay)).toBe("accepted");
    expect(claimsOf(sentProof(0)).jti).not.toBe(claimsOf(sentProof(1)).jti);
  });

  it("after a DPoP invalid_token, renews the token and retries once with a new proof for the new token", async () => {
    const client = dpopClient();
    await client.loginWithPassword(ALICE);
    const first = env.issuer.lastAccessToken;
    env.resource.script({
      status: 401,
      headers: { "www-authenticate": 'DPoP realm="test", algs="EdDSA ES256", error="invalid_token", error_description="The access token expired"' },
    });
    const res = await client.fetch(`${env.resource.url}/me`);
    expect(res.status).toBe(200);
    const second = env.issuer.lastAccessToken;
    expect(second).not.toBe(first);
    expect(env.resource.seen.map((s) => s.authorization)).toEqual([`DPoP ${first}`, `DPoP ${second}`]);
    expect(check(sentProof(0), "GET", `${env.resource.url}/me`, first)).toBe("accepted");
    expect(check(sentProof(1), "GET", `${env.resource.url}/me`, second)).toBe("accepted");
    expect(sentProof(1)).not.toBe(sentProof(0));
  });

  it("does not retry an invalid_dpop_proof: a new token would not mend the proof", async () => {
    const client = dpopClient();
    await client.loginWithPassword(ALICE);
    env.resource.script({ status: 401, headers: { "www-authenticate": 'DPoP realm="test", algs="ES256", error="invalid_dpop_proof"' } });
    expect((await client.fetch(`${env.resource.url}/me`)).status).toBe(401);
    expect(env.resource.seen).toHaveLength(1);
    expect(env.issuer.grants("refresh_token")).toHaveLength(0);
  });

  it("hands other transports a proof through authorize(), and logs out with one for POST <issuer>/logout", async () => {
    const client = dpopClient();
    await client.loginWithPassword(ALICE);
    const token = env.issuer.lastAccessToken;
    const auth = await client.authorize({ method: "PUT", url: `${env.resource.url}/things/1` });
    expect(auth.headers.authorization).toBe(`DPoP ${token}`);
    expect(check(auth.headers.dpop, "PUT", `${env.resource.url}/things/1`, token)).toBe("accepted");
    await client.logout();
    const [logout] = env.issuer.to("/logout");
    expect(logout?.authorization).toBe(`DPoP ${token}`);
    expect(check(logout?.dpop, "POST", `${env.issuer.url}/logout`, token)).toBe("accepted");
  });
});

describe("a DPoP client on gRPC", () => {
  let server: EchoServer;
  let caller: EchoCaller | undefined;
  beforeEach(async () => {
    server = await EchoServer.start();
  });
  afterEach(() => {
    caller?.close();
    server.stop();
  });

  it("adds authorization: DPoP and a proof for POST <baseUrl>/<package.Service>/<Method> to every call and retry", async () => {
    const client = dpopClient();
    await client.loginWithPassword(ALICE);
    const first = env.issuer.lastAccessToken;
    const baseUrl = `http://${server.address}`;
    server.judge = (_token, index) => ({ code: index === 0 ? grpc.status.UNAUTHENTICATED : grpc.status.OK });
    caller = new EchoCaller(server.address, callCredentials(client, { baseUrl }), [retryInterceptor(client)]);
    expect((await caller.me()).code).toBe(grpc.status.OK);
    const [refused, retried] = server.received;
    const second = env.issuer.lastAccessToken;
    expect(refused?.authorization).toEqual([`DPoP ${first}`]);
    expect(retried?.authorization).toEqual([`DPoP ${second}`]);
    expect(check(refused?.dpop[0], "POST", `${baseUrl}${ME}`, first)).toBe("accepted");
    expect(check(retried?.dpop[0], "POST", `${baseUrl}${ME}`, second)).toBe("accepted");
  });

  it("needs baseUrl for a DPoP client, and takes only an http(s) one", () => {
    const client = dpopClient();
    expect(() => callCredentials(client)).toThrow(TypeError);
    expect(() => callCredentials(client, { baseUrl: "127.0.0.1:50051" })).toThrow(TypeError);
    expect(() => callCredentials(client, { baseUrl: "http://127.0.0.1:50051/?x" })).toThrow(TypeError);
    expect(() => callCredentials(env.publicClient())).not.toThrow();
  });
});

describe("DpopProver", () => {
  it("makes proofs without ath when no token is given, and with it otherwise", async () => {
    const prover = new DpopProver("ES256", env.time.clock);
    const target = { method: "GET", url: "http://127.0.0.1:4001/me#top" };
    expect(check(await prover.proof(target), "GET", "http://127.0.0.1:4001/me")).toBe("accepted");
    expect(check(await prover.proof(target, "tok.en.x"), "GET", "http://127.0.0.1:4001/me", "tok.en.x")).toBe("accepted");
    expect(check(await prover.proof(target, "tok.en.x"), "GET", "http://127.0.0.1:4001/me", "other.tok.en")).toBe("ath_mismatch");
  });

  it("refuses a bad algorithm or clock with TypeError", () => {
    expect(() => new DpopProver("RS256" as "ES256")).toThrow(TypeError);
    expect(() => new DpopProver("ES256", 5 as unknown as () => number)).toThrow(TypeError);
  });
});
