import { beforeAll, describe, expect, it } from "vitest";
import { createSigner, createVerifier, generateKey, staticKeys, type Key, type RevocationChecker } from "../../src/index.js";
import { AUDIENCE, claims, fakeClock, forge, headerFor, ISSUER, rejectsWith } from "./support.js";

let key: Key;
beforeAll(async () => {
  key = await generateKey("EdDSA");
});

/** A revocation checker that counts calls and can be switched. */
function countingRevocation(): RevocationChecker & { calls: number; revoked: boolean; seen: { kid: string }[] } {
  return {
    calls: 0,
    revoked: false,
    seen: [],
    isRevoked(token) {
      this.calls++;
      this.seen.push({ kid: token.kid });
      return this.revoked;
    },
  };
}

/** A resolver that counts how often the verifier asked for a key: every full verification and every hit. */
function countingKeys() {
  const inner = staticKeys(key);
  const counter = { resolves: 0, resolve: (kid: string | undefined) => (counter.resolves++, inner.resolve(kid)) };
  return counter;
}

describe("verified-token cache (on by default)", () => {
  it("a second verification is a hit and returns the same frozen object", async () => {
    const keys = countingKeys();
    const clock = fakeClock();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: clock.now });
    const token = forge(key, headerFor(key), claims());
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).toBe(first);
    // The hit asked for its key once more: it is only served while that key is still current.
    expect(keys.resolves).toBe(2);
  });

  it("cache: false verifies every time", async () => {
    const keys = countingKeys();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: fakeClock().now, cache: false });
    const token = forge(key, headerFor(key), claims());
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).not.toBe(first);
    expect(keys.resolves).toBe(2);
  });

  it("an entry is never served at or after exp, even within the clock tolerance", async () => {
    const clock = fakeClock();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key), clock: clock.now });
    const token = forge(key, headerFor(key), claims());
    const first = await verifier.verify(token);
    clock.advance(299.999);
    expect(await verifier.verify(token)).toBe(first);
    clock.advance(0.001); // now == exp: the cache steps aside; the full path applies the tolerance
    expect(await verifier.verify(token)).not.toBe(first);
    clock.advance(5);
    await rejectsWith(verifier.verify(token), "token_expired");
  });

  it("the clock going back before nbf/iat does not serve the entry", async () => {
    const keys = countingKeys();
    const clock = fakeClock();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: clock.now });
    const token = forge(key, headerFor(key), claims());
    await verifier.verify(token);
    clock.advance(-6);
    await rejectsWith(verifier.verify(token), "token_not_yet_valid");
  });

  it("revocation is consulted on every hit", async () => {
    const revocation = countingRevocation();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key), clock: fakeClock().now, revocation });
    const token = forge(key, headerFor(key), claims());
    await verifier.verify(token);
    await verifier.verify(token);
    expect(revocation.calls).toBe(2);
    expect(revocation.seen.map((t) => t.kid)).toEqual([key.kid, key.kid]);
    revocation.revoked = true;
    await rejectsWith(verifier.verify(token), "token_revoked");
    revocation.revoked = false;
    await verifier.verify(token);
  });

  it("flush() drops everything", async () => {
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key), clock: fakeClock().now });
    const token = forge(key, headerFor(key), claims());
    const first = await verifier.verify(token);
    verifier.flush();
    expect(await verifier.verify(token)).not.toBe(first);
  });

  it("a flush() during a key fetch is not undone when the fetch lands", async () => {
    let release: (k: Key) => void = () => undefined;
    let resolves = 0;
    const keys = {
      resolve: (): Key | Promise<Key> => {
        resolves++;
        return resolves === 1 ? new Promise<Key>((r) => (release = r)) : key;
      },
    };
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: fakeClock().now });
    const token = forge(key, headerFor(key), claims());
    const pending = verifier.verify(token);
    verifier.flush();
    release(key);
    const fetched = await pending;
    const again = await verifier.verify(token);
    expect(again).not.toBe(fetched); // verified again, not served from a cache the flush emptied
    expect(await verifier.verify(token)).toBe(again);
  });

  it("is bounded in entries, evicting the least recently used", async () => {
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key), clock: fakeClock().now, cache: { maxEntries: 3 } });
    const tokens = ["a", "b", "c", "d"].map((jti) => forge(key, headerFor(key), claims({ jti })));
    const [a, b, c, d] = tokens as [string, string, string, string];
    const first = new Map<string, unknown>();
    for (const t of [a, b, c]) first.set(t, await verifier.verify(t));
    expect(await verifier.verify(a)).toBe(first.get(a)); // a is now most recent; b is the oldest
    first.set(d, await verifier.verify(d)); // evicts b
    expect(await verifier.verify(a)).toBe(first.get(a));
    expect(await verifier.verify(c)).toBe(first.get(c));
    expect(await verifier.verify(d)).toBe(first.get(d));
    expect(await verifier.verify(b)).not.toBe(first.get(b));
  });

  it("serves a hit only while the resolver still gives the key that verified it", async () => {
    const other = await generateKey("EdDSA");
    let current: Key[] = [key];
    const keys = { resolve: (kid: string | undefined) => staticKeys(current).resolve(kid) };
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: fakeClock().now });
    const token = forge(key, headerFor(key), claims());
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);
    current = [other]; // the key was rotated out
    await rejectsWith(verifier.verify(token), "key_unknown");
    current = [key]; // and back: verified afresh, not served from an entry that was dropped
    expect(await verifier.verify(token)).not.toBe(first);
  });

  it("keys the cache on the whole token: a changed signature is verified, not served", async () => {
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key), clock: fakeClock().now });
    const token = forge(key, headerFor(key), claims());
    await verifier.verify(token);
    const last = token.at(-2) === "A" ? "B" : "A";
    await rejectsWith(verifier.verify(`${token.slice(0, -2)}${last}${token.slice(-1)}`), "signature_invalid");
  });

  it("a signer's token hits after a first miss with the default settings", async () => {
    const signer = createSigner({ keys: key, issuer: ISSUER });
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key) });
    const { token } = await signer.accessToken({ sub: "s", client_id: "c", aud: AUDIENCE, scope: "x" });
    expect(await verifier.verify(token)).toBe(await verifier.verify(token));
  });
});

describe("stats", () => {
  it("counts hits and misses and tells the entries", async () => {
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key), clock: fakeClock().now });
    const token = forge(key, headerFor(key), claims());
    expect(verifier.stats()).toEqual({ cacheHits: 0, cacheMisses: 0, cacheEntries: 0 });
    await verifier.verify(token);
    await verifier.verify(token);
    await verifier.verify(token);
    expect(verifier.stats()).toEqual({ cacheHits: 2, cacheMisses: 1, cacheEntries: 1 });
  });
});
