// Bounded login work: at most LOGIN_CONCURRENCY scrypt runs at once with LOGIN_QUEUE waiting (beyond:
// 503 with Retry-After), and at most MAX_INFLIGHT_PER_ADDRESS /token requests in flight per address
// (beyond: 429 with Retry-After), successful or not. Sequential logins never meet either bound.
import { describe, expect, it, vi } from "vitest";
import { InflightLimit } from "../src/http/inflight.js";
import { LoginCapacity } from "../src/login-capacity.js";
import { OAuthError } from "../src/errors.js";
import { hashSecret, parseSecretHash } from "../src/identities/hash.js";
import { ALICE, CHEAP, errorOf, HeldChecks, SECRETS, startIssuer } from "./helpers.js";

const POLL = { timeout: 20_000, interval: 20 } as const;

interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly error: string | undefined;
}

async function answer(res: Response): Promise<Answer> {
  const body = (await res.json()) as { error?: string };
  return { status: res.status, retryAfter: res.headers.get("retry-after"), error: body.error };
}

describe("login capacity (global bound on scrypt work)", () => {
  it("runs at most LOGIN_CONCURRENCY comparisons, queues LOGIN_QUEUE, and answers the rest 503 with Retry-After", async () => {
    const held = new HeldChecks();
    // Ten addresses (one trusted proxy), ten accounts: neither the throttle nor the per-address cap applies.
    const issuer = await startIssuer({
      checkSecret: held.check,
      env: { TRUST_PROXY: "1", LOGIN_CONCURRENCY: "2", LOGIN_QUEUE: "2", MAX_INFLIGHT_PER_ADDRESS: "3" },
    });
    try {
      const answered: Answer[] = [];
      const all = Array.from({ length: 10 }, async (_, i) => {
        const res = await issuer.post({ ...ALICE, username: `user${i}`, password: "wrong" }, { headers: { "x-forwarded-for": `10.0.0.${i}` } });
        const a = await answer(res);
        answered.push(a);
        return a;
      });
      await vi.waitFor(() => {
        expect({ calls: held.calls, answered: answered.length }).toEqual({ calls: 2, answered: 6 });
      }, POLL);
      expect(answered.every((a) => a.status === 503 && a.error === "temporarily_unavailable" && a.retryAfter === "1")).toBe(true);
      held.release();
      const answers = await Promise.all(all);
      expect(answers.filter((a) => a.status === 400)).toHaveLength(4);
      expect(held.calls).toBe(4);
      expect(held.maxRunning).toBe(2);
      // A refused attempt was never judged, so it did not count against its account.
      for (let i = 0; i < 10; i++) {
        const res = await issuer.post({ ...ALICE, username: `user${i}`, password: "wrong" }, { headers: { "x-forwarded-for": `10.0.1.${i}` } });
        expect(res.status).toBe(400);
      }
    } finally {
      held.release();
      await issuer.close();
    }
  });
});

describe("requests in flight per address", () => {
  it("answers 429 with Retry-After beyond MAX_INFLIGHT_PER_ADDRESS, even for right passwords", async () => {
    const held = new HeldChecks();
    // Four may run at once, so the four admitted requests all reach the (held) comparison.
    const issuer = await startIssuer({ checkSecret: held.check, env: { LOGIN_CONCURRENCY: "4", LOGIN_QUEUE: "4", MAX_INFLIGHT_PER_ADDRESS: "4" } });
    try {
      const answered: Answer[] = [];
      // Alice and bob alternately: 5 each would fit their account limits, so only the address cap refuses.
      const all = Array.from({ length: 10 }, async (_, i) => {
        const form = i % 2 === 0 ? ALICE : { ...ALICE, username: "bob", password: SECRETS.bob };
        const a = await answer(await issuer.post(form));
        answered.push(a);
        return a;
      });
      await vi.waitFor(() => {
        expect({ calls: held.calls, answered: answered.length }).toEqual({ calls: 4, answered: 6 });
      }, POLL);
      expect(answered.every((a) => a.status === 429 && a.error === "too_many_requests" && a.retryAfter === "1")).toBe(true);
      held.release();
      expect((await Promise.all(all)).filter((a) => a.status === 200)).toHaveLength(4);
    } finally {
      held.release();
      await issuer.close();
    }
  });

  it("frees the slot of every request, answered or refused, so sequential logins are never limited (default bounds)", async () => {
    const issuer = await startIssuer();
    try {
      for (let i = 0; i < 3; i++) expect((await issuer.post({ grant_type: "nope" })).status).toBe(400);
      for (let i = 0; i < 3; i++) expect((await issuer.post({ ...ALICE, password: "wrong" })).status).toBe(400);
      for (let i = 0; i < 12; i++) expect((await issuer.post(i % 2 === 0 ? ALICE : { ...ALICE, username: "bob", password: SECRETS.bob })).status).toBe(200);
      expect(await errorOf(await issuer.post({ grant_type: "client_credentials" }))).toMatchObject({ status: 401 });
      expect((await issuer.post(ALICE)).status).toBe(200);
    } finally {
      await issuer.close();
    }
  });
});

describe("LoginCapacity", () => {
  it("serves waiters first come, first served, and hands a finished slot to the next one", async () => {
    const stored = parseSecretHash(await hashSecret("s", CHEAP));
    if (stored === undefined) throw new Error("unparsable test hash");
    const order: string[] = [];
    const held = new HeldChecks();
    const capacity = new LoginCapacity({ concurrency: 1, queue: 2 }, async (secret, hash) => {
      order.push(secret);
      return held.check(secret, hash);
    });
    const runs = ["a", "b", "c"].map((secret) => capacity.check(secret, stored));
    await expect(capacity.check("d", stored)).rejects.toSatisfy((e) => e instanceof OAuthError && e.status === 503);
    expect(capacity.load).toEqual({ running: 1, waiting: 2 });
    held.release();
    expect(await Promise.all(runs)).toEqual([false, false, false]);
    expect(order).toEqual(["a", "b", "c"]);
    expect(capacity.load).toEqual({ running: 0, waiting: 0 });
  });

  it("frees the slot of a check that throws", async () => {
    const stored = parseSecretHash(await hashSecret("s", CHEAP));
    if (stored === undefined) throw new Error("unparsable test hash");
    const capacity = new LoginCapacity({ concurrency: 1, queue: 0 }, () => Promise.reject(new Error("boom")));
    await expect(capacity.check("x", stored)).rejects.toThrow("boom");
    await expect(capacity.check("x", stored)).rejects.toThrow("boom");
    expect(capacity.load).toEqual({ running: 0, waiting: 0 });
  });

  it.each([
    [{ concurrency: 0, queue: 1 }],
    [{ concurrency: 1.5, queue: 1 }],
    [{ concurrency: 1, queue: -1 }],
  ])("refuses limits %o with a TypeError", (limits) => {
    expect(() => new LoginCapacity(limits, () => Promise.resolve(true))).toThrow(TypeError);
  });
});

describe("InflightLimit", () => {
  it("caps each address, forgets an address with nothing in flight, and bounds the table", () => {
    const inflight = new InflightLimit({ perAddress: 2, maxAddresses: 2 });
    const a1 = inflight.enter("a");
    inflight.enter("a");
    expect(() => inflight.enter("a")).toThrow(expect.objectContaining({ status: 429, headers: { "Retry-After": "1" } }) as Error);
    const b = inflight.enter("b");
    expect(() => inflight.enter("c")).toThrow(expect.objectContaining({ status: 503 }) as Error);
    expect(inflight.size).toBe(2);
    b();
    b(); // leaving twice is harmless
    expect(inflight.size).toBe(1);
    inflight.enter("c");
    a1();
    inflight.enter("a");
    expect(() => inflight.enter("a")).toThrow(OAuthError);
  });

  it("refuses limits below 1 with a TypeError", () => {
    expect(() => new InflightLimit({ perAddress: 0, maxAddresses: 1 })).toThrow(TypeError);
    expect(() => new InflightLimit({ perAddress: 1, maxAddresses: 0 })).toThrow(TypeError);
  });
});
