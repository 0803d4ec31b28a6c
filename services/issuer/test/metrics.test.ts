// GET /metrics: tokens issued by grant, error answers by code, throttled logins by reason, the login
// capacity in use as gauges, revocations by scope and source (with Redis), the process metrics; and
// never a token, username, client id or address in the text.
import { createMetrics } from "@org/service-kit";
import { startRedis, type RunningRedis } from "@org/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ALICE, basic, HeldChecks, SECRETS, startIssuer, tokenBody, type Issuer } from "./helpers.js";

const POLL = { timeout: 20_000, interval: 20 } as const;

async function scrape(issuer: Issuer): Promise<string> {
  const res = await fetch(`${issuer.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return res.text();
}

/** The value of one series, or undefined when it is absent; `labels` as they appear, in any order. */
function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const match = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const present = new Map((match[2] ?? "").split(",").filter((p) => p !== "").map((p) => {
      const [k = "", v = ""] = p.split("=");
      return [k, v.replace(/^"|"$/g, "")] as const;
    }));
    if (Object.entries(labels).every(([k, v]) => present.get(k) === v)) return Number(match[3]);
  }
  return undefined;
}

/** Words that must never appear in the metrics: identities, addresses, tokens. */
function expectNothingPersonal(text: string, tokens: readonly string[]): void {
  for (const word of ["alice", "bob", "demo-cli", "reporting-job", "ops-console", "127.0.0.1", "10.0.0.", "nobody", ...tokens]) {
    expect(text).not.toContain(word);
  }
  for (const token of tokens) for (const part of token.split(".")) expect(text).not.toContain(part);
}

describe("GET /metrics", () => {
  it("counts tokens by grant and error answers by code and endpoint, with the process metrics", async () => {
    const issuer = await startIssuer({ metrics: createMetrics("issuer") });
    try {
      const login = await tokenBody(await issuer.post(ALICE));
      const refreshed = await tokenBody(await issuer.post({ grant_type: "refresh_token", refresh_token: login.refresh_token ?? "" }));
      const job = await tokenBody(await issuer.post({ grant_type: "client_credentials" }, { headers: { authorization: basic("reporting-job", SECRETS.reporting) } }));
      await issuer.post({ ...ALICE, password: "wrong" });
      await issuer.post({ grant_type: "client_credentials" }, { headers: { authorization: basic("reporting-job", "wrong") } });
      await issuer.post({ grant_type: "device_code" });
      await issuer.post({ token: "x" }, { path: "/revoke" });
      await fetch(`${issuer.url}/nope-${"x".repeat(12)}`);
      const text = await scrape(issuer);
      expect(value(text, "tokens_issued_total", { grant: "password" })).toBe(1);
      expect(value(text, "tokens_issued_total", { grant: "refresh_token" })).toBe(1);
      expect(value(text, "tokens_issued_total", { grant: "client_credentials" })).toBe(1);
      expect(value(text, "token_errors_total", { code: "invalid_grant", endpoint: "/token" })).toBe(1);
      expect(value(text, "token_errors_total", { code: "invalid_client", endpoint: "/token" })).toBe(1);
      expect(value(text, "token_errors_total", { code: "unsupported_grant_type", endpoint: "/token" })).toBe(1);
      // Revocation off: the contract's 503, counted on its endpoint; no revocation counter at all.
      expect(value(text, "token_errors_total", { code: "temporarily_unavailable", endpoint: "/revoke" })).toBe(1);
      expect(value(text, "token_errors_total", { code: "not_found", endpoint: "other" })).toBe(1);
      expect(text).not.toContain("revocations_total");
      expect(text).not.toContain("nope-");
      expect(value(text, "http_requests_total", { route: "/token", status: "200", method: "POST" })).toBe(3);
      expect(value(text, "process_cpu_user_seconds_total", { service: "issuer" })).toBeGreaterThan(0);
      expect(text).toContain("nodejs_eventloop_lag_seconds");
      expect(value(text, "login_capacity_running")).toBe(0);
      expectNothingPersonal(text, [login.access_token, login.refresh_token ?? "", refreshed.access_token, job.access_token]);
    } finally {
      await issuer.close();
    }
  });

  it("counts lockouts of an account and of an address, by reason", async () => {
    const throttle = {
      account: { maxAttempts: 2, windowMs: 60_000, maxEntries: 100 },
      address: { maxAttempts: 4, windowMs: 60_000, maxEntries: 100 },
    };
    const issuer = await startIssuer({ throttle });
    try {
      for (let i = 0; i < 2; i++) expect((await issuer.post({ ...ALICE, password: "wrong" })).status).toBe(400);
      expect((await issuer.post(ALICE)).status).toBe(429); // the account is locked
      for (let i = 0; i < 2; i++) expect((await issuer.post({ ...ALICE, username: "bob", password: "wrong" })).status).toBe(400);
      expect((await issuer.post({ ...ALICE, username: "nobody", password: "wrong" })).status).toBe(429); // the address is locked
      const text = await scrape(issuer);
      expect(value(text, "login_throttled_total", { reason: "account_lockout" })).toBe(1);
      expect(value(text, "login_throttled_total", { reason: "address_lockout" })).toBe(1);
      expect(value(text, "token_errors_total", { code: "too_many_requests", endpoint: "/token" })).toBe(2);
      expect(value(text, "token_errors_total", { code: "invalid_grant", endpoint: "/token" })).toBe(4);
      expectNothingPersonal(text, []);
    } finally {
      await issuer.close();
    }
  });

  it("shows the login capacity in use and queued, and counts the in-flight cap and a full capacity", async () => {
    const held = new HeldChecks();
    // One trusted proxy, so each login comes from its own address.
    const issuer = await startIssuer({
      checkSecret: held.check,
      env: { TRUST_PROXY: "1", LOGIN_CONCURRENCY: "1", LOGIN_QUEUE: "1", MAX_INFLIGHT_PER_ADDRESS: "1" },
    });
    try {
      const from = (address: string, username: string) => issuer.post({ ...ALICE, username, password: "wrong" }, { headers: { "x-forwarded-for": address } });
      const first = from("10.0.0.1", "u1");
      const second = from("10.0.0.2", "u2");
      await vi.waitFor(async () => {
        const text = await scrape(issuer);
        expect(value(text, "login_capacity_running")).toBe(1);
        expect(value(text, "login_capacity_queued")).toBe(1);
      }, POLL);
      expect((await from("10.0.0.3", "u3")).status).toBe(503); // capacity full
      expect((await from("10.0.0.1", "u4")).status).toBe(429); // 10.0.0.1 has one in flight
      const during = await scrape(issuer);
      expect(value(during, "token_inflight_addresses")).toBe(2);
      held.release();
      expect((await first).status).toBe(400);
      expect((await second).status).toBe(400);
      const text = await scrape(issuer);
      expect(value(text, "login_throttled_total", { reason: "capacity_full" })).toBe(1);
      expect(value(text, "login_throttled_total", { reason: "inflight_cap" })).toBe(1);
      expect(value(text, "login_capacity_running")).toBe(0);
      expect(value(text, "login_capacity_queued")).toBe(0);
      expect(value(text, "token_inflight_addresses")).toBe(0);
      expectNothingPersonal(text, []);
    } finally {
      held.release();
      await issuer.close();
    }
  });
});

describe("GET /metrics with revocation on", () => {
  let redis: RunningRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it("counts revocations by scope and source: /revoke, /logout, /admin/revocations and refresh-token reuse", async () => {
    const issuer = await startIssuer({ redisUrl: redis.url });
    try {
      const refresh = (token: string | undefined) => issuer.post({ grant_type: "refresh_token", refresh_token: token ?? "" });
      const one = await tokenBody(await issuer.post(ALICE));
      expect((await issuer.post({ token: one.refresh_token ?? "", client_id: "demo-cli" }, { path: "/revoke" })).status).toBe(200);
      expect((await issuer.post({ token: one.access_token, client_id: "demo-cli" }, { path: "/revoke" })).status).toBe(200);
      const two = await tokenBody(await issuer.post(ALICE));
      expect((await issuer.post({}, { path: "/logout", headers: { authorization: `Bearer ${two.access_token}` } })).status).toBe(204);
      expect((await issuer.post({}, { path: "/logout" })).status).toBe(401);
      const admin = await fetch(`${issuer.url}/admin/revocations`, {
        method: "POST",
        headers: { authorization: basic("ops-console", SECRETS.ops), "content-type": "application/json" },
        body: JSON.stringify({ scope: "client", client_id: "demo-web" }),
      });
      expect(admin.status).toBe(204);
      issuer.clock.tick(1);
      const three = await tokenBody(await issuer.post(ALICE));
      await tokenBody(await refresh(three.refresh_token));
      issuer.clock.tick(10); // past the grace of a retried refresh
      expect((await refresh(three.refresh_token)).status).toBe(400);
      const text = await scrape(issuer);
      expect(value(text, "revocations_total", { scope: "grant", source: "revoke" })).toBe(1);
      expect(value(text, "revocations_total", { scope: "token", source: "revoke" })).toBe(1);
      expect(value(text, "revocations_total", { scope: "user", source: "logout" })).toBe(1);
      expect(value(text, "revocations_total", { scope: "client", source: "admin" })).toBe(1);
      expect(value(text, "revocations_total", { scope: "grant", source: "reuse" })).toBe(1);
      expect(value(text, "token_errors_total", { endpoint: "/logout" })).toBe(1);
      expectNothingPersonal(text, [one.access_token, one.refresh_token ?? "", two.access_token, three.refresh_token ?? ""]);
      expect(text).not.toContain("demo-web");
    } finally {
      await issuer.close();
    }
  });
});
