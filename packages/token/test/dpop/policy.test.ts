// A resource server's presentation rules (RFC 9449 §7): DpopPolicy's options, the request URL it
// makes the htu of, the credential it reads, and checkPresentation over real tokens and proofs.
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  checkPresentation,
  createDpopProof,
  createSigner,
  createVerifier,
  DpopPolicy,
  DpopReplayCache,
  generateKey,
  isTokenError,
  jwkThumbprint,
  staticKeys,
  type DpopPolicyOptions,
  type DpopPresentation,
  type Key,
  type VerifiedToken,
} from "../../src/index.js";
import { AUDIENCE, ISSUER } from "../unit/support.js";
import { START_MS } from "./support.js";

const clock = (): number => START_MS;
const HTU = "http://127.0.0.1:4001/me";

/** "accepted", or the code (and reason) of the TokenError thrown. */
function refusal(fn: () => unknown): string {
  try {
    fn();
    return "accepted";
  } catch (error: unknown) {
    if (!isTokenError(error)) throw error;
    return error.reason === undefined ? error.code : `${error.code}/${error.reason}`;
  }
}

describe("DpopPolicy options", () => {
  it("defaults: not required, both algorithms, its own replay cache, no public base URL", () => {
    const policy = new DpopPolicy();
    expect(policy).toMatchObject({ required: false, algorithms: ["EdDSA", "ES256"], publicBaseUrl: undefined });
    expect(policy.replay).toBeInstanceOf(DpopReplayCache);
    expect(new DpopPolicy().replay).not.toBe(policy.replay);
  });

  it("keeps the replay cache and algorithms it is given", () => {
    const replay = new DpopReplayCache({ maxEntries: 10 });
    const policy = new DpopPolicy({ replay, algorithms: ["ES256"], required: true });
    expect(policy.replay).toBe(replay);
    expect(policy).toMatchObject({ required: true, algorithms: ["ES256"] });
  });

  it.each([
    ["https://api.example.com", "https://api.example.com"],
    ["https://API.example.com:443/", "https://api.example.com"],
    ["http://127.0.0.1:8080/api/", "http://127.0.0.1:8080/api"],
    ["https://example.com/api", "https://example.com/api"],
  ])("normalises publicBaseUrl %s to %s", (given, kept) => {
    expect(new DpopPolicy({ publicBaseUrl: given }).publicBaseUrl).toBe(kept);
  });

  it.each<[string, DpopPolicyOptions]>([
    ["required not a boolean", { required: "true" as unknown as boolean }],
    ["a relative publicBaseUrl", { publicBaseUrl: "/api" }],
    ["an ftp publicBaseUrl", { publicBaseUrl: "ftp://example.com" }],
    ["a publicBaseUrl with credentials", { publicBaseUrl: "https://user:pw@example.com" }],
    ["a publicBaseUrl with a query", { publicBaseUrl: "https://example.com/?a=1" }],
    ["a publicBaseUrl with an empty query", { publicBaseUrl: "https://example.com/?" }],
    ["a publicBaseUrl with a fragment", { publicBaseUrl: "https://example.com/#x" }],
    ["no algorithm", { algorithms: [] }],
    ["a symmetric algorithm", { algorithms: ["HS256"] as unknown as DpopPolicyOptions["algorithms"] }],
    ["a zero maxAgeSeconds", { maxAgeSeconds: 0 }],
    ["a negative clockTolerance", { clockTolerance: -1 }],
    ["a fractional maxProofBytes", { maxProofBytes: 1.5 }],
    ["a replay cache that is none", { replay: new Map() as unknown as DpopReplayCache }],
  ])("refuses %s with TypeError at creation", (_name, options) => {
    expect(() => new DpopPolicy(options)).toThrow(TypeError);
  });
});

describe("DpopPolicy.htu", () => {
  const origin = (): string => "http://127.0.0.1:4001";

  it.each([
    ["/me", undefined, "http://127.0.0.1:4001/me"],
    ["/orders?page_size=1", undefined, "http://127.0.0.1:4001/orders"],
    ["/me#x", undefined, "http://127.0.0.1:4001/me"],
    ["/me", "https://api.example.com", "https://api.example.com/me"],
    ["/me?x=1", "https://example.com/api/", "https://example.com/api/me"],
    ["/a|b", undefined, "http://127.0.0.1:4001/a%7Cb"],
    ["/caf\u00e9", undefined, "http://127.0.0.1:4001/caf%C3%A9"],
    ["/%7euser", undefined, "http://127.0.0.1:4001/~user"],
  ])("%s with base %s -> %s", (path, publicBaseUrl, htu) => {
    const policy = new DpopPolicy(publicBaseUrl === undefined ? {} : { publicBaseUrl });
    expect(policy.htu(path, origin)).toBe(htu);
  });

  it("asks for the origin only when no public base URL is set", () => {
    let asked = 0;
    const count = (): string => {
      asked += 1;
      return "http://127.0.0.1:4001";
    };
    new DpopPolicy({ publicBaseUrl: "https://api.example.com" }).htu("/me", count);
    expect(asked).toBe(0);
    new DpopPolicy().htu("/me", count);
    expect(asked).toBe(1);
  });

  it.each([
    ["an absolute-form target", "http://elsewhere.example/me", origin],
    ["an asterisk target", "*", origin],
    ["an empty target", "", origin],
    ["a Host with a space", "/me", () => "http://a b"],
    ["a Host with credentials", "/me", () => "http://user@127.0.0.1"],
    ["no Host", "/me", () => "http://"],
    ["a bare percent in the path", "/a%zz", origin],
  ])("refuses %s: dpop_proof_invalid/htu_mismatch, no proof can be for it", (_name, path, from) => {
    expect(refusal(() => new DpopPolicy().htu(path, from))).toBe("dpop_proof_invalid/htu_mismatch");
  });
});

describe("DpopPolicy.credential", () => {
  const policy = new DpopPolicy();

  it("reads Bearer and DPoP credentials", () => {
    expect(policy.credential("Bearer abc", [])).toEqual({ scheme: "Bearer", token: "abc" });
    expect(policy.credential("DPoP abc", ["p"])).toEqual({ scheme: "DPoP", token: "abc" });
  });

  it.each<[string | undefined, string[], string]>([
    [undefined, [], "token_missing"],
    ["Basic dXNlcjpwYXNz", [], "token_missing"],
    [undefined, ["a.b.c"], "dpop_proof_without_token"],
    ["Basic dXNlcjpwYXNz", ["a.b.c"], "dpop_proof_without_token"],
    ["DPoP", ["a.b.c"], "invalid_request"],
    ["DPoP a b", [], "invalid_request"],
  ])("%j with proofs %j -> %s", (authorization, proofs, code) => {
    expect(refusal(() => policy.credential(authorization, proofs))).toBe(code);
  });
});

describe("checkPresentation", () => {
  let issuerKey: Key;
  let client: KeyObject;
  let thief: KeyObject;
  let jkt: string;
  let bound: { token: string; auth: VerifiedToken };
  let unbound: { token: string; auth: VerifiedToken };

  beforeAll(async () => {
    issuerKey = await generateKey("EdDSA");
    client = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    thief = generateKeyPairSync("ed25519").privateKey;
    const { x, y, kty, crv } = client.export({ format: "jwk" });
    jkt = jwkThumbprint({ kty, crv, x, y });
    const signer = createSigner({ keys: issuerKey, issuer: ISSUER, clock });
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(issuerKey), clock });
    const input = { sub: "alice", client_id: "demo-cli", aud: AUDIENCE, scope: "profile" };
    const issue = async (cnf?: { jkt: string }): Promise<{ token: string; auth: VerifiedToken }> => {
      const { token } = await signer.accessToken(cnf === undefined ? input : { ...input, cnf });
      return { token, auth: await verifier.verify(token) };
    };
    bound = await issue({ jkt });
    unbound = await issue();
  });

  const proof = (token: string, overrides: { key?: KeyObject; htm?: string; htu?: string; ath?: string } = {}): Promise<string> =>
    createDpopProof({ privateKey: overrides.key ?? client, htm: overrides.htm ?? "GET", htu: overrides.htu ?? HTU, accessToken: overrides.ath ?? token, clock });

  const present = (scheme: "Bearer" | "DPoP", token: string, proofs: string[]): DpopPresentation => ({
    scheme,
    token,
    proofs,
    htm: "GET",
    htu: () => HTU,
  });

  it("accepts a bound token with its proof and returns the proof", async () => {
    const policy = new DpopPolicy({ clock, required: true });
    const verified = checkPresentation(bound.auth, present("DPoP", bound.token, [await proof(bound.token)]), policy);
    expect(verified?.jkt).toBe(jkt);
  });

  it("accepts an unbound Bearer token unless DPoP is required, and ignores a proof beside it", async () => {
    const proofs = [await proof(unbound.token)];
    expect(checkPresentation(unbound.auth, present("Bearer", unbound.token, []), undefined)).toBeUndefined();
    expect(checkPresentation(unbound.auth, present("Bearer", unbound.token, proofs), new DpopPolicy({ clock }))).toBeUndefined();
    expect(refusal(() => checkPresentation(unbound.auth, present("Bearer", unbound.token, proofs), new DpopPolicy({ clock, required: true })))).toBe("dpop_required");
  });

  it("refuses a bound token presented as Bearer (a downgrade), with or without a policy", async () => {
    const proofs = [await proof(bound.token)];
    expect(refusal(() => checkPresentation(bound.auth, present("Bearer", bound.token, []), undefined))).toBe("dpop_scheme_required");
    expect(refusal(() => checkPresentation(bound.auth, present("Bearer", bound.token, proofs), new DpopPolicy({ clock })))).toBe("dpop_scheme_required");
  });

  it("computes the htu only for a DPoP presentation", async () => {
    let asked = 0;
    const counted = (p: DpopPresentation): DpopPresentation => ({
      ...p,
      htu: () => {
        asked += 1;
        return HTU;
      },
    });
    const policy = new DpopPolicy({ clock });
    checkPresentation(unbound.auth, counted(present("Bearer", unbound.token, [])), policy);
    expect(asked).toBe(0);
    checkPresentation(bound.auth, counted(present("DPoP", bound.token, [await proof(bound.token)])), policy);
    expect(asked).toBe(1);
  });

  const refusals: [string, () => Promise<{ auth: VerifiedToken; presentation: DpopPresentation }>, string][] = [
    ["no proof", () => Promise.resolve({ auth: bound.auth, presentation: present("DPoP", bound.token, []) }), "dpop_proof_missing"],
    ["two proofs", async () => ({ auth: bound.auth, presentation: present("DPoP", bound.token, [await proof(bound.token), await proof(bound.token)]) }), "dpop_proof_invalid/proof_repeated"],
    ["two proofs joined in one field", async () => ({ auth: bound.auth, presentation: present("DPoP", bound.token, [`${await proof(bound.token)}, ${await proof(bound.token)}`]) }), "dpop_proof_invalid/proof_repeated"],
    ["a proof for another method", async () => ({ auth: bound.auth, presentation: present("DPoP", bound.token, [await proof(bound.token, { htm: "POST" })]) }), "dpop_proof_invalid/htm_mismatch"],
    ["a proof for another URL", async () => ({ auth: bound.auth, presentation: present("DPoP", bound.token, [await proof(bound.token, { htu: "http://127.0.0.1:4001/orders" })]) }), "dpop_proof_invalid/htu_mismatch"],
    ["a proof for another token", async () => ({ auth: bound.auth, presentation: present("DPoP", bound.token, [await proof(bound.token, { ath: unbound.token })]) }), "dpop_proof_invalid/ath_mismatch"],
    ["a proof by another key", async () => ({ auth: bound.auth, presentation: present("DPoP", bound.token, [await proof(bound.token, { key: thief })]) }), "dpop_binding_mismatch"],
    ["an unbound token with the DPoP scheme", async () => ({ auth: unbound.auth, presentation: present("DPoP", unbound.token, [await proof(unbound.token)]) }), "dpop_binding_mismatch"],
  ];
  it.each(refusals)("refuses %s: %s", async (_name, make, expected) => {
    const { auth, presentation } = await make();
    expect(refusal(() => checkPresentation(auth, presentation, new DpopPolicy({ clock })))).toBe(expected);
  });

  it("refuses a replayed proof through the policy's own replay cache", async () => {
    const policy = new DpopPolicy({ clock });
    const once = [await proof(bound.token)];
    expect(checkPresentation(bound.auth, present("DPoP", bound.token, once), policy)?.jkt).toBe(jkt);
    expect(refusal(() => checkPresentation(bound.auth, present("DPoP", bound.token, once), policy))).toBe("dpop_proof_invalid/jti_replayed");
    // Another instance has its own memory (RFC 9449 §11.1).
    expect(checkPresentation(bound.auth, present("DPoP", bound.token, once), new DpopPolicy({ clock }))?.jkt).toBe(jkt);
  });

  it("applies the policy's proof options: a proof older than maxAgeSeconds, an algorithm left out", async () => {
    const old = [await createDpopProof({ privateKey: client, htm: "GET", htu: HTU, accessToken: bound.token, clock: () => START_MS - 11_000 })];
    expect(refusal(() => checkPresentation(bound.auth, present("DPoP", bound.token, old), new DpopPolicy({ clock, maxAgeSeconds: 10 })))).toBe("dpop_proof_invalid/iat_too_old");
    const fresh = [await proof(bound.token)];
    expect(refusal(() => checkPresentation(bound.auth, present("DPoP", bound.token, fresh), new DpopPolicy({ clock, algorithms: ["EdDSA"] })))).toBe("dpop_proof_invalid/alg_not_allowed");
  });

  it("is a TypeError to check a DPoP presentation without a policy: the service takes Bearer only", async () => {
    const presentation = present("DPoP", bound.token, [await proof(bound.token)]);
    expect(() => checkPresentation(bound.auth, presentation, undefined)).toThrow(TypeError);
  });
});

describe("DpopPolicy.verify", () => {
  it("checks a token endpoint's proof (no ath) with the policy's options and replay cache", async () => {
    const privateKey = generateKeyPairSync("ed25519").privateKey;
    const policy = new DpopPolicy({ clock });
    const htu = "http://127.0.0.1:4000/token";
    const proof = await createDpopProof({ privateKey, htm: "POST", htu, clock });
    expect(policy.verify(proof, { htm: "POST", htu }).htu).toBe(htu);
    expect(refusal(() => policy.verify(proof, { htm: "POST", htu }))).toBe("dpop_proof_invalid/jti_replayed");
    const other = await createDpopProof({ privateKey, htm: "POST", htu, clock });
    expect(refusal(() => policy.verify(other, { htm: "POST", htu, accessToken: "eyJ.e30.sig" }))).toBe("dpop_proof_invalid/ath_missing");
  });
});
