import { beforeAll, describe, expect, it } from "vitest";
import { createSigner, createVerifier, generateKey, staticKeys, type Key, type RevocationChecker } from "../../src/index.js";
import { AUDIENCE, claims, fakeClock, forge, headerFor, ISSUER, rejectsWith } from "./support.js";

let key: Key;
beforeAll(async () => {
  key = await generateKey("EdDSA");
});

/** A revocation checker that counts calls and can be switched. */
function countingRevocation(): RevocationChecker & { calls: number; revoked: boolean } {
  return {
    calls: 0,
    revoked: false,
    isRevoked() {
      this.calls++;
      return this.revoked;
    },
  };
}

/** A resolver that counts how often the verifier needed a key (i.e. did a full verification). */
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
    expect(keys.resolves).toBe(1);
  });

  it("cache: false verifies every time", async () => {
    const keys = countingKeys();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: fakeClock().now, cache: false });
    const token = forge(key, headerFor(key), claims());
    await verifier.verify(token);
    await verifier.verify(token);
    expect(keys.resolves).toBe(2);
  });

  it("an entry is never served at or after exp, even within the clock tolerance", async () => {
    const keys = countingKeys();
    const clock = fakeClock();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: clock.now });
    const token = forge(key, headerFor(key), claims());
    await verifier.verify(token);
    clock.advance(299.999);
    await verifier.verify(token);
    expect(keys.resolves).toBe(1);
    clock.advance(0.001); // now == exp: the cache steps aside; the full path applies the tolerance
    await verifier.verify(token);
    expect(keys.resolves).toBe(2);
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
    revocation.revoked = true;
    await rejectsWith(verifier.verify(token), "token_revoked");
    revocation.revoked = false;
    await verifier.verify(token);
  });

  it("flush() drops everything", async () => {
    const keys = countingKeys();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: fakeClock().now });
    const token = forge(key, headerFor(key), claims());
    await verifier.verify(token);
    verifier.flush();
    await verifier.verify(token);
    expect(keys.resolves).toBe(2);
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
    await pending;
    await verifier.verify(token);
    expect(resolves).toBe(2); // verified again, not served from a cache the flush emptied
    await verifier.verify(token);
    expect(resolves).toBe(2);
  });

  it("is bounded in entries, evicting the least recently used", async () => {
    const keys = countingKeys();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, clock: fakeClock().now, cache: { maxEntries: 3 } });
    const tokens = ["a", "b", "c", "d"].map((jti) => forge(key, headerFor(key), claims({ jti })));
    const [a, b, c, d] = tokens as [string, string, string, string];
    for (const t of [a, b, c]) await verifier.verify(t);
    await verifier.verify(a); // a is now most recent; b is the oldest
    expect(keys.resolves).toBe(3);
    await verifier.verify(d); // evicts b
    expect(keys.resolves).toBe(4);
    await verifier.verify(a);
    await verifier.verify(c);
    await verifier.verify(d);
    expect(keys.resolves).toBe(4);
    await verifier.verify(b);
    expect(keys.resolves).toBe(5);
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
