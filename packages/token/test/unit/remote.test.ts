// remoteKeys against a real HTTP server on 127.0.0.1 (port 0). Only the clock is fake.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createVerifier, generateKey, KeySet, remoteKeys, type Jwks, type Key } from "../../src/index.js";
import { AUDIENCE, claims, fakeClock, forge, headerFor, ISSUER, rejectsWith } from "./support.js";

interface Issuer {
  server: Server;
  url: string;
  requests: number;
  /** What the JWKS endpoint answers: a JWKS, or a status code for a failure. */
  answer: Jwks | number | string;
}

const issuer: Issuer = { server: createServer(), url: "", requests: 0, answer: 503 };
let a: Key;
let b: Key;

beforeAll(async () => {
  a = await generateKey();
  b = await generateKey("ES256");
  issuer.server.on("request", (req, res) => {
    issuer.requests++;
    const { answer } = issuer;
    if (req.url !== "/.well-known/jwks.json") res.writeHead(404).end();
    else if (typeof answer === "number") res.writeHead(answer).end();
    else res.writeHead(200, { "content-type": "application/json" }).end(typeof answer === "string" ? answer : JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => issuer.server.listen(0, "127.0.0.1", resolve));
  issuer.url = `http://127.0.0.1:${(issuer.server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => issuer.server.close(() => { resolve(); })));
beforeEach(() => {
  issuer.requests = 0;
  issuer.answer = new KeySet([a]).publicJwks();
});

const tokenOf = (key: Key, kid = key.kid): string => forge(key, headerFor(key, { kid }), claims());

describe("remoteKeys", () => {
  it("loads once, then resolves synchronously from the cache", async () => {
    const clock = fakeClock();
    const keys = remoteKeys(issuer.url, { clock: clock.now });
    expect(keys.status()).toEqual({ loadedAt: undefined, fetches: 0, failures: 0, keys: 0 });
    await keys.ready();
    expect(issuer.requests).toBe(1);
    expect(keys.status()).toEqual({ loadedAt: clock.now(), fetches: 1, failures: 0, keys: 1 });
    const resolved = keys.resolve(a.kid);
    expect(resolved instanceof Promise).toBe(false);
    expect(resolved).toMatchObject({ kid: a.kid, alg: "EdDSA" });
    expect(issuer.requests).toBe(1);
  });

  it("keys_unavailable before any set was ever loaded", async () => {
    issuer.answer = 500;
    const clock = fakeClock();
    const keys = remoteKeys(issuer.url, { clock: clock.now });
    await expect(keys.ready()).rejects.toMatchObject({ code: "keys_unavailable" });
    expect(keys.status()).toMatchObject({ loadedAt: undefined, fetches: 1, failures: 1 });
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: clock.now });
    await rejectsWith(verifier.verify(tokenOf(a)), "keys_unavailable");
    // Recovers as soon as the issuer answers (first-load retries are at most 1 s apart).
    issuer.answer = new KeySet([a]).publicJwks();
    clock.advance(1);
    expect((await verifier.verify(tokenOf(a))).kid).toBe(a.kid);
  });

  it("an unknown kid triggers exactly one refetch, shared by concurrent callers", async () => {
    const clock = fakeClock();
    const keys = remoteKeys(issuer.url, { clock: clock.now });
    await keys.ready();
    issuer.answer = new KeySet([a, b]).publicJwks(); // the issuer rotated
    clock.advance(30); // the default cooldown also follows the first load
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: clock.now });
    const results = await Promise.all([verifier.verify(tokenOf(b)), verifier.verify(tokenOf(b)), keys.resolve(b.kid)]);
    expect(results[0].kid).toBe(b.kid);
    expect(issuer.requests).toBe(2);
  });

  it("a flood of random kids costs one fetch per cooldown", async () => {
    const clock = fakeClock();
    const keys = remoteKeys(issuer.url, { clock: clock.now, cooldownMs: 30_000 });
    await keys.ready();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: clock.now, cache: false });
    await rejectsWith(verifier.verify(tokenOf(a, "right-after-load")), "key_unknown");
    expect(issuer.requests).toBe(1); // the load itself started the cooldown
    clock.advance(30);
    const flood = Array.from({ length: 200 }, (_, i) => verifier.verify(tokenOf(a, `random-${i}`)).then(
      () => "accepted",
      (e: unknown) => (e as { code: string }).code,
    ));
    expect(new Set(await Promise.all(flood))).toEqual(new Set(["key_unknown"]));
    expect(issuer.requests).toBe(2); // the first load + one refetch
    for (let i = 0; i < 50; i++) await rejectsWith(verifier.verify(tokenOf(a, `more-${i}`)), "key_unknown");
    expect(issuer.requests).toBe(2);
    clock.advance(29.999);
    await rejectsWith(verifier.verify(tokenOf(a, "still-cooling")), "key_unknown");
    expect(issuer.requests).toBe(2);
    clock.advance(0.001);
    await rejectsWith(verifier.verify(tokenOf(a, "after-cooldown")), "key_unknown");
    expect(issuer.requests).toBe(3);
    expect((await verifier.verify(tokenOf(a))).kid).toBe(a.kid); // known keys never needed a fetch
    expect(issuer.requests).toBe(3);
  });

  it("keeps the cached keys in use while the issuer is down, past maxAge", async () => {
    const clock = fakeClock();
    const keys = remoteKeys(issuer.url, { clock: clock.now, maxAgeMs: 60_000, cooldownMs: 10_000 });
    await keys.ready();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: clock.now, cache: false });
    issuer.answer = 503;
    clock.advance(61);
    expect((await verifier.verify(tokenOf(a))).kid).toBe(a.kid); // stale: background refresh, which fails
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(issuer.requests).toBe(2);
    expect((await verifier.verify(tokenOf(a))).kid).toBe(a.kid);
    await rejectsWith(verifier.verify(tokenOf(b)), "key_unknown"); // not keys_unavailable: a set was loaded
    issuer.answer = "not json";
    clock.advance(11);
    await rejectsWith(verifier.verify(tokenOf(b)), "key_unknown");
    expect((await verifier.verify(tokenOf(a))).kid).toBe(a.kid);
  });

  it("a token cached under a key the issuer rotated out is refused once the set is refetched", async () => {
    const clock = fakeClock();
    const keys = remoteKeys(issuer.url, { clock: clock.now });
    await keys.ready();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: clock.now });
    const old = tokenOf(a);
    const first = await verifier.verify(old);
    expect(await verifier.verify(old)).toBe(first); // cached
    issuer.answer = new KeySet([b]).publicJwks(); // a is gone from the issuer's JWKS
    clock.advance(30);
    expect((await verifier.verify(tokenOf(b))).kid).toBe(b.kid); // the unknown kid made it refetch
    expect(issuer.requests).toBe(2);
    await rejectsWith(verifier.verify(old), "key_unknown");
  });

  it("refreshes after maxAge and drops keys the issuer withdrew", async () => {
    const clock = fakeClock();
    const keys = remoteKeys(issuer.url, { clock: clock.now, maxAgeMs: 60_000 });
    await keys.ready();
    issuer.answer = new KeySet([b]).publicJwks();
    clock.advance(60);
    keys.resolve(a.kid); // served from the stale set while the refresh runs
    await keys.ready();
    expect(() => keys.resolve(a.kid)).toThrow(expect.objectContaining({ code: "key_unknown" }) as Error);
    expect(keys.resolve(b.kid)).toMatchObject({ kid: b.kid });
  });

  it("ignores members it must not use: enc keys, secrets, unknown algs, no kid", async () => {
    const good = new KeySet([a]).publicJwks().keys[0];
    issuer.answer = JSON.stringify({
      keys: [
        { ...good, kid: "enc", use: "enc" },
        { kty: "oct", k: Buffer.alloc(32, 1).toString("base64url"), kid: "secret", alg: "HS256" },
        { ...good, kid: "rs512", alg: "RS512" },
        { ...good, kid: undefined },
        "garbage",
        good,
      ],
    });
    const keys = remoteKeys(issuer.url, { clock: fakeClock().now });
    await keys.ready();
    expect(keys.resolve(a.kid)).toMatchObject({ kid: a.kid });
    for (const kid of ["enc", "secret", "rs512"]) {
      await expect(Promise.resolve().then(() => keys.resolve(kid))).rejects.toMatchObject({ code: "key_unknown" });
    }
  });

  it("a JWK without alg gets it from kty/crv; the Key object is reused across refreshes", async () => {
    const noAlg: Record<string, unknown> = { ...new KeySet([b]).publicJwks().keys[0] };
    delete noAlg.alg;
    issuer.answer = JSON.stringify({ keys: [noAlg] });
    const clock = fakeClock();
    const keys = remoteKeys(issuer.url, { clock: clock.now, maxAgeMs: 1000, cooldownMs: 0 });
    await keys.ready();
    const first = keys.resolve(b.kid);
    expect(first).toMatchObject({ alg: "ES256" });
    clock.advance(2);
    keys.resolve(b.kid);
    await keys.ready();
    expect(issuer.requests).toBe(2);
    expect(keys.resolve(b.kid)).toBe(first);
  });

  it("refuses an oversized JWKS body and skips keys whose key_ops exclude verify", async () => {
    const good = new KeySet([a]).publicJwks().keys[0];
    issuer.answer = JSON.stringify({ keys: [good], padding: "x".repeat(600 * 1024) });
    const clock = fakeClock();
    const keys = remoteKeys(issuer.url, { clock: clock.now });
    await expect(keys.ready()).rejects.toMatchObject({ code: "keys_unavailable" });
    issuer.answer = JSON.stringify({ keys: [{ ...good, key_ops: ["sign"] }] });
    clock.advance(1);
    await keys.ready();
    await expect(Promise.resolve().then(() => keys.resolve(a.kid))).rejects.toMatchObject({ code: "key_unknown" });
  });

  it("verifySync throws key_unknown while a fetch is needed, and succeeds once it landed", async () => {
    const clock = fakeClock();
    const keys = remoteKeys(issuer.url, { clock: clock.now });
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: clock.now });
    expect(() => verifier.verifySync(tokenOf(a))).toThrow(expect.objectContaining({ code: "key_unknown" }) as Error);
    await keys.ready(); // the fetch verifySync started
    expect(issuer.requests).toBe(1);
    expect(verifier.verifySync(tokenOf(a)).kid).toBe(a.kid);
  });

  it("misuse is a TypeError", () => {
    expect(() => remoteKeys("ftp://127.0.0.1/jwks")).toThrow(TypeError);
    expect(() => remoteKeys("not a url")).toThrow(TypeError);
    expect(() => remoteKeys(issuer.url, { cooldownMs: -1 })).toThrow(TypeError);
  });
});
