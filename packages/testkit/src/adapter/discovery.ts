import { KeySet, TOKEN_ERRORS, TokenError } from "@org/token";
import { errorBody } from "@org/token-http";
import { createServer } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listening, type Running } from "../listen.js";
import { startJwksServer, type JwksServer } from "../jwks-server.js";
import type { AdapterDriver } from "./driver.js";
import { fixture, NOW_MS, type Fixture } from "../fixtures.js";

/** A stand-in issuer's RFC 8414 metadata endpoint; its `jwks_uri` points at the JWKS stand-in. */
interface MetadataServer extends Running {
  /** What it answers: the metadata document, or a bare status. */
  answer: { readonly document: Record<string, unknown> } | { readonly status: number };
  hits: number;
}

async function startMetadataServer(): Promise<MetadataServer> {
  const server = createServer((req, res) => {
    if (req.url !== "/.well-known/oauth-authorization-server") {
      res.writeHead(404).end();
      return;
    }
    handle.hits++;
    const { answer } = handle;
    if ("status" in answer) res.writeHead(answer.status).end();
    else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer.document));
  });
  const running = await listening(server.listen(0, "127.0.0.1"));
  const handle: MetadataServer = { ...running, answer: { status: 503 }, hits: 0 };
  return handle;
}

/**
 * The one-call setup (`auth({ issuerBaseURL, audience })`) of an HTTP adapter against a real
 * stand-in issuer on loopback: the JWKS is found through the RFC 8414 metadata, the first request
 * waits for it, a failure is 503 `keys_unavailable` and is retried, a success is kept.
 *
 * @example
 * // test/discovery.test.ts of an adapter
 * describeDiscovery(adapter);
 */
export function describeDiscovery(adapter: AdapterDriver): void {
  let f: Fixture;
  let jwks: JwksServer;
  let metadata: MetadataServer;
  let now = NOW_MS;
  const clock = (): number => now;
  const good = (): { document: Record<string, unknown> } => ({
    document: { issuer: metadata.url, jwks_uri: jwks.jwksUrl, token_endpoint: `${metadata.url}/token` },
  });

  beforeAll(async () => {
    f = await fixture(adapter.audience, { scope: "profile", aud: adapter.audience });
    jwks = await startJwksServer({ jwks: new KeySet([f.key]).publicJwks() });
    metadata = await startMetadataServer();
  });
  afterAll(async () => {
    await Promise.all([jwks.close(), metadata.close()]);
  });
  beforeEach(() => {
    now = NOW_MS;
    metadata.hits = 0;
    metadata.answer = good();
  });

  /** A fresh app (and so a fresh discovery) per test. */
  async function withApp(run: (url: string) => Promise<void>): Promise<void> {
    const app = await adapter.startDiscovered({ issuerBaseURL: metadata.url, clock });
    try {
      await run(app.url);
    } finally {
      await app.close();
    }
  }
  const me = async (url: string, authorization?: string): Promise<Response> =>
    fetch(`${url}/me`, { headers: authorization === undefined ? {} : { authorization } });
  const bearer = async (issuer = metadata.url): Promise<string> => `Bearer ${await f.token({ issuer })}`;

  describe("auth({ issuerBaseURL, audience })", () => {
    it("discovers on the first requests, which wait for it, and keeps the result", async () => {
      await withApp(async (url) => {
        const jwksBefore = jwks.fetches();
        expect(metadata.hits).toBe(0);
        const first = await Promise.all(Array.from({ length: 5 }, async () => me(url, await bearer())));
        expect(first.map((res) => res.status)).toEqual([200, 200, 200, 200, 200]);
        expect(await first[0]?.json()).toEqual({ sub: "alice" });
        for (let i = 0; i < 3; i++) expect((await me(url, await bearer())).status).toBe(200);
        expect([metadata.hits, jwks.fetches() - jwksBefore]).toEqual([1, 1]);
      });
    });

    it("fetches nothing for a request without a token", async () => {
      await withApp(async (url) => {
        const res = await me(url);
        expect(res.status).toBe(401);
        expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="${adapter.realm}"`);
        expect(metadata.hits).toBe(0);
      });
    });

    it("answers 503 keys_unavailable while the metadata cannot be fetched, then recovers", async () => {
      metadata.answer = { status: 503 };
      await withApp(async (url) => {
        const res = await me(url, await bearer());
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toBe("5");
        expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="${adapter.realm}"`);
        expect(await res.json()).toEqual(errorBody(new TokenError("keys_unavailable")));
        metadata.answer = good();
        now += 1_000; // a failed discovery is tried again at most once a second
        expect((await me(url, await bearer())).status).toBe(200);
        expect(metadata.hits).toBe(2);
      });
    });

    it("refuses metadata that names another issuer: 503, and no JWKS fetched", async () => {
      metadata.answer = { document: { ...good().document, issuer: "http://evil.example" } };
      await withApp(async (url) => {
        const jwksBefore = jwks.fetches();
        expect((await me(url, await bearer())).status).toBe(503);
        expect(jwks.fetches()).toBe(jwksBefore);
      });
    });

    it("checks the issuer of each token against issuerBaseURL", async () => {
      await withApp(async (url) => {
        const res = await me(url, await bearer("http://evil.example"));
        expect(res.status).toBe(401);
        expect(res.headers.get("www-authenticate")).toBe(
          `Bearer realm="${adapter.realm}", error="invalid_token", error_description="${TOKEN_ERRORS.issuer_invalid.description}"`,
        );
      });
    });
  });
}
