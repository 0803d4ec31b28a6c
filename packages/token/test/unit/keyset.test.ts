import { createSecretKey, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createSigner,
  createVerifier,
  jwksFile,
  KeySet,
  staticKeys,
  type Algorithm,
  type Key,
} from "../../src/index.js";
import { sharedKey } from "./support.js";
import { AUDIENCE, fakeClock, ISSUER, rejectsWith, throwsWith } from "./support.js";

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
const input = { sub: "alice", client_id: "demo-cli", aud: AUDIENCE, scope: "profile" };

describe("KeySet rotation", () => {
  it("old key verifies until retired; the new one signs after activation", async () => {
    const clock = fakeClock();
    const set = await KeySet.generate();
    const first = set.active;
    const signer = createSigner({ keys: set, issuer: ISSUER, clock: clock.now });
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(set), clock: clock.now, cache: false });
    const before = (await signer.accessToken(input)).token;

    const next = await sharedKey("ES256");
    set.add(next);
    expect(set.active).toBe(first); // published ahead of use, not signing
    expect(set.publicJwks().keys.map((k) => k.kid)).toEqual([first.kid, next.kid]);

    set.activate(next.kid);
    const after = (await signer.accessToken(input)).token;
    expect((await verifier.verify(after)).kid).toBe(next.kid);
    expect((await verifier.verify(before)).kid).toBe(first.kid);

    set.retire(first.kid);
    await rejectsWith(verifier.verify(before), "key_unknown");
    await verifier.verify(after);
    expect(set.publicJwks().keys.map((k) => k.kid)).toEqual([next.kid]);
  });

  it("misuse is a TypeError", async () => {
    const set = await KeySet.generate();
    const verifyOnly = await sharedKey("EdDSA");
    expect(() => { set.retire(set.active.kid); }).toThrow(TypeError);
    expect(() => { set.retire("nope"); }).toThrow(TypeError);
    expect(() => { set.activate("nope"); }).toThrow(TypeError);
    expect(() => { set.add(set.active); }).toThrow(TypeError);
    expect(() => new KeySet([])).toThrow(TypeError);
    const publicOnly = { kid: verifyOnly.kid, alg: verifyOnly.alg, publicKey: verifyOnly.publicKey };
    set.add(publicOnly);
    expect(() => { set.activate(publicOnly.kid); }).toThrow(TypeError);
  });

  it.each<Algorithm[]>([["EdDSA", "ES256", "RS256", "HS256"]])("publicJwks never contains private members", async (...algs) => {
    const keys = await Promise.all(algs.map((a) => sharedKey(a)));
    const set = new KeySet(keys);
    const published = set.publicJwks();
    expect(published.keys.map((k) => k.alg)).toEqual(["EdDSA", "ES256", "RS256"]); // HS256 is never published
    const text = JSON.stringify(published);
    for (const m of PRIVATE_MEMBERS) expect(text).not.toContain(`"${m}"`);
    for (const k of published.keys) expect(k.use).toBe("sig");
  });

  it("privateJwks round-trips through fromJwks, active first", async () => {
    const a = await sharedKey("EdDSA");
    const b = await sharedKey("RS256");
    const set = new KeySet([a, b], b.kid);
    const text = JSON.stringify(set.privateJwks());
    const back = await KeySet.fromJwks(text);
    expect(back.active.kid).toBe(b.kid);
    expect(back.keys.map((k) => k.kid)).toEqual([b.kid, a.kid]);
    expect(back.active.privateKey?.equals(b.privateKey ?? b.publicKey)).toBe(true);
  });

  it("fromJwks rejects bad input with TypeError", async () => {
    await expect(KeySet.fromJwks("{")).rejects.toThrow(TypeError);
    await expect(KeySet.fromJwks({ keys: [] })).rejects.toThrow(TypeError);
    await expect(KeySet.fromJwks({ nokeys: 1 })).rejects.toThrow(TypeError);
    const publicOnly = (await KeySet.generate()).publicJwks();
    await expect(KeySet.fromJwks(publicOnly)).rejects.toThrow(/private/);
  });
});

describe("staticKeys and jwksFile", () => {
  it("resolve by kid, and without kid only in a one-key set", async () => {
    const a = await sharedKey("EdDSA");
    const b = await sharedKey("ES256");
    const one = staticKeys(a);
    expect(one.resolve(undefined)).toBe(a);
    const two = staticKeys([a, b]);
    expect(two.resolve(b.kid)).toBe(b);
    throwsWith(() => two.resolve(undefined), "key_unknown");
    throwsWith(() => two.resolve("other"), "key_unknown");
  });

  it("KeyObject misuse in hand-built Keys is a TypeError", async () => {
    const ec = await sharedKey("ES256");
    const ed = await sharedKey("EdDSA");
    const rows: unknown[] = [
      { kid: "x", alg: "RS256", publicKey: ec.publicKey }, // EC key pinned to RS256
      { kid: "x", alg: "EdDSA", publicKey: ec.publicKey },
      { kid: "x", alg: "HS256", publicKey: ed.publicKey }, // public key as an HMAC secret
      { kid: "x", alg: "HS256", publicKey: createSecretKey(randomBytes(16)) }, // short secret
      { kid: "x", alg: "EdDSA", publicKey: ed.privateKey }, // private key where a public one belongs
      { kid: "x", alg: "ES256", publicKey: "-----BEGIN PUBLIC KEY-----" },
      { kid: "", alg: "EdDSA", publicKey: ed.publicKey },
      { kid: "x", alg: "HS512", publicKey: createSecretKey(randomBytes(64)) },
    ];
    for (const row of rows) {
      expect(() => staticKeys(row as Key)).toThrow(TypeError);
      expect(() => staticKeys([row as Key])).toThrow(TypeError);
    }
    expect(staticKeys({ kid: "x", alg: "HS256", publicKey: createSecretKey(randomBytes(32)) }).resolve("x")).toMatchObject({ kid: "x" });
  });

  it("take a public JWKS object or JSON text", async () => {
    const set = new KeySet([await sharedKey("EdDSA"), await sharedKey("RS256")]);
    const fromObject = staticKeys(set.publicJwks());
    const fromText = staticKeys(JSON.stringify(set.publicJwks()));
    for (const k of set.keys) {
      const resolved = fromObject.resolve(k.kid);
      expect(resolved instanceof Promise).toBe(false);
      if (!(resolved instanceof Promise)) expect(resolved.publicKey.equals(k.publicKey)).toBe(true);
      expect(fromText.resolve(k.kid)).toMatchObject({ kid: k.kid, alg: k.alg });
    }
  });

  it("jwksFile reads the file once; bad files are a TypeError naming the path, not the content", async () => {
    const dir = mkdtempSync(join(tmpdir(), "token-jwks-"));
    const good = join(dir, "jwks.json");
    const key = await sharedKey("EdDSA");
    writeFileSync(good, JSON.stringify(new KeySet([key]).publicJwks()));
    expect(jwksFile(good).resolve(key.kid)).toMatchObject({ kid: key.kid });

    const bad = join(dir, "bad.json");
    writeFileSync(bad, "secret-looking-content");
    expect(() => jwksFile(bad)).toThrow(TypeError);
    expect(() => jwksFile(bad)).toThrow(new RegExp(bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    expect(() => jwksFile(bad)).not.toThrow(/secret-looking/);
    expect(() => jwksFile(join(dir, "missing.json"))).toThrow(TypeError);
    writeFileSync(bad, JSON.stringify({ keys: [{ kty: "EC", crv: "P-256", x: "AA", y: "AA" }] }));
    expect(() => jwksFile(bad)).toThrow(TypeError);
  });
});
