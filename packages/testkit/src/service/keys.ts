import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@org/service-kit";
import { TokenError, exportPublicJwk, generateKey, type Key } from "@org/token";
import { errorBody } from "@org/token-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clock, ISSUER, tokenMaker } from "../fixtures.js";
import { startJwksServer } from "../jwks-server.js";
import type { Running } from "../listen.js";
import type { HttpResourceService } from "./service.js";

/**
 * Keys as main builds them from the environment: ISSUER_URL (lazy, cached, 503 while never
 * loaded), JWKS_FILE, inline JWKS, and unusable keys refused as a setting error.
 *
 * @example
 * describeKeys(service);
 */
export function describeKeys(service: HttpResourceService): void {
  const { identity } = service;
  /** The service exactly as main builds it from an environment. */
  const serviceFor = (env: Record<string, string>): Promise<Running> => service.startFromEnv({ TOKEN_ISSUER: ISSUER, ...env }, clock);
  const jwksServer = (key: Key) => startJwksServer({ jwks: { keys: [exportPublicJwk(key)] } });

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
        expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="${identity.service}"`);
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
    ])("refuses unusable keys in %s as a setting error", async (variable, env) => {
      const start = serviceFor(env());
      await expect(start).rejects.toThrow(ConfigError);
      await expect(start).rejects.toThrow(new RegExp(`^${variable}: `));
    });
  });
}
