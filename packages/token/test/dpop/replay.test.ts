// The replay cache: a replay is refused, an entry is forgotten once its iat has left the window (and
// not before), the bound by count fails closed without forgetting a live entry, and the heap that
// orders expiries agrees with a naive model on random sequences.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_DPOP_REPLAY_ENTRIES, DpopReplayCache, verifyDpopProof, type Key } from "../../src/index.js";
import { codeOf, expectRefused, fakeClock, forgeProof, NOW, outcome, proofClaims, proofHeader, proofKeys, START_MS, verifyOptions } from "./support.js";

let key: Key;
let otherKey: Key;
beforeAll(async () => {
  ({ EdDSA: key, ES256: otherKey } = await proofKeys());
});

describe("DpopReplayCache with verifyDpopProof", () => {
  it("refuses a replay inside the window, then forgets the entry once its iat is outside it", () => {
    const clock = fakeClock();
    const replay = new DpopReplayCache();
    const options = () => verifyOptions({ replay, clock: clock.now });
    const proof = forgeProof(key, proofHeader(key), proofClaims({ iat: NOW }));
    expect(outcome(proof, options())).toBe("accepted");
    expect(replay.size).toBe(1);
    clock.advance(60); // iat = now - 60: still inside the window, so still remembered
    expectRefused(proof, options(), "jti_replayed");
    expect(replay.size).toBe(1);
    clock.advance(0.001); // now past iat + 60: the proof is too old, and its entry can go
    expectRefused(proof, options(), "iat_too_old");
    expect(outcome(forgeProof(key), verifyOptions({ replay, clock: clock.now, maxAgeSeconds: 3600 }))).toBe("accepted");
    expect(replay.size).toBe(1);
  });

  it("keeps a proof with a future iat for the whole time that iat is accepted", () => {
    const clock = fakeClock();
    const replay = new DpopReplayCache();
    const proof = forgeProof(key, proofHeader(key), proofClaims({ iat: NOW + 5 }));
    expect(outcome(proof, verifyOptions({ replay, clock: clock.now }))).toBe("accepted");
    clock.advance(65);
    expectRefused(proof, verifyOptions({ replay, clock: clock.now }), "jti_replayed");
  });

  it("scopes a jti to its key: the same jti from another key is no replay", () => {
    const replay = new DpopReplayCache();
    const claims = proofClaims();
    expect(outcome(forgeProof(key, proofHeader(key), claims), verifyOptions({ replay }))).toBe("accepted");
    expect(outcome(forgeProof(otherKey, proofHeader(otherKey), claims), verifyOptions({ replay }))).toBe("accepted");
    expect(replay.size).toBe(2);
    expectRefused(forgeProof(key, proofHeader(key), claims), verifyOptions({ replay }), "jti_replayed");
  });

  it("a jti already seen for another URL or method is still a replay (the key and jti name the proof)", () => {
    const replay = new DpopReplayCache();
    const claims = proofClaims();
    expect(outcome(forgeProof(key, proofHeader(key), claims), verifyOptions({ replay }))).toBe("accepted");
    const elsewhere = forgeProof(key, proofHeader(key), { ...claims, htu: "http://127.0.0.1:4001/orders" });
    expectRefused(elsewhere, verifyOptions({ replay, htu: "http://127.0.0.1:4001/orders" }), "jti_replayed");
  });

  it("when full of live proofs it refuses new ones (dpop_replay_cache_full) and forgets none", () => {
    const clock = fakeClock();
    const replay = new DpopReplayCache({ maxEntries: 3 });
    const options = () => verifyOptions({ replay, clock: clock.now });
    const first = forgeProof(key);
    expect(outcome(first, options())).toBe("accepted");
    clock.advance(10);
    for (let i = 0; i < 2; i++) expect(outcome(forgeProof(key, proofHeader(key), proofClaims({ iat: NOW + 10 })), options())).toBe("accepted");
    expect(replay.size).toBe(3);
    const fourth = forgeProof(key, proofHeader(key), proofClaims({ iat: NOW + 10 }));
    expect(codeOf(() => verifyDpopProof(fourth, options()))).toBe("dpop_replay_cache_full");
    expect(replay.size).toBe(3);
    expectRefused(first, options(), "jti_replayed"); // the oldest live entry was not evicted
    clock.advance(50.001); // the first proof's iat leaves the window: one place frees up
    expect(outcome(fourth, options())).toBe("accepted");
    expect(replay.size).toBe(3);
    expect(codeOf(() => verifyDpopProof(forgeProof(key, proofHeader(key), proofClaims({ iat: NOW + 60 })), options()))).toBe("dpop_replay_cache_full");
  });

  it("the full error is a temporary failure with a fixed description", () => {
    const replay = new DpopReplayCache({ maxEntries: 1 });
    verifyDpopProof(forgeProof(key), verifyOptions({ replay }));
    try {
      verifyDpopProof(forgeProof(key), verifyOptions({ replay }));
      expect.unreachable();
    } catch (error: unknown) {
      expect(error).toMatchObject({ code: "dpop_replay_cache_full", kind: "unavailable", message: "DPoP proofs cannot be checked right now" });
    }
  });
});

describe("DpopReplayCache alone", () => {
  it("has a bounded default and refuses a bad bound", () => {
    expect(new DpopReplayCache().maxEntries).toBe(DEFAULT_DPOP_REPLAY_ENTRIES);
    for (const maxEntries of [0, -1, 1.5, Number.NaN, Infinity]) expect(() => new DpopReplayCache({ maxEntries })).toThrow(TypeError);
  });

  it("holds an entry through its expiry instant and forgets it just after", () => {
    const cache = new DpopReplayCache();
    expect(cache.remember("a", 1000, 0)).toBe("fresh");
    expect(cache.remember("a", 1000, 1000)).toBe("replayed");
    expect(cache.remember("b", 5000, 1001)).toBe("fresh");
    expect(cache.size).toBe(1);
    expect(cache.remember("a", 2000, 1001)).toBe("fresh");
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it("agrees with a naive model on random sequences (expiries in any order)", () => {
    const op = fc.record({ id: fc.integer({ min: 0, max: 30 }), ttl: fc.integer({ min: 0, max: 100 }), step: fc.integer({ min: 0, max: 20 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.integer({ min: 1, max: 12 }), (ops, max) => {
        const cache = new DpopReplayCache({ maxEntries: max });
        const model = new Map<string, number>();
        let now = 0;
        for (const { id, ttl, step } of ops) {
          now += step;
          for (const [k, expiry] of model) if (expiry < now) model.delete(k);
          const expected = model.has(String(id)) ? "replayed" : model.size >= max ? "full" : "fresh";
          if (expected === "fresh") model.set(String(id), now + ttl);
          expect(cache.remember(String(id), now + ttl, now)).toBe(expected);
          expect(cache.size).toBe(model.size);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("is bounded by count under a flood of distinct proofs", () => {
    const cache = new DpopReplayCache({ maxEntries: 1000 });
    let full = 0;
    for (let i = 0; i < 5000; i++) if (cache.remember(`id-${String(i)}`, START_MS + 60_000, START_MS) === "full") full++;
    expect(cache.size).toBe(1000);
    expect(full).toBe(4000);
    expect(cache.remember("late", START_MS + 120_000, START_MS + 60_001)).toBe("fresh");
    expect(cache.size).toBe(1);
  });
});
