import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { TokenError, createVerifier, errorBody, exportPublicJwk, generateKey, type Key } from "@org/token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../config.js";
import { createKeys } from "../keys.js";
import { clock, ISSUER, logSink, tokenMaker } from "./fixtures.js";
import type { HttpResourceService, Running } from "./service.js";

/**
 * Keys as main builds them from the environment: ISSUER_URL (lazy, cached, 503 while never
 * loaded), JWKS_FILE, inline JWKS, and unusable keys refused as a setting error.
 *
 * @example
 * describeKeys(service);
 */
export function describeKeys(service: HttpResourceService): void {
  /** The service exactly as main builds it from an environment. */
  async function serviceFor(env: Record<string, string>): Promise<Running> {
    const config = service.parseConfig({ TOKEN_ISSUER: ISSUER, ...env });
    const keys = createKeys(config.keys);
    const verifier = createVerifier({ issuer: config.issuer, audience: service.audience, keys: keys.resolver, clock });
    return service.start({ verifier, logger: logSink(service.name).logger });
  }

  /** A stand-in issuer that only publishes its JWKS, counting fetches. */
  async function jwksServer(key: Key): Promise<{ url: string; fetches: () => number; close: () => Promise<void> }> {
    let count = 0;
    const server: Server = createServer((req, res) => {
      if (req.url !== "/.well-known/jwks.json") {
        res.writeHead(404).end();
        return;
      }
      count++;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [exportPublicJwk(key)] }));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no TCP address");
    return {
      url: `http://127.0.0.1:${address.port}`,
      fetches: () => count,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => {
            resolve();
          });
        }),
    };
  }

  const me = (base: string, token: string) => fetch(`${base}/me`, { headers: { authorization: `Bearer ${token}` } });

  let key: Key;
  let token: (options?: { sub?: string }) => Promise<string>;
  let dir: string;

  beforeAll(async () => {
    key = await generateKey();
    token = tokenMaker(key);
    dir = await mkdtemp(join(tmpdir(), "resource-keys-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe("keys from ISSUER_URL", () => {
    it("loads the JWKS on first use and keeps working after the issuer goes down", async () => {
      const issuer = await jwksServer(key);
      const running = await serviceFor({ ISSUER_URL: issuer.url });
      try {
        expect((await me(running.url, await token({ sub: "first" }))).status).toBe(200);
        expect(issuer.fetches()).toBe(1);
        await issuer.close();
        // A token not seen before: it must be verified with the cached key, not served from a cache.
        const res = await me(running.url, await token({ sub: "second" }));
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ sub: "second" });
      } finally {
        await running.close();
      }
    });

    it("answers 503 with Retry-After while the issuer has never been reachable", async () => {
      const gone = await jwksServer(key);
      await gone.close(); // a port nobody listens on any more
      const running = await serviceFor({ ISSUER_URL: gone.url });
      try {
        const res = await me(running.url, await token());
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toBe("5");
        expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="${service.realm}"`);
        expect(await res.json()).toEqual(errorBody(new TokenError("keys_unavailable")));
      } finally {
        await running.close();
      }
    });
  });

  describe("offline keys", () => {
    it("verifies with JWKS_FILE", async () => {
      const file = join(dir, "jwks.json");
      await writeFile(file, JSON.stringify({ keys: [exportPublicJwk(key)] }));
      const running = await serviceFor({ JWKS_FILE: file, ISSUER_URL: "http://127.0.0.1:9" });
      try {
        expect((await me(running.url, await token())).status).toBe(200);
      } finally {
        await running.close();
      }
    });

    it("verifies with an inline JWKS", async () => {
      const running = await serviceFor({ JWKS: JSON.stringify({ keys: [exportPublicJwk(key)] }) });
      try {
        expect((await me(running.url, await token())).status).toBe(200);
      } finally {
        await running.close();
      }
    });

    it.each([
      ["JWKS_FILE", () => ({ JWKS_FILE: join(dir, "missing.json") })],
      ["JWKS", () => ({ JWKS: "not json" })],
    ])("refuses unusable keys in %s as a setting error", (variable, env) => {
      const config = service.parseConfig(env());
      expect(() => createKeys(config.keys)).toThrow(ConfigError);
      expect(() => createKeys(config.keys)).toThrow(new RegExp(`^${variable} `));
    });
  });
}
