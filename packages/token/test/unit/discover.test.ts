// discoverKeys against a real stand-in issuer on 127.0.0.1 (port 0): RFC 8414 metadata, then the
// JWKS it names. Only the clock is fake.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createVerifier, discoverKeys, generateKey, isTokenError, KeySet, type Key } from "../../src/index.js";
import { AUDIENCE, claims, fakeClock, forge, headerFor, rejectsWith } from "./support.js";

const METADATA = "/.well-known/oauth-authorization-server";
const JWKS = "/jwks/keys.json"; // not the usual path: proves it is taken from the metadata

/** What the metadata endpoint answers: a document, a status, raw text, a redirect, or nothing at all. */
type Answer = Record<string, unknown> | number | { text: string } | { redirect: string } | "hang";

interface Issuer {
  server: Server;
  base: string;
  /** Requests per path. */
  hits: Map<string, number>;
  metadata: Answer;
}

const stand: Issuer = { server: createServer(), base: "", hits: new Map(), metadata: 503 };
let key: Key;

beforeAll(async () => {
  key = await generateKey();
  stand.server.on("request", (req, res) => {
    const path = req.url ?? "";
    stand.hits.set(path, (stand.hits.get(path) ?? 0) + 1);
    if (path === JWKS) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(new KeySet([key]).publicJwks()));
      return;
    }
    if (!path.startsWith(METADATA)) {
      res.writeHead(404).end();
      return;
    }
    const answer = stand.metadata;
    if (answer === "hang") return; // held open until the server closes
    if (typeof answer === "number") res.writeHead(answer).end();
    else if ("text" in answer && typeof answer.text === "string") res.writeHead(200, { "content-type": "application/json" }).end(answer.text);
    else if ("redirect" in answer && typeof answer.redirect === "string") res.writeHead(302, { location: answer.redirect }).end();
    else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => stand.server.listen(0, "127.0.0.1", resolve));
  stand.base = `http://127.0.0.1:${(stand.server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      stand.server.closeAllConnections();
      stand.server.close(() => {
        resolve();
      });
    }),
);
beforeEach(() => {
  stand.hits.clear();
  stand.metadata = document(stand.base);
});

/** The metadata a well-behaved issuer `issuer` publishes. */
const document = (issuer: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  issuer,
  jwks_uri: `${stand.base}${JWKS}`,
  token_endpoint: `${issuer}/token`,
  ...extra,
});
const hits = (path: string): number => stand.hits.get(path) ?? 0;
const tokenFor = (issuer: string, nowMs?: number): string => forge(key, headerFor(key), claims({ iss: issuer }, nowMs));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "accepted",
    (e: unknown) => (isTokenError(e) ? e.code : String(e)),
  );
}

describe("discoverKeys", () => {
  it("fetches nothing until used, then the metadata once and the JWKS it names", async () => {
    const clock = fakeClock();
    const keys = discoverKeys(stand.base, { clock: clock.now });
    const verifier = createVerifier({ issuer: stand.base, audience: AUDIENCE, keys, clock: clock.now, cache: false });
    expect(stand.hits.size).toBe(0);
    const first = await Promise.all(Array.from({ length: 20 }, () => verifier.verify(tokenFor(stand.base))));
    expect(first.every((auth) => auth.kid === key.kid)).toBe(true);
    for (let i = 0; i < 5; i++) await verifier.verify(tokenFor(stand.base));
    expect([hits(METADATA), hits(JWKS)]).toEqual([1, 1]);
  });

  it("puts the well-known path before the issuer's own path (RFC 8414 §3.1)", async () => {
    const issuer = `${stand.base}/tenant/a`;
    stand.metadata = document(issuer);
    const keys = discoverKeys(issuer, { clock: fakeClock().now });
    await keys.ready();
    expect(hits(`${METADATA}/tenant/a`)).toBe(1);
    expect(keys.resolve(key.kid)).toMatchObject({ kid: key.kid });
  });

  it("ready() rejects with keys_unavailable while discovery fails, and recovers", async () => {
    stand.metadata = 500;
    const clock = fakeClock();
    const keys = discoverKeys(stand.base, { clock: clock.now });
    await expect(keys.ready()).rejects.toMatchObject({ code: "keys_unavailable" });
    stand.metadata = document(stand.base);
    clock.advance(1);
    await keys.ready();
    expect(keys.resolve(key.kid)).toMatchObject({ kid: key.kid });
  });

  it("a failure is keys_unavailable, tried again at most once per second, then cached", async () => {
    stand.metadata = 503;
    const clock = fakeClock();
    const keys = discoverKeys(stand.base, { clock: clock.now });
    const verifier = createVerifier({ issuer: stand.base, audience: AUDIENCE, keys, clock: clock.now });
    await rejectsWith(verifier.verify(tokenFor(stand.base)), "keys_unavailable");
    expect(hits(METADATA)).toBe(1);
    stand.metadata = document(stand.base);
    clock.advance(0.999);
    const flood = await Promise.all(Array.from({ length: 50 }, () => codeOf(verifier.verify(tokenFor(stand.base)))));
    expect(new Set(flood)).toEqual(new Set(["keys_unavailable"]));
    expect(hits(METADATA)).toBe(1);
    clock.advance(0.001);
    expect((await verifier.verify(tokenFor(stand.base))).kid).toBe(key.kid);
    expect(hits(METADATA)).toBe(2);
    stand.metadata = 503; // the issuer goes down again: the discovered jwks_uri is kept
    clock.advance(3600);
    expect((await verifier.verify(tokenFor(stand.base, clock.now()))).kid).toBe(key.kid);
    expect(hits(METADATA)).toBe(2);
  });

  it("keeps a discovered jwks_uri while the JWKS itself fails to load", async () => {
    const clock = fakeClock();
    const keys = discoverKeys(stand.base, { clock: clock.now });
    stand.metadata = document(stand.base, { jwks_uri: `${stand.base}/missing.json` });
    await expect(keys.ready()).rejects.toMatchObject({ code: "keys_unavailable" });
    clock.advance(2);
    await expect(keys.ready()).rejects.toMatchObject({ code: "keys_unavailable" });
    expect([hits(METADATA), hits("/missing.json")]).toEqual([1, 2]);
  });

  const bad: [string, () => Answer, string][] = [
    ["another issuer", () => document("http://evil.example"), "the metadata names another issuer"],
    ["the issuer with a trailing slash", () => document(`${stand.base}/`), "the metadata names another issuer"],
    ["no issuer", () => ({ jwks_uri: `${stand.base}${JWKS}` }), "the metadata names another issuer"],
    ["no jwks_uri", () => ({ issuer: stand.base }), "the metadata has no usable jwks_uri"],
    ["a relative jwks_uri", () => document(stand.base, { jwks_uri: JWKS }), "the metadata has no usable jwks_uri"],
    ["a jwks_uri that is not http(s)", () => document(stand.base, { jwks_uri: "file:///etc/passwd" }), "jwks_uri is not an http(s) URL"],
    ["an array", () => ({ text: JSON.stringify([document(stand.base)]) }), "the metadata is not a JSON object"],
    ["not JSON", () => ({ text: "{" }), "JSON"],
    ["a 404", () => 404, "issuer metadata answered 404"],
    ["a redirect", () => ({ redirect: `${stand.base}/elsewhere` }), "fetch failed"],
    ["over 64 KiB", () => document(stand.base, { padding: "x".repeat(65 * 1024) }), "issuer metadata too large"],
  ];
  it.each(bad)("refuses metadata with %s: keys_unavailable, nothing else fetched", async (_name, answer, reason) => {
    stand.metadata = answer();
    const keys = discoverKeys(stand.base, { clock: fakeClock().now });
    const error: unknown = await keys.ready().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "keys_unavailable" });
    expect(String((error as { cause?: unknown }).cause)).toContain(reason);
    expect([hits(JWKS), hits("/elsewhere")]).toEqual([0, 0]);
  });

  it("gives up on a metadata endpoint that never answers after timeoutMs", async () => {
    stand.metadata = "hang";
    const keys = discoverKeys(stand.base, { clock: fakeClock().now, timeoutMs: 200 });
    await expect(keys.ready()).rejects.toMatchObject({ code: "keys_unavailable" });
  });

  it.each([
    ["not a URL", "127.0.0.1:4000"],
    ["a relative path", "/issuer"],
    ["another scheme", "ftp://127.0.0.1"],
    ["a query", "http://127.0.0.1:4000/?tenant=a"],
    ["an empty query", "http://127.0.0.1:4000/?"],
    ["a fragment", "http://127.0.0.1:4000/#a"],
    ["credentials", "http://user:pass@127.0.0.1:4000"],
  ])("throws TypeError at creation for an issuer with %s", (_name, issuer) => {
    expect(() => discoverKeys(issuer)).toThrow(TypeError);
  });

  it("throws TypeError at creation for a bad option", () => {
    expect(() => discoverKeys(stand.base, { timeoutMs: -1 })).toThrow(TypeError);
    expect(() => discoverKeys(stand.base, { cooldownMs: Number.NaN })).toThrow(TypeError);
    expect(() => discoverKeys(42 as unknown as string)).toThrow(TypeError);
  });
});
