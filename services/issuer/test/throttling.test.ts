// Login throttling over HTTP: per username, per address, Retry-After, reset on success, fake clock.
import { describe, expect, it } from "vitest";
import { LoginAttempt, LoginThrottle } from "../src/throttle.js";
import { ALICE, basic, errorOf, FakeClock, SECRETS, startIssuer } from "./helpers.js";

const LIMITS = {
  account: { maxAttempts: 3, windowMs: 60_000, maxEntries: 100 },
  address: { maxAttempts: 8, windowMs: 60_000, maxEntries: 100 },
};

describe("login throttling over HTTP", () => {
  it("blocks a username after repeated failures with 429 + Retry-After, even for the right password", async () => {
    const issuer = await startIssuer({ throttle: LIMITS });
    try {
      for (let i = 0; i < 3; i++) expect((await issuer.post({ ...ALICE, password: "wrong" })).status).toBe(400);
      const blocked = await issuer.post(ALICE);
      expect(await errorOf(blocked)).toMatchObject({ status: 429, error: "too_many_requests" });
      expect(blocked.headers.get("retry-after")).toBe("60");
      expect(blocked.headers.get("cache-control")).toBe("no-store");
      issuer.clock.tick(45);
      expect((await issuer.post(ALICE)).headers.get("retry-after")).toBe("15");
      // Other users are not affected by alice's lock.
      expect((await issuer.post({ ...ALICE, username: "bob", password: SECRETS.bob })).status).toBe(200);
      issuer.clock.tick(15);
      expect((await issuer.post(ALICE)).status).toBe(200);
    } finally {
      await issuer.close();
    }
  });

  it("counts unknown usernames too, and a success resets the username count", async () => {
    const issuer = await startIssuer({ throttle: LIMITS });
    try {
      for (let i = 0; i < 3; i++) await issuer.post({ ...ALICE, username: "ghost", password: "x" });
      expect((await issuer.post({ ...ALICE, username: "ghost", password: "x" })).status).toBe(429);
      for (let i = 0; i < 2; i++) await issuer.post({ ...ALICE, password: "wrong" });
      expect((await issuer.post(ALICE)).status).toBe(200);
      for (let i = 0; i < 2; i++) await issuer.post({ ...ALICE, password: "wrong" });
      expect((await issuer.post(ALICE)).status).toBe(200);
    } finally {
      await issuer.close();
    }
  });

  it("blocks an address spraying many usernames", async () => {
    const issuer = await startIssuer({ throttle: LIMITS });
    try {
      for (let i = 0; i < 8; i++) expect((await issuer.post({ ...ALICE, username: `user${i}`, password: "x" })).status).toBe(400);
      const res = await issuer.post(ALICE);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await issuer.close();
    }
  });

  it("ignores X-Forwarded-For unless TRUST_PROXY is set", async () => {
    const spray = async (issuer: Awaited<ReturnType<typeof startIssuer>>): Promise<number> => {
      for (let i = 0; i < 8; i++) {
        await issuer.post({ ...ALICE, username: `user${i}`, password: "x" }, { headers: { "x-forwarded-for": `10.0.0.${i}` } });
      }
      return (await issuer.post(ALICE, { headers: { "x-forwarded-for": "10.0.0.99" } })).status;
    };
    const direct = await startIssuer({ throttle: LIMITS });
    const proxied = await startIssuer({ throttle: LIMITS, env: { TRUST_PROXY: "1" } });
    try {
      // Off: every attempt counts against the TCP peer, whatever the header claims.
      expect(await spray(direct)).toBe(429);
      // On (one trusted proxy): the header's address is the client, so the 8 failures were 8 clients.
      expect(await spray(proxied)).toBe(200);
    } finally {
      await direct.close();
      await proxied.close();
    }
  });

  it("throttles wrong client secrets per client", async () => {
    const issuer = await startIssuer({ throttle: LIMITS });
    try {
      const cc = { grant_type: "client_credentials" };
      for (let i = 0; i < 3; i++) {
        expect((await issuer.post(cc, { headers: { authorization: basic("reporting-job", "wrong") } })).status).toBe(401);
      }
      const res = await issuer.post(cc, { headers: { authorization: basic("reporting-job", SECRETS.reporting) } });
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("60");
    } finally {
      await issuer.close();
    }
  });
});

/** Starts an attempt that the test expects to be admitted. */
function admitted(throttle: LoginThrottle, account: string, address: string): LoginAttempt {
  const attempt = throttle.begin(account, address);
  if (typeof attempt === "number") throw new Error(`expected the attempt to be admitted, got a wait of ${attempt} s`);
  return attempt;
}

describe("LoginThrottle", () => {
  it("stays within its memory bound, forgetting the stalest key first", () => {
    const clock = new FakeClock();
    const throttle = new LoginThrottle({ account: { maxAttempts: 1, windowMs: 60_000, maxEntries: 3 }, address: LIMITS.address }, clock.now);
    for (const name of ["a", "b", "c", "d"]) admitted(throttle, name, "127.0.0.1").failed();
    expect(throttle.size.account).toBe(3);
    expect(throttle.retryAfter("a", "10.0.0.1")).toBe(0);
    expect(throttle.retryAfter("d", "10.0.0.1")).toBe(60);
  });

  it("keeps its memory bound with attempts pending, too", () => {
    const clock = new FakeClock();
    const throttle = new LoginThrottle({ account: { maxAttempts: 5, windowMs: 60_000, maxEntries: 3 }, address: { maxAttempts: 5, windowMs: 60_000, maxEntries: 2 } }, clock.now);
    const attempts = ["a", "b", "c", "d", "e"].map((name, i) => admitted(throttle, name, `10.0.0.${i}`));
    expect(throttle.size).toEqual({ account: 3, address: 2 });
    // Settling an attempt whose key was forgotten is harmless, and a failure is still counted.
    for (const attempt of attempts) attempt.failed();
    expect(throttle.size).toEqual({ account: 3, address: 2 });
  });

  it("drops an entry once its window has passed", () => {
    const clock = new FakeClock();
    const throttle = new LoginThrottle(LIMITS, clock.now);
    for (let i = 0; i < 3; i++) admitted(throttle, "a", "1.1.1.1").failed();
    expect(throttle.retryAfter("a", "2.2.2.2")).toBe(60);
    clock.tick(60);
    expect(throttle.retryAfter("a", "2.2.2.2")).toBe(0);
    expect(throttle.size.account).toBe(0);
  });

  it("counts an attempt from its start: pending attempts fill the limit, Retry-After 1 s while only pending", () => {
    const throttle = new LoginThrottle(LIMITS, new FakeClock().now);
    const pending = [0, 1, 2].map(() => admitted(throttle, "a", "1.1.1.1"));
    expect(throttle.begin("a", "1.1.1.1")).toBe(1);
    expect(throttle.begin("a", "2.2.2.2")).toBe(1);
    // An attempt that was never judged stops counting; one that failed stays counted.
    pending[0]?.abandoned();
    admitted(throttle, "a", "1.1.1.1").failed();
    pending[1]?.failed();
    const lockouts = pending[2]?.failed();
    expect(lockouts).toEqual([{ key: "account", retryAfter: 60 }]);
    expect(throttle.begin("a", "1.1.1.1")).toBe(60);
  });

  it("a success clears the account's failures, not the address's, and not other pending attempts", () => {
    const throttle = new LoginThrottle(LIMITS, new FakeClock().now);
    admitted(throttle, "a", "1.1.1.1").failed();
    const other = admitted(throttle, "a", "1.1.1.1");
    admitted(throttle, "a", "1.1.1.1").succeeded();
    // One pending attempt is left on "a": two more fit, the third waits.
    admitted(throttle, "a", "1.1.1.1");
    admitted(throttle, "a", "1.1.1.1");
    expect(throttle.begin("a", "1.1.1.1")).toBe(1);
    other.failed();
    // The address kept its failure from before the success: 1 + 1 failed + 2 pending of 8.
    for (let i = 0; i < 4; i++) admitted(throttle, `b${i}`, "1.1.1.1");
    expect(throttle.begin("c", "1.1.1.1")).toBe(1);
  });

  it("reports an address lockout when its limit is reached", () => {
    const throttle = new LoginThrottle(LIMITS, new FakeClock().now);
    const lockouts = Array.from({ length: 8 }, (_, i) => admitted(throttle, `u${i}`, "1.1.1.1").failed());
    expect(lockouts.slice(0, 7).flat()).toEqual([]);
    expect(lockouts[7]).toEqual([{ key: "address", retryAfter: 60 }]);
  });

  it("refuses to settle an attempt twice", () => {
    const throttle = new LoginThrottle(LIMITS, new FakeClock().now);
    const attempt = admitted(throttle, "a", "1.1.1.1");
    attempt.failed();
    expect(() => {
      attempt.succeeded();
    }).toThrow(TypeError);
  });
});
