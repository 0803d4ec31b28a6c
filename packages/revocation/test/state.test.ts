import { TokenError } from "@org/token";
import { describe, expect, it } from "vitest";
import { RevocationState, type RevocationEntry, type RevocationSubject, type RevocationTarget } from "../src/index.js";
import { fakeClock, START_MS, subject } from "./support.js";

const DAY_MS = 86_400_000;
const LIFETIME_MS = 300_000;
const TOLERANCE_MS = 5_000;

function entry(target: RevocationTarget, seq: number, at = START_MS, until = at + DAY_MS): RevocationEntry {
  return { ...target, seq, at, until: target.scope === "key" ? Infinity : until };
}

function newState(clock = fakeClock(), options: { maxEntries?: number; onKeyWithdrawn?: (kid: string) => void } = {}) {
  return new RevocationState({ lifetimeMs: LIFETIME_MS, toleranceMs: TOLERANCE_MS, clock: clock.now, ...options });
}

// Four tokens: two users on two clients, each its own jti and grant; A and B verified by kid k1.
const TOKENS: Readonly<Record<string, { claims: RevocationSubject; kid: string }>> = {
  A: { claims: subject({ sub: "alice", client_id: "demo-cli", jti: "ja", sid: "sa" }), kid: "k1" },
  B: { claims: subject({ sub: "bob", client_id: "demo-cli", jti: "jb", sid: "sb" }), kid: "k1" },
  C: { claims: subject({ sub: "alice", client_id: "demo-web", jti: "jc", sid: "sc" }), kid: "k2" },
  D: { claims: subject({ sub: "bob", client_id: "demo-web", jti: "jd", sid: "sd" }), kid: "k2" },
};

// Each scope aimed at token A, and which of the four tokens it must revoke.
const SCOPES: readonly (readonly [RevocationTarget, readonly string[]])[] = [
  [{ scope: "global" }, ["A", "B", "C", "D"]],
  [{ scope: "client", client_id: "demo-cli" }, ["A", "B"]],
  [{ scope: "user", sub: "alice" }, ["A", "C"]],
  [{ scope: "user_client", sub: "alice", client_id: "demo-cli" }, ["A"]],
  [{ scope: "grant", sid: "sa" }, ["A"]],
  [{ scope: "token", jti: "ja" }, ["A"]],
  [{ scope: "key", kid: "k1" }, ["A", "B"]],
];

function revokedSet(state: RevocationState): string[] {
  return Object.entries(TOKENS)
    .filter(([, t]) => state.isRevoked(t.claims, t.kid))
    .map(([name]) => name);
}

describe("RevocationState: scopes", () => {
  it("revokes nothing while empty", () => {
    expect(revokedSet(newState())).toEqual([]);
  });

  it.each(SCOPES)("%o alone revokes exactly %s", (target, expected) => {
    const state = newState();
    state.apply(entry(target, 1));
    expect(revokedSet(state)).toEqual(expected);
  });

  const pairs = SCOPES.flatMap((a, i) => SCOPES.slice(i + 1).map((b) => [a, b] as const));
  it.each(pairs)("%o with %o: a token is revoked when either covers it", ([a, setA], [b, setB]) => {
    const state = newState();
    state.apply(entry(a, 1));
    state.apply(entry(b, 2));
    const union = [...new Set([...setA, ...setB])].sort();
    expect(revokedSet(state)).toEqual(union);
  });

  it("keeps sub and client_id apart in user_client keys", () => {
    const state = newState();
    state.apply(entry({ scope: "user_client", sub: "a", client_id: "b" }, 1));
    expect(state.isRevoked(subject({ sub: "a", client_id: "b" }), "k")).toBe(true);
    expect(state.isRevoked(subject({ sub: "ab", client_id: "" }), "k")).toBe(false);
    expect(state.isRevoked(subject({ sub: "b", client_id: "a" }), "k")).toBe(false);
  });
});

describe("RevocationState: rev ordering", () => {
  const COUNTER_SCOPES = SCOPES.slice(0, 4).map(([target]) => target);
  const PRESENCE_SCOPES = SCOPES.slice(4).map(([target]) => target);
  const a = TOKENS.A ?? { claims: subject(), kid: "k1" };
  const withRev = (rev: unknown) => ({ ...a.claims, rev });

  it.each(COUNTER_SCOPES)("%o revokes iff rev < seq", (target) => {
    const state = newState();
    state.apply(entry(target, 10));
    expect(state.isRevoked(withRev(9), a.kid)).toBe(true);
    expect(state.isRevoked(withRev(0), a.kid)).toBe(true);
    expect(state.isRevoked(withRev(10), a.kid)).toBe(false); // signed after seq 10 was written
    expect(state.isRevoked(withRev(11), a.kid)).toBe(false);
  });

  it.each(PRESENCE_SCOPES)("%o revokes whatever the rev", (target) => {
    const state = newState();
    state.apply(entry(target, 10));
    expect(state.isRevoked(withRev(10), a.kid)).toBe(true);
    expect(state.isRevoked(withRev(1_000_000), a.kid)).toBe(true);
  });

  it("a target keeps its highest seq, whatever the order entries arrive in", () => {
    const state = newState();
    state.apply(entry({ scope: "user", sub: "alice" }, 5));
    state.apply(entry({ scope: "user", sub: "alice" }, 3));
    expect(state.isRevoked(withRev(4), a.kid)).toBe(true);
    state.apply(entry({ scope: "user", sub: "alice" }, 8));
    expect(state.isRevoked(withRev(7), a.kid)).toBe(true);
    expect(state.isRevoked(withRev(8), a.kid)).toBe(false);
    expect(state.currentSeq()).toBe(8);
    expect(state.size).toBe(1);
  });

  const GARBAGE_REV: readonly unknown[] = [undefined, null, "20", -1, 1.5, Number.NaN, Infinity, 2 ** 53, {}, [20], true];
  it.each(GARBAGE_REV)("a rev of %o counts as 0", (rev) => {
    const state = newState();
    expect(state.isRevoked(withRev(rev), a.kid)).toBe(false);
    state.apply(entry({ scope: "client", client_id: "demo-cli" }, 1));
    expect(state.isRevoked(withRev(rev), a.kid)).toBe(true);
  });

  const GARBAGE_SID: readonly unknown[] = [undefined, null, "", 7, {}, ["sa"]];
  it.each(GARBAGE_SID)("a sid of %o matches no grant, and the other scopes still apply", (sid) => {
    const state = newState();
    state.apply(entry({ scope: "grant", sid: "sa" }, 1));
    const claims = { ...a.claims, sid, rev: 5 };
    expect(state.isRevoked(claims, a.kid)).toBe(false);
    state.apply(entry({ scope: "user", sub: "alice" }, 6));
    expect(state.isRevoked(claims, a.kid)).toBe(true);
  });
});

describe("RevocationState: expiry", () => {
  const alice = subject();

  it("forgets a counter entry at at + lifetime + tolerance, never before", () => {
    const clock = fakeClock();
    const state = newState(clock);
    state.apply(entry({ scope: "user", sub: "alice" }, 1));
    clock.advance(LIFETIME_MS + TOLERANCE_MS - 1);
    expect(state.isRevoked(alice, "k")).toBe(true);
    clock.advance(1_001); // sweeps run at most once a second
    expect(state.isRevoked(alice, "k")).toBe(false);
    expect(state.size).toBe(0);
  });

  it("forgets a token entry at its until + tolerance when that comes first", () => {
    const clock = fakeClock();
    const state = newState(clock);
    state.apply(entry({ scope: "token", jti: alice.jti }, 1, START_MS, START_MS + 60_000));
    clock.advance(60_000 + TOLERANCE_MS - 1);
    expect(state.isRevoked(alice, "k")).toBe(true);
    clock.advance(1_001);
    expect(state.isRevoked(alice, "k")).toBe(false);
  });

  it("a later entry for the same target extends it past the first one's expiry", () => {
    const clock = fakeClock();
    const state = newState(clock);
    state.apply(entry({ scope: "user", sub: "alice" }, 1));
    clock.advance(200_000);
    state.apply(entry({ scope: "user", sub: "alice" }, 2, clock.now()));
    clock.advance(200_000); // past the first entry's expiry, before the second's
    expect(state.isRevoked({ ...alice, rev: 1 }, "k")).toBe(true);
    clock.advance(LIFETIME_MS);
    expect(state.isRevoked({ ...alice, rev: 1 }, "k")).toBe(false);
  });

  it("files one expiry item per target, however often it is revoked again", () => {
    const clock = fakeClock();
    const state = newState(clock);
    for (let i = 1; i <= 1_000; i++) {
      state.apply(entry({ scope: "user", sub: "alice" }, i, clock.now()));
      clock.advance(100);
    }
    expect(state.size).toBe(1);
    expect(state.pendingExpiries).toBe(1);
    clock.advance(LIFETIME_MS); // past the first entry's expiry: re-filed, still one item
    expect(state.isRevoked({ ...alice, rev: 999 }, "k")).toBe(true);
    expect(state.pendingExpiries).toBe(1);
    clock.advance(LIFETIME_MS);
    expect(state.isRevoked({ ...alice, rev: 999 }, "k")).toBe(false);
    expect(state.pendingExpiries).toBe(0);
  });

  it("forgets a global revocation too", () => {
    const clock = fakeClock();
    const state = newState(clock);
    state.apply(entry({ scope: "global" }, 1));
    expect(state.isRevoked(alice, "k")).toBe(true);
    clock.advance(LIFETIME_MS + TOLERANCE_MS + 1_000);
    expect(state.isRevoked(alice, "k")).toBe(false);
  });

  it("keeps key withdrawals for good", () => {
    const clock = fakeClock();
    const state = newState(clock);
    state.apply(entry({ scope: "key", kid: "k1" }, 1));
    clock.advance(10 * 365 * DAY_MS);
    expect(state.isRevoked(alice, "k1")).toBe(true);
    expect(state.isKeyWithdrawn("k1")).toBe(true);
  });

  it("an entry that already expired only raises currentSeq", () => {
    const clock = fakeClock();
    const state = newState(clock);
    state.apply(entry({ scope: "user", sub: "alice" }, 4, START_MS - LIFETIME_MS - TOLERANCE_MS));
    expect(state.isRevoked(alice, "k")).toBe(false);
    expect(state.size).toBe(0);
    expect(state.currentSeq()).toBe(4);
  });

  it("prune() sweeps without a check", () => {
    const clock = fakeClock();
    const state = newState(clock);
    state.apply(entry({ scope: "grant", sid: "s" }, 1));
    clock.advance(LIFETIME_MS + TOLERANCE_MS + 1_000);
    state.prune();
    expect(state.size).toBe(0);
  });

  it("without a lifetime, until alone decides", () => {
    const clock = fakeClock();
    const state = new RevocationState({ toleranceMs: 0, clock: clock.now });
    state.apply(entry({ scope: "grant", sid: "s" }, 1, START_MS, START_MS + DAY_MS));
    clock.advance(DAY_MS - 1);
    expect(state.size).toBe(1);
    clock.advance(1_001);
    state.prune();
    expect(state.size).toBe(0);
  });
});

describe("RevocationState: cap and bookkeeping", () => {
  it("refuses new targets beyond maxEntries and then fails closed", () => {
    const state = newState(fakeClock(), { maxEntries: 3 });
    expect(state.apply(entry({ scope: "user", sub: "u1" }, 1))).toBe(true);
    expect(state.apply(entry({ scope: "user", sub: "u2" }, 2))).toBe(true);
    expect(state.apply(entry({ scope: "token", jti: "j3" }, 3))).toBe(true);
    expect(state.apply(entry({ scope: "user", sub: "u1" }, 4))).toBe(true); // an existing target: no growth
    expect(state.overflowed).toBe(false);
    expect(state.apply(entry({ scope: "user", sub: "u4" }, 5))).toBe(false);
    expect(state.overflowed).toBe(true);
    expect(state.refused).toBe(1);
    expect(state.size).toBe(3);
    expect(() => state.isRevoked(subject(), "k")).toThrow(TokenError);
    expect(() => state.isRevoked(subject(), "k")).toThrow(expect.objectContaining({ code: "revocation_unavailable" }));
    state.clearOverflow();
    expect(state.isRevoked(subject({ sub: "u1" }), "k")).toBe(true);
  });

  it("never refuses a key withdrawal", () => {
    const state = newState(fakeClock(), { maxEntries: 1 });
    state.apply(entry({ scope: "user", sub: "u1" }, 1));
    expect(state.apply(entry({ scope: "key", kid: "k9" }, 2))).toBe(true);
    expect(state.isKeyWithdrawn("k9")).toBe(true);
    expect(state.overflowed).toBe(false);
  });

  it("is idempotent", () => {
    const state = newState();
    const e = entry({ scope: "user_client", sub: "alice", client_id: "demo-cli" }, 3);
    state.apply(e);
    state.apply(e);
    expect(state.size).toBe(1);
    expect(state.currentSeq()).toBe(3);
  });

  it("observeSeq raises currentSeq, never lowers it", () => {
    const state = newState();
    state.observeSeq(7);
    state.observeSeq(2);
    expect(state.currentSeq()).toBe(7);
  });

  it("announces each withdrawn kid once", () => {
    const kids: string[] = [];
    const state = newState(fakeClock(), { onKeyWithdrawn: (kid) => kids.push(kid) });
    state.apply(entry({ scope: "key", kid: "k1" }, 1));
    state.apply(entry({ scope: "key", kid: "k1" }, 2));
    expect(state.withdrawKey("k2")).toBe(true);
    expect(state.withdrawKey("k2")).toBe(false);
    expect(kids).toEqual(["k1", "k2"]);
    expect(state.withdrawnKeys().sort()).toEqual(["k1", "k2"]);
  });

  const BAD_OPTIONS: readonly Record<string, unknown>[] = [
    { maxEntries: 0 },
    { maxEntries: 1.5 },
    { lifetimeMs: -1 },
    { toleranceMs: Number.NaN },
  ];
  it.each(BAD_OPTIONS)("refuses options %o with a TypeError", (options) => {
    expect(() => new RevocationState(options)).toThrow(TypeError);
  });
});
