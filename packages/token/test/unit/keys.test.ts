import { createPublicKey, createSecretKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { calculateJwkThumbprint } from "jose";
import { describe, expect, it } from "vitest";
import {
  ALGORITHMS,
  exportPrivateJwk,
  exportPublicJwk,
  generateKey,
  importJwk,
  importPem,
  secretKey,
  type Algorithm,
} from "../../src/index.js";
import { sharedKey } from "./support.js";

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
const ASYMMETRIC: Algorithm[] = ["EdDSA", "ES256", "RS256"];

describe("generateKey", () => {
  it("defaults to EdDSA", async () => {
    const key = await generateKey();
    expect(key.alg).toBe("EdDSA");
    expect(key.publicKey.asymmetricKeyType).toBe("ed25519");
    expect(key.privateKey?.type).toBe("private");
  });

  it.each(ALGORITHMS)("%s: kid is jose's RFC 7638 thumbprint", async (alg) => {
    const key = await sharedKey(alg);
    const jwk = key.publicKey.export({ format: "jwk" });
    expect(key.kid).toBe(await calculateJwkThumbprint(jwk as Parameters<typeof calculateJwkThumbprint>[0]));
    expect(Object.isFrozen(key)).toBe(true);
  });

  it("keeps a given kid and modulus length", async () => {
    const key = await generateKey("RS256", { kid: "2026-11", modulusLength: 2048 });
    expect(key.kid).toBe("2026-11");
    expect(key.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it("HS256 keys are 32-byte secrets used for both sides", async () => {
    const key = await sharedKey("HS256");
    expect(key.publicKey.type).toBe("secret");
    expect(key.publicKey.symmetricKeySize).toBe(32);
    expect(key.privateKey).toBe(key.publicKey);
  });

  it.each<[string, () => Promise<unknown>]>([
    ["RSA below 2048 bits", () => generateKey("RS256", { modulusLength: 1024 })],
    ["a non-integer modulus", () => generateKey("RS256", { modulusLength: 2048.5 })],
    ["an unknown algorithm", () => generateKey("HS512" as Algorithm)],
    ["an empty kid", () => generateKey("EdDSA", { kid: "" })],
  ])("TypeError for %s", async (_name, make) => {
    await expect(make()).rejects.toThrow(TypeError);
  });
});

describe("secretKey", () => {
  it("accepts 32 bytes or more and refuses less", () => {
    expect(secretKey(randomBytes(32)).alg).toBe("HS256");
    expect(secretKey(randomBytes(64)).publicKey.symmetricKeySize).toBe(64);
    expect(() => secretKey(randomBytes(31))).toThrow(TypeError);
  });
});

describe("exportPublicJwk", () => {
  it.each(ASYMMETRIC)("%s: only public members, kid, alg and use", async (alg) => {
    const key = await sharedKey(alg);
    const jwk = exportPublicJwk(key);
    expect(jwk).toMatchObject({ kid: key.kid, alg, use: "sig" });
    for (const m of PRIVATE_MEMBERS) expect(jwk).not.toHaveProperty(m);
    expect(Object.keys(jwk).every((m) => ["kty", "crv", "x", "y", "n", "e", "kid", "alg", "use"].includes(m))).toBe(true);
    // and it is a usable public key
    expect(createPublicKey({ key: { ...jwk }, format: "jwk" }).equals(key.publicKey)).toBe(true);
  });

  it("refuses to publish an HS256 secret", async () => {
    const key = await sharedKey("HS256");
    expect(() => exportPublicJwk(key)).toThrow(TypeError);
  });
});

describe("importJwk", () => {
  it.each(ALGORITHMS)("%s: private JWK round trip keeps kid, alg and both halves", async (alg) => {
    const key = await sharedKey(alg);
    const back = await importJwk(exportPrivateJwk(key));
    expect(back.kid).toBe(key.kid);
    expect(back.alg).toBe(alg);
    expect(back.publicKey.equals(key.publicKey)).toBe(true);
    expect(back.privateKey?.equals(key.privateKey ?? key.publicKey)).toBe(true);
  });

  it.each(ASYMMETRIC)("%s: public JWK without alg and kid gets both from the key", async (alg) => {
    const key = await sharedKey(alg);
    const bare: Record<string, unknown> = { ...exportPublicJwk(key) };
    delete bare.kid;
    delete bare.alg;
    delete bare.use;
    const back = await importJwk(bare);
    expect(back).toMatchObject({ alg, kid: key.kid });
    expect(back.privateKey).toBeUndefined();
  });

  it("options.kid wins over the JWK's kid", async () => {
    const jwk = exportPublicJwk(await sharedKey("EdDSA"));
    expect((await importJwk(jwk, { kid: "mine" })).kid).toBe("mine");
  });

  it.each<[string, object, Algorithm?]>([
    ["not a JWK", { foo: 1 }],
    ["use enc", { ...ecPublic(), use: "enc" }],
    ["alg it does not support", { ...ecPublic(), alg: "ES384" }],
    ["alg that contradicts options.alg", { ...ecPublic(), alg: "ES256" }, "EdDSA"],
    ["a P-384 key", p384Public()],
    ["an EC key declared as EdDSA", ecPublic(), "EdDSA"],
    ["an RSA key of 1024 bits", rsaPublic(1024)],
    ["a 16-byte oct secret", { kty: "oct", k: randomBytes(16).toString("base64url") }],
    ["an oct JWK declared RS256", { kty: "oct", k: randomBytes(32).toString("base64url") }, "RS256"],
    ["garbage coordinates", { kty: "OKP", crv: "Ed25519", x: "AAAA" }],
  ])("TypeError for %s", async (_name, jwk, alg) => {
    await expect(importJwk(jwk, alg === undefined ? {} : { alg })).rejects.toThrow(TypeError);
  });
});

describe("importPem", () => {
  it.each(ASYMMETRIC)("%s: PKCS#8 private and SPKI public", async (alg) => {
    const key = await sharedKey(alg);
    const privatePem = key.privateKey?.export({ format: "pem", type: "pkcs8" }).toString() ?? "";
    const publicPem = key.publicKey.export({ format: "pem", type: "spki" }).toString();
    const fromPrivate = await importPem(privatePem, alg);
    const fromPublic = await importPem(publicPem, alg, { kid: "given" });
    expect(fromPrivate.kid).toBe(key.kid);
    expect(fromPrivate.privateKey).toBeDefined();
    expect(fromPublic).toMatchObject({ kid: "given", alg });
    expect(fromPublic.privateKey).toBeUndefined();
  });

  it("PKCS#1 RSA public keys", async () => {
    const key = await sharedKey("RS256");
    const pem = key.publicKey.export({ format: "pem", type: "pkcs1" }).toString();
    expect((await importPem(pem, "RS256")).kid).toBe(key.kid);
  });

  it.each<[string, () => string, Algorithm]>([
    ["an Ed25519 key for ES256", () => pem(generateKeyPairSync("ed25519").publicKey), "ES256"],
    ["an EC key for RS256", () => pem(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey), "RS256"],
    ["an RSA 1024 key", () => pem(generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey), "RS256"],
    ["an RSA-PSS key for RS256", () => pem(generateKeyPairSync("rsa-pss", { modulusLength: 2048 }).publicKey), "RS256"],
    ["HS256 (no PEM form)", () => pem(generateKeyPairSync("ed25519").publicKey), "HS256"],
    ["text that is no PEM", () => "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "EdDSA"],
  ])("TypeError for %s", async (_name, text, alg) => {
    await expect(importPem(text(), alg)).rejects.toThrow(TypeError);
  });
});

describe("exportPrivateJwk", () => {
  it("TypeError for a verification-only key", async () => {
    const key = await importJwk(exportPublicJwk(await sharedKey("EdDSA")));
    expect(() => exportPrivateJwk(key)).toThrow(TypeError);
  });

  it("HS256 exports an oct JWK", async () => {
    const key = await sharedKey("HS256");
    expect(exportPrivateJwk(key)).toMatchObject({ kty: "oct", kid: key.kid, alg: "HS256" });
    expect(createSecretKey(Buffer.from(String(exportPrivateJwk(key).k), "base64url")).equals(key.publicKey)).toBe(true);
  });
});

function pem(key: ReturnType<typeof generateKeyPairSync>["publicKey"]): string {
  return key.export({ format: "pem", type: "spki" }).toString();
}
function ecPublic(): Record<string, unknown> {
  return generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
}
function p384Public(): Record<string, unknown> {
  return generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey.export({ format: "jwk" });
}
function rsaPublic(bits: number): Record<string, unknown> {
  return generateKeyPairSync("rsa", { modulusLength: bits }).publicKey.export({ format: "jwk" });
}
