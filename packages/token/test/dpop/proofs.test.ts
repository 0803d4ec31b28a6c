// Good proofs: createDpopProof with EdDSA and ES256, from a node KeyObject and from a WebCrypto
// non-extractable CryptoKey, verify with verifyDpopProof; the header carries the public key only;
// a caller's misuse is a TypeError.
import { generateKeyPairSync, webcrypto, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createDpopProof,
  DPOP_PROOF_TYPE,
  DpopReplayCache,
  generateKey,
  jwkThumbprint,
  verifyDpopProof,
  type CreateDpopProofOptions,
  type DpopAlgorithm,
} from "../../src/index.js";
import { ACCESS_TOKEN, ath, fakeClock, HTM, HTU, NOW, START_MS, verifyOptions } from "./support.js";

type Pair = Pick<CreateDpopProofOptions, "privateKey" | "publicKey">;

const WEBCRYPTO: Record<DpopAlgorithm, webcrypto.EcKeyGenParams | webcrypto.Algorithm> = {
  EdDSA: { name: "Ed25519" },
  ES256: { name: "ECDSA", namedCurve: "P-256" },
};

async function cryptoKeyPair(alg: DpopAlgorithm): Promise<Pair & { privateKey: webcrypto.CryptoKey; publicKey: webcrypto.CryptoKey }> {
  const pair = (await webcrypto.subtle.generateKey(WEBCRYPTO[alg], false, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  return { privateKey: pair.privateKey, publicKey: pair.publicKey };
}

function keyObject(alg: DpopAlgorithm): Pair & { privateKey: KeyObject } {
  const pair = alg === "EdDSA" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateKey: pair.privateKey };
}

const decode = (segment: string | undefined): Record<string, unknown> =>
  JSON.parse(Buffer.from(segment ?? "", "base64url").toString("utf8")) as Record<string, unknown>;

const SOURCES = [
  ["KeyObject", async (alg: DpopAlgorithm): Promise<Pair> => Promise.resolve(keyObject(alg))],
  ["non-extractable CryptoKey", cryptoKeyPair],
] as const;

describe.each(["EdDSA", "ES256"] as const)("%s", (alg) => {
  describe.each(SOURCES)("from a %s", (_source, make) => {
    it("creates a proof that verifies, bound to the key's thumbprint", async () => {
      const pair = await make(alg);
      if (pair.publicKey !== undefined) expect((pair.privateKey as webcrypto.CryptoKey).extractable).toBe(false);
      const clock = fakeClock();
      const proof = await createDpopProof({ ...pair, htm: HTM, htu: HTU, accessToken: ACCESS_TOKEN, clock: clock.now });
      const [h, p] = proof.split(".");
      const header = decode(h);
      const claims = decode(p);
      expect(header).toEqual({ typ: DPOP_PROOF_TYPE, alg, jwk: expect.any(Object) as unknown });
      const jwk = header.jwk as Record<string, unknown>;
      // The allowlist: exactly the public members, nothing of WebCrypto's export (ext, key_ops), no d.
      expect(Object.keys(jwk).sort()).toEqual(alg === "EdDSA" ? ["crv", "kty", "x"] : ["crv", "kty", "x", "y"]);
      expect(claims).toEqual({ jti: expect.any(String) as unknown, htm: HTM, htu: HTU, iat: NOW, ath: ath(ACCESS_TOKEN) });
      expect(Buffer.from(String(claims.jti), "base64url")).toHaveLength(16);

      const verified = verifyDpopProof(proof, verifyOptions({ clock: clock.now }));
      expect(verified).toMatchObject({ jkt: jwkThumbprint(jwk), jti: claims.jti, iat: NOW, htm: HTM, htu: HTU, alg });
      expect(verified.nonce).toBeUndefined();
    });

    it("writes nonce and a given jti, and leaves the query and fragment out of htu", async () => {
      const pair = await make(alg);
      const proof = await createDpopProof({ ...pair, htm: "POST", htu: "HTTP://127.0.0.1:4000/token?x=1#f", nonce: "n-1", jti: "my-jti", clock: () => START_MS });
      expect(decode(proof.split(".")[1])).toEqual({ jti: "my-jti", htm: "POST", htu: "http://127.0.0.1:4000/token", iat: NOW, nonce: "n-1" });
      const tokenEndpoint = verifyOptions({ htm: "POST", htu: "http://127.0.0.1:4000/token", nonce: "n-1", accessToken: undefined });
      expect(verifyDpopProof(proof, tokenEndpoint).nonce).toBe("n-1");
    });

    it("gives every proof a new jti", async () => {
      const pair = await make(alg);
      const replay = new DpopReplayCache();
      const jtis = new Set<unknown>();
      for (let i = 0; i < 5; i++) {
        const proof = await createDpopProof({ ...pair, htm: HTM, htu: HTU, accessToken: ACCESS_TOKEN, clock: () => START_MS });
        jtis.add(verifyDpopProof(proof, verifyOptions({ replay })).jti);
      }
      expect(jtis.size).toBe(5);
    });
  });

  it("infers the algorithm, and refuses one that does not fit", async () => {
    const pair = keyObject(alg);
    const proof = await createDpopProof({ ...pair, htm: HTM, htu: HTU });
    expect(decode(proof.split(".")[0]).alg).toBe(alg);
    await expect(createDpopProof({ ...pair, alg: alg === "EdDSA" ? "ES256" : "EdDSA", htm: HTM, htu: HTU })).rejects.toThrow(TypeError);
  });
});

describe("createDpopProof refuses misuse with TypeError", () => {
  const base = { htm: HTM, htu: HTU };

  it.each([
    ["a secret key", async () => (await generateKey("HS256")).publicKey],
    ["an RSA key", async () => (await generateKey("RS256")).privateKey],
    ["a P-384 key", () => Promise.resolve(generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey)],
    ["a public key", () => Promise.resolve(generateKeyPairSync("ed25519").publicKey)],
    ["not a key", () => Promise.resolve({ type: "private" })],
  ])("%s as privateKey", async (_name, make) => {
    const privateKey = (await make()) as KeyObject;
    await expect(createDpopProof({ ...base, privateKey })).rejects.toThrow(TypeError);
  });

  it("a CryptoKey without its public half, with another key's, or with a KeyObject's", async () => {
    const pair = await cryptoKeyPair("ES256");
    const other = await cryptoKeyPair("ES256");
    const ed = await cryptoKeyPair("EdDSA");
    await expect(createDpopProof({ ...base, privateKey: pair.privateKey })).rejects.toThrow(TypeError);
    await expect(createDpopProof({ ...base, privateKey: pair.privateKey, publicKey: other.publicKey })).rejects.toThrow("publicKey is not the public half of privateKey");
    await expect(createDpopProof({ ...base, privateKey: pair.privateKey, publicKey: ed.publicKey })).rejects.toThrow(TypeError);
    await expect(createDpopProof({ ...base, privateKey: pair.privateKey, publicKey: pair.privateKey })).rejects.toThrow(TypeError);
    await expect(createDpopProof({ ...base, ...keyObject("EdDSA"), publicKey: ed.publicKey })).rejects.toThrow(TypeError);
    // The right pair still works after the refusals.
    await expect(createDpopProof({ ...base, ...pair })).resolves.toMatch(/^eyJ/);
  });

  it("a CryptoKey of another algorithm (ECDH on P-256)", async () => {
    const pair = await webcrypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
    await expect(createDpopProof({ ...base, privateKey: pair.privateKey, publicKey: pair.publicKey })).rejects.toThrow(TypeError);
  });

  it.each([
    ["htm empty", { htm: "" }],
    ["htm with a space", { htm: "GET /" }],
    ["htu relative", { htu: "/me" }],
    ["htu with userinfo", { htu: "http://a:b@127.0.0.1/me" }],
    ["htu not http(s)", { htu: "ftp://127.0.0.1/me" }],
    ["jti empty", { jti: "" }],
    ["jti of 129 characters", { jti: "j".repeat(129) }],
    ["nonce with a space", { nonce: "a b" }],
    ["nonce with a quote", { nonce: 'a"b' }],
    ["accessToken empty", { accessToken: "" }],
    ["alg HS256", { alg: "HS256" }],
    ["clock not a function", { clock: 5 }],
  ])("%s", async (_name, override) => {
    const options = { ...base, ...keyObject("EdDSA"), ...override } as CreateDpopProofOptions;
    await expect(createDpopProof(options)).rejects.toThrow(TypeError);
  });
});

describe("verifyDpopProof refuses bad options with TypeError", () => {
  it.each([
    ["no replay cache", { replay: undefined }],
    ["a replay stand-in", { replay: { remember: () => "fresh" } }],
    ["htm empty", { htm: "" }],
    ["htu relative", { htu: "/me" }],
    ["algorithms with HS256", { algorithms: ["HS256"] }],
    ["algorithms with none", { algorithms: ["none"] }],
    ["algorithms with RS256", { algorithms: ["RS256"] }],
    ["algorithms empty", { algorithms: [] }],
    ["maxAgeSeconds 0", { maxAgeSeconds: 0 }],
    ["maxAgeSeconds negative", { maxAgeSeconds: -1 }],
    ["clockTolerance negative", { clockTolerance: -1 }],
    ["maxProofBytes 0", { maxProofBytes: 0 }],
    ["nonce list empty", { nonce: [] }],
    ["nonce with a space", { nonce: "a b" }],
    ["accessToken empty", { accessToken: "" }],
    ["clock not a function", { clock: 1 }],
  ])("%s", (_name, override) => {
    const options = { ...verifyOptions(), ...override } as Parameters<typeof verifyDpopProof>[1];
    expect(() => verifyDpopProof("a.b.c", options)).toThrow(TypeError);
  });
});
