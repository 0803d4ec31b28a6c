import { TOKEN_ERRORS, generateKey } from "@org/token";
import { format } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { Running } from "../listen.js";
import type { AdapterDriver } from "./driver.js";
import { fixture, keylessVerifier, NOW_MS, type Fixture } from "../fixtures.js";

interface Case {
  readonly name: string;
  readonly path: string;
  readonly authorization: (f: Fixture) => Promise<string | undefined>;
  readonly keyless?: boolean;
  readonly status: number;
  /** The challenge, `realm` standing for the adapter's realm. */
  readonly challenge: string;
  readonly retryAfter?: string;
}

const described = (error: string, code: keyof typeof TOKEN_ERRORS): string =>
  `, error="${error}", error_description="${TOKEN_ERRORS[code].description}"`;

const CASES: readonly Case[] = [
  { name: "no token", path: "/me", authorization: () => Promise.resolve(undefined), status: 401, challenge: "" },
  { name: "malformed Bearer credentials", path: "/me", authorization: () => Promise.resolve("Bearer a b"), status: 400, challenge: described("invalid_request", "invalid_request") },
  {
    name: "an expired token",
    path: "/me",
    authorization: async (f) => `Bearer ${await f.token({ issuedAtMs: NOW_MS - 3_600_000 })}`,
    status: 401,
    challenge: described("invalid_token", "token_expired"),
  },
  {
    name: "a token signed by an unknown key",
    path: "/me",
    authorization: async (f) => `Bearer ${await f.token({ key: await generateKey() })}`,
    status: 401,
    challenge: described("invalid_token", "key_unknown"),
  },
  {
    name: "a token without the scope",
    path: "/orders",
    authorization: async (f) => `Bearer ${await f.token({ scope: "profile" })}`,
    status: 403,
    challenge: `${described("insufficient_scope", "scope_insufficient")}, scope="orders:read"`,
  },
  {
    name: "keys unavailable",
    path: "/me",
    authorization: async (f) => `Bearer ${await f.token()}`,
    keyless: true,
    status: 503,
    challenge: "",
    retryAfter: "5",
  },
];

// Express's finalhandler logs `err` (Express 5: util.inspect; Express 4: err.stack) after it has
// answered, so a log line may trail the response: wait for it rather than assume it came first.
const LOG_WAIT = { timeout: 10_000, interval: 20 };

/**
 * An app with none of the adapter's error handling, only the framework's default handler: the
 * errors carry their own status and headers, so a refused request still gets the right status,
 * challenge and `Retry-After`; no body or log line holds the token or a stack trace.
 *
 * @example
 * // test/default-handler.test.ts of an adapter
 * describeDefaultHandler(adapter);
 */
export function describeDefaultHandler(adapter: AdapterDriver): void {
  let f: Fixture;
  let server: Running;
  let keyless: Running;
  let logged: MockInstance<(...args: unknown[]) => void>;

  beforeAll(async () => {
    f = await fixture(adapter.audience, { scope: "profile", aud: adapter.audience });
    server = await adapter.startBare(f.verifier);
    keyless = await adapter.startBare(keylessVerifier(adapter.audience));
  });
  afterAll(async () => {
    await Promise.all([server.close(), keyless.close()]);
  });
  // Captured, not faked: the framework's own handler writes these lines; the suite reads them.
  beforeEach(() => {
    logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterEach(() => {
    logged.mockRestore();
  });

  // What the console would have printed: util.format is what console.error uses.
  const lines = (): string[] => logged.mock.calls.map((args) => format(...args));

  describe("with only the framework's default error handler", () => {
    it.each(CASES)("answers $name with $status and the challenge", async (c) => {
      const authorization = await c.authorization(f);
      const res = await fetch(`${(c.keyless === true ? keyless : server).url}${c.path}`, {
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(res.status).toBe(c.status);
      expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="${adapter.realm}"${c.challenge}`);
      expect(res.headers.get("retry-after")).toBe(c.retryAfter ?? null);
      const body = await res.text();
      expect(body).not.toMatch(/\n\s+at /);
      if (authorization !== undefined) expect(body).not.toContain(authorization.slice("Bearer ".length));

      if (adapter.defaultHandlerLogs) await vi.waitFor(() => { expect(lines().length).toBe(1); }, LOG_WAIT);
      else expect(lines()).toEqual([]);
      for (const line of lines()) {
        // One line: the error's name, code and fixed description; no frames, no cause, no token.
        expect(line).toMatch(/^AuthError( \[[a-z_]+\])?: [^\n]+$/);
        if (authorization !== undefined) expect(line).not.toContain(authorization.slice("Bearer ".length));
      }
    });
  });
}
