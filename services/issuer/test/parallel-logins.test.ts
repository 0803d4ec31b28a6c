// Parallel bursts against the login throttle: an attempt counts from the moment it starts, so requests
// in flight cannot all slip past the limit before the first failure is recorded.
import { describe, expect, it, vi } from "vitest";
import { ALICE, basic, HeldChecks, startIssuer } from "./helpers.js";

interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
}

/**
 * Fires `count` requests at once and holds every scrypt run until each request has either reached the
 * comparison or been answered; then lets the comparisons finish and returns every answer.
 */
async function burst(held: HeldChecks, count: number, send: (i: number) => Promise<Response>): Promise<Answer[]> {
  const answered: Answer[] = [];
  const all = Array.from({ length: count }, async (_, i) => {
    const res = await send(i);
    await res.arrayBuffer();
    const answer = { status: res.status, retryAfter: res.headers.get("retry-after") };
    answered.push(answer);
    return answer;
  });
  // Polls (no fixed sleep): refused requests are answered at once, judged ones wait at the gate.
  await vi.waitFor(() => {
    expect(held.calls + answered.length).toBe(count);
  }, { timeout: 20_000, interval: 20 });
  held.release();
  return Promise.all(all);
}

/** The per-address cap and the global capacity (test/login-capacity.test.ts) set out of the way, so that these
 *  bursts meet the throttle alone. */
const ROOMY = { MAX_INFLIGHT_PER_ADDRESS: "100", LOGIN_CONCURRENCY: "100", LOGIN_QUEUE: "100" };

function tally(answers: readonly Answer[]): Record<number, number> {
  const byStatus: Record<number, number> = {};
  for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  return byStatus;
}

describe("parallel bursts against the login throttle (limits 5 per account, 20 per address)", () => {
  it("60 parallel wrong passwords for one account: exactly 5 reach scrypt, the rest get 429 with Retry-After", async () => {
    const held = new HeldChecks();
    const issuer = await startIssuer({ checkSecret: held.check, env: ROOMY });
    try {
      const answers = await burst(held, 60, () => issuer.post({ ...ALICE, password: "wrong" }));
      expect(held.calls).toBe(5);
      expect(tally(answers)).toEqual({ 400: 5, 429: 55 });
      for (const a of answers.filter((x) => x.status === 429)) expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
      // The five failures stay counted: even the right password waits for the window (5 minutes).
      const after = await issuer.post(ALICE);
      expect(after.status).toBe(429);
      expect(after.headers.get("retry-after")).toBe("300");
      expect(held.calls).toBe(5);
    } finally {
      held.release();
      await issuer.close();
    }
  });

  it("30 parallel wrong client secrets for one client: exactly 5 reach scrypt", async () => {
    const held = new HeldChecks();
    const issuer = await startIssuer({ checkSecret: held.check, env: ROOMY });
    try {
      const authorization = basic("reporting-job", "wrong-secret");
      const answers = await burst(held, 30, () => issuer.post({ grant_type: "client_credentials" }, { headers: { authorization } }));
      expect(held.calls).toBe(5);
      expect(tally(answers)).toEqual({ 401: 5, 429: 25 });
    } finally {
      held.release();
      await issuer.close();
    }
  });

  it("60 parallel wrong passwords for 60 accounts from one address: exactly 20 reach scrypt", async () => {
    const held = new HeldChecks();
    const issuer = await startIssuer({ checkSecret: held.check, env: ROOMY });
    try {
      const answers = await burst(held, 60, (i) => issuer.post({ ...ALICE, username: `user${i}`, password: "wrong" }));
      expect(held.calls).toBe(20);
      expect(tally(answers)).toEqual({ 400: 20, 429: 40 });
    } finally {
      held.release();
      await issuer.close();
    }
  });

  it("pending attempts count, and a correct one among them still clears the account once it is judged", async () => {
    const held = new HeldChecks();
    const issuer = await startIssuer({ checkSecret: held.check, env: ROOMY });
    try {
      // In this order: 4 wrong passwords in flight, then the right one takes the fifth slot, then a sixth
      // attempt finds all five taken.
      const wrong = Array.from({ length: 4 }, () => issuer.post({ ...ALICE, password: "wrong" }));
      await vi.waitFor(() => {
        expect(held.calls).toBe(4);
      }, { timeout: 20_000, interval: 20 });
      const right = issuer.post(ALICE);
      await vi.waitFor(() => {
        expect(held.calls).toBe(5);
      }, { timeout: 20_000, interval: 20 });
      const sixth = await issuer.post({ ...ALICE, password: "wrong" });
      expect(sixth.status).toBe(429);
      expect(sixth.headers.get("retry-after")).toBe("1");
      held.release();
      expect((await Promise.all(wrong)).map((r) => r.status)).toEqual([400, 400, 400, 400]);
      expect((await right).status).toBe(200);
      // The success cleared alice's failures, so she may try again at once.
      expect((await issuer.post(ALICE)).status).toBe(200);
      expect(held.calls).toBe(6);
    } finally {
      held.release();
      await issuer.close();
    }
  });
});
