// The table of bad proofs: every check of RFC 9449 §4.3, one row each (or one row per variant of a
// check), asserted by code and reason. Each row starts from a proof that verifies (the control row
// below proves it) and breaks exactly one thing. Both algorithms run the whole table.
import { createHmac, generateKeyPairSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { DpopReplayCache, verifyDpopProof, type DpopProofReason, type Key, type VerifyDpopProofOptions } from "../../src/index.js";
import {
  ACCESS_TOKEN,
  ath,
  b64u,
  expectRefused,
  forgeProof,
  HTU,
  NOW,
  outcome,
  part,
  proofClaims,
  proofHeader,
  proofKeys,
  publicJwk,
  signedSegments,
  signWith,
  verifyOptions,
  type ProofKeys,
} from "./support.js";

interface Context {
  readonly key: Key;
  /** Another key of the same algorithm. */
  readonly twin: Key;
  /** The other algorithm's key. */
  readonly other: Key;
}

interface Row {
  readonly name: string;
  readonly reason: DpopProofReason;
  readonly proof: (c: Context) => unknown;
  readonly options?: Partial<VerifyDpopProofOptions> | ((c: Context) => Partial<VerifyDpopProofOptions>);
}

const withHeader = (extra: Record<string, unknown>) => (c: Context) => forgeProof(c.key, proofHeader(c.key, extra));
const withClaims = (claims: Record<string, unknown>) => (c: Context) => forgeProof(c.key, proofHeader(c.key), proofClaims(claims));
const withJwk = (jwk: (c: Context) => unknown) => (c: Context) => forgeProof(c.key, proofHeader(c.key, { jwk: jwk(c) }));
const withoutClaim = (name: string) => (c: Context) =>
  forgeProof(c.key, proofHeader(c.key), Object.fromEntries(Object.entries(proofClaims()).filter(([claim]) => claim !== name)));
const tamper = (edit: (proof: string) => string) => (c: Context) => edit(forgeProof(c.key));

const sizeRows: Row[] = [
  { name: "over maxProofBytes (checked before decoding)", reason: "proof_too_large", proof: (c) => forgeProof(c.key, proofHeader(c.key), proofClaims({ pad: "x".repeat(4096) })) },
  { name: "over a smaller maxProofBytes", reason: "proof_too_large", proof: (c) => forgeProof(c.key), options: { maxProofBytes: 200 } },
];

const shapeRows: Row[] = [
  { name: "not a string", reason: "proof_malformed", proof: () => undefined },
  { name: "an array of proofs (two DPoP fields)", reason: "proof_malformed", proof: (c) => [forgeProof(c.key), forgeProof(c.key)] },
  { name: "two proofs joined as node joins two DPoP fields", reason: "proof_malformed", proof: (c) => `${forgeProof(c.key)}, ${forgeProof(c.key)}` },
  { name: "empty", reason: "proof_malformed", proof: () => "" },
  { name: "two segments", reason: "proof_malformed", proof: tamper((p) => p.slice(0, p.lastIndexOf("."))) },
  { name: "four segments", reason: "proof_malformed", proof: tamper((p) => `${p}.AAAA`) },
  { name: "empty signature segment (alg none style)", reason: "proof_malformed", proof: tamper((p) => p.slice(0, p.lastIndexOf(".") + 1)) },
  { name: "padded base64url header", reason: "proof_malformed", proof: (c) => signedSegments(c.key, `${part(proofHeader(c.key))}==`, part(proofClaims())) },
  { name: "header is not JSON", reason: "proof_malformed", proof: (c) => signedSegments(c.key, b64u("{not json"), part(proofClaims())) },
  { name: "header is a JSON array", reason: "proof_malformed", proof: (c) => signedSegments(c.key, b64u("[1]"), part(proofClaims())) },
  { name: "payload is not JSON (signed)", reason: "proof_malformed", proof: (c) => signedSegments(c.key, part(proofHeader(c.key)), b64u("jti=1")) },
  { name: "payload is a JSON array (signed)", reason: "proof_malformed", proof: (c) => signedSegments(c.key, part(proofHeader(c.key)), b64u("[]")) },
  { name: "payload is invalid UTF-8 (signed)", reason: "proof_malformed", proof: (c) => signedSegments(c.key, part(proofHeader(c.key)), b64u(Buffer.from([0x7b, 0xff, 0x7d]))) },
];

const headerRows: Row[] = [
  { name: "no typ", reason: "typ_invalid", proof: (c) => { const h = proofHeader(c.key); delete h.typ; return forgeProof(c.key, h); } },
  { name: "typ JWT", reason: "typ_invalid", proof: withHeader({ typ: "JWT" }) },
  { name: "typ at+jwt (an access token's)", reason: "typ_invalid", proof: withHeader({ typ: "at+jwt" }) },
  { name: "typ not a string", reason: "typ_invalid", proof: withHeader({ typ: ["dpop+jwt"] }) },
  { name: "alg none", reason: "alg_not_allowed", proof: (c) => `${part(proofHeader(c.key, { alg: "none" }))}.${part(proofClaims())}.AAAA` },
  { name: "alg NONE", reason: "alg_not_allowed", proof: (c) => `${part(proofHeader(c.key, { alg: "NONE" }))}.${part(proofClaims())}.AAAA` },
  {
    name: "alg HS256 keyed with the public key (symmetric)",
    reason: "alg_not_allowed",
    proof: (c) => {
      const input = `${part(proofHeader(c.key, { alg: "HS256" }))}.${part(proofClaims())}`;
      return `${input}.${b64u(createHmac("sha256", JSON.stringify(publicJwk(c.key))).update(input).digest())}`;
    },
  },
  { name: "alg RS256", reason: "alg_not_allowed", proof: withHeader({ alg: "RS256" }) },
  { name: "alg ES384", reason: "alg_not_allowed", proof: withHeader({ alg: "ES384" }) },
  { name: "alg missing", reason: "alg_not_allowed", proof: (c) => { const h = proofHeader(c.key); delete h.alg; return forgeProof(c.key, h); } },
  { name: "alg outside a narrowed allowlist", reason: "alg_not_allowed", proof: (c) => forgeProof(c.key), options: (c) => ({ algorithms: [c.other.alg === "EdDSA" ? "EdDSA" : "ES256"] }) },
  { name: "crit", reason: "header_invalid", proof: withHeader({ crit: ["exp"], exp: 1 }) },
  { name: "b64", reason: "header_invalid", proof: withHeader({ b64: true }) },
  { name: "jku", reason: "header_invalid", proof: withHeader({ jku: "http://127.0.0.1:9/jwks" }) },
  { name: "x5u", reason: "header_invalid", proof: withHeader({ x5u: "http://127.0.0.1:9/cert" }) },
  { name: "x5c", reason: "header_invalid", proof: withHeader({ x5c: ["MIIB"] }) },
];

const PRIVATE = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

const jwkRows: Row[] = [
  { name: "no jwk", reason: "jwk_missing", proof: (c) => { const h = proofHeader(c.key); delete h.jwk; return forgeProof(c.key, h); } },
  {
    name: "the whole private JWK (d)",
    reason: "jwk_private",
    proof: withJwk((c) => (c.key.privateKey === undefined ? {} : c.key.privateKey.export({ format: "jwk" }))),
  },
  ...PRIVATE.map((m): Row => ({ name: `a private member ${m}`, reason: "jwk_private", proof: withJwk((c) => ({ ...publicJwk(c.key), [m]: "AAAA" })) })),
  { name: "jwk is a string", reason: "jwk_invalid", proof: withJwk((c) => JSON.stringify(publicJwk(c.key))) },
  { name: "jwk is an array", reason: "jwk_invalid", proof: withJwk((c) => [publicJwk(c.key)]) },
  { name: "jwk is null", reason: "jwk_invalid", proof: withJwk(() => null) },
  { name: "jwk of the other algorithm", reason: "jwk_invalid", proof: withJwk((c) => publicJwk(c.other)) },
  { name: "jwk of another curve (P-384)", reason: "jwk_invalid", proof: withJwk(() => generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey.export({ format: "jwk" })) },
  { name: "jwk of an RSA key", reason: "jwk_invalid", proof: withJwk(() => generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" })) },
  { name: "jwk x one byte short", reason: "jwk_invalid", proof: withJwk((c) => ({ ...publicJwk(c.key), x: b64u(Buffer.alloc(31, 1)) })) },
  { name: "jwk x not base64url", reason: "jwk_invalid", proof: withJwk((c) => ({ ...publicJwk(c.key), x: `${String(publicJwk(c.key).x)}=` })) },
  { name: "jwk without kty", reason: "jwk_invalid", proof: withJwk((c) => { const j = publicJwk(c.key); delete j.kty; return j; }) },
  { name: "jwk alg of another algorithm", reason: "jwk_invalid", proof: withJwk((c) => ({ ...publicJwk(c.key), alg: "RS256" })) },
  { name: "jwk use enc", reason: "jwk_invalid", proof: withJwk((c) => ({ ...publicJwk(c.key), use: "enc" })) },
];

const signatureRows: Row[] = [
  { name: "signed by another key of the same algorithm", reason: "signature_invalid", proof: (c) => { const input = `${part(proofHeader(c.key))}.${part(proofClaims())}`; return `${input}.${signWith(c.twin, input)}`; } },
  { name: "signature of other claims", reason: "signature_invalid", proof: (c) => { const a = forgeProof(c.key); const b = forgeProof(c.key); return `${a.slice(0, a.lastIndexOf("."))}${b.slice(b.lastIndexOf("."))}`; } },
  { name: "signature one byte short", reason: "signature_invalid", proof: tamper((p) => { const d = p.lastIndexOf("."); return `${p.slice(0, d + 1)}${b64u(Buffer.from(p.slice(d + 1), "base64url").subarray(1))}`; }) },
  { name: "signature not canonical base64url", reason: "signature_invalid", proof: tamper((p) => `${p}=`) },
  { name: "a claim changed after signing", reason: "signature_invalid", proof: tamper((p) => { const [h = "", , s = ""] = p.split("."); return `${h}.${part(proofClaims({ htm: "DELETE" }))}.${s}`; }) },
];

const claimRows: Row[] = [
  ...(["jti", "htm", "htu", "iat"] as const).map((name): Row => ({ name: `no ${name}`, reason: "claims_invalid", proof: withoutClaim(name) })),
  { name: "jti a number", reason: "claims_invalid", proof: withClaims({ jti: 42 }) },
  { name: "jti empty", reason: "claims_invalid", proof: withClaims({ jti: "" }) },
  { name: "jti of 129 characters", reason: "claims_invalid", proof: withClaims({ jti: "j".repeat(129) }) },
  { name: "htm not a string", reason: "claims_invalid", proof: withClaims({ htm: ["GET"] }) },
  { name: "htu not a string", reason: "claims_invalid", proof: withClaims({ htu: { href: HTU } }) },
  { name: "iat a string", reason: "claims_invalid", proof: withClaims({ iat: String(NOW) }) },
  {
    name: "iat not finite (1e400)",
    reason: "claims_invalid",
    proof: (c) => signedSegments(c.key, part(proofHeader(c.key)), b64u(JSON.stringify(proofClaims()).replace(/"iat":\d+/, '"iat":1e400'))),
  },
  { name: "ath not a string", reason: "claims_invalid", proof: withClaims({ ath: 1 }) },
  { name: "nonce not a string", reason: "claims_invalid", proof: withClaims({ nonce: 1 }) },
];

const requestRows: Row[] = [
  { name: "htm of another method", reason: "htm_mismatch", proof: withClaims({ htm: "POST" }) },
  { name: "htm in lower case (methods are case-sensitive)", reason: "htm_mismatch", proof: withClaims({ htm: "get" }) },
  { name: "htu of another path", reason: "htu_mismatch", proof: withClaims({ htu: "http://127.0.0.1:4001/orders" }) },
  { name: "htu of another port", reason: "htu_mismatch", proof: withClaims({ htu: "http://127.0.0.1:4002/me" }) },
  { name: "htu of another scheme", reason: "htu_mismatch", proof: withClaims({ htu: "https://127.0.0.1:4001/me" }) },
  { name: "htu of another host", reason: "htu_mismatch", proof: withClaims({ htu: "http://localhost:4001/me" }) },
  { name: "htu relative", reason: "htu_mismatch", proof: withClaims({ htu: "/me" }) },
  { name: "htu with userinfo", reason: "htu_mismatch", proof: withClaims({ htu: "http://alice@127.0.0.1:4001/me" }) },
  { name: "htu of another scheme than http(s)", reason: "htu_mismatch", proof: withClaims({ htu: "ws://127.0.0.1:4001/me" }) },
  { name: "htu with characters outside RFC 3986", reason: "htu_mismatch", proof: withClaims({ htu: "http://127.0.0.1:4001/m\te" }) },
  { name: "iat 61 s old (window 60 s)", reason: "iat_too_old", proof: withClaims({ iat: NOW - 61 }) },
  { name: "iat 11 s old (window narrowed to 10 s)", reason: "iat_too_old", proof: withClaims({ iat: NOW - 11 }), options: { maxAgeSeconds: 10 } },
  { name: "iat 6 s ahead (tolerance 5 s)", reason: "iat_in_future", proof: withClaims({ iat: NOW + 6 }) },
  { name: "iat 1 s ahead (tolerance 0)", reason: "iat_in_future", proof: withClaims({ iat: NOW + 1 }), options: { clockTolerance: 0 } },
  { name: "no nonce when one is demanded", reason: "nonce_missing", proof: (c) => forgeProof(c.key), options: { nonce: "n-1" } },
  { name: "a stale nonce", reason: "nonce_mismatch", proof: withClaims({ nonce: "n-0" }), options: { nonce: ["n-1", "n-2"] } },
  { name: "a nonce differing in case", reason: "nonce_mismatch", proof: withClaims({ nonce: "N-1" }), options: { nonce: "n-1" } },
  { name: "no ath with an access token", reason: "ath_missing", proof: withoutClaim("ath") },
  { name: "ath of another token", reason: "ath_mismatch", proof: withClaims({ ath: ath(`${ACCESS_TOKEN}x`) }) },
  { name: "ath of the token with padding", reason: "ath_mismatch", proof: withClaims({ ath: `${ath(ACCESS_TOKEN)}=` }) },
  { name: "ath in hex", reason: "ath_mismatch", proof: withClaims({ ath: Buffer.from(ath(ACCESS_TOKEN), "base64url").toString("hex") }) },
  { name: "ath truncated", reason: "ath_mismatch", proof: withClaims({ ath: ath(ACCESS_TOKEN).slice(0, 40) }) },
];

const TABLE: readonly (readonly [string, readonly Row[]])[] = [
  ["size", sizeRows],
  ["shape", shapeRows],
  ["header", headerRows],
  ["jwk", jwkRows],
  ["signature", signatureRows],
  ["claims", claimRows],
  ["request", requestRows],
];

let keys: ProofKeys;
let twins: ProofKeys;
beforeAll(async () => {
  keys = await proofKeys();
  const { generateKey } = await import("../../src/index.js");
  twins = { EdDSA: await generateKey("EdDSA"), ES256: await generateKey("ES256") };
});

describe.each(["EdDSA", "ES256"] as const)("%s proofs", (alg) => {
  const context = (): Context => ({ key: keys[alg], twin: twins[alg], other: keys[alg === "EdDSA" ? "ES256" : "EdDSA"] });

  it("control: the unbroken proof verifies", () => {
    expect(outcome(forgeProof(keys[alg]), verifyOptions())).toBe("accepted");
  });

  describe.each(TABLE)("%s", (_group, rows) => {
    it.each(rows)("$name: $reason", (row) => {
      const c = context();
      const options = verifyOptions(typeof row.options === "function" ? row.options(c) : row.options);
      expectRefused(row.proof(c), options, row.reason);
    });
  });

  it("a replayed proof: jti_replayed, and the first use stays accepted", () => {
    const replay = new DpopReplayCache();
    const proof = forgeProof(keys[alg]);
    expect(outcome(proof, verifyOptions({ replay }))).toBe("accepted");
    expectRefused(proof, verifyOptions({ replay }), "jti_replayed");
  });

  it("the edges of the window are inside it: iat 60 s old and 5 s ahead", () => {
    expect(outcome(forgeProof(keys[alg], proofHeader(keys[alg]), proofClaims({ iat: NOW - 60 })), verifyOptions())).toBe("accepted");
    expect(outcome(forgeProof(keys[alg], proofHeader(keys[alg]), proofClaims({ iat: NOW + 5 })), verifyOptions())).toBe("accepted");
  });

  it("a refused proof is not recorded: once fixed, the same key and jti are accepted", () => {
    const replay = new DpopReplayCache();
    const claims = proofClaims();
    expect(outcome(forgeProof(keys[alg], proofHeader(keys[alg]), { ...claims, htm: "POST" }), verifyOptions({ replay }))).toBe("dpop_proof_invalid/htm_mismatch");
    expect(replay.size).toBe(0);
    expect(outcome(forgeProof(keys[alg], proofHeader(keys[alg]), claims), verifyOptions({ replay }))).toBe("accepted");
  });

  it("without accessToken (at the token endpoint) ath is not demanded; with a nonce demanded the right one passes", () => {
    const tokenEndpoint = verifyOptions({ accessToken: undefined });
    expect(outcome(forgeProof(keys[alg], proofHeader(keys[alg]), proofClaims({ ath: undefined })), tokenEndpoint)).toBe("accepted");
    const proof = forgeProof(keys[alg], proofHeader(keys[alg]), proofClaims({ nonce: "n-2" }));
    expect(verifyDpopProof(proof, verifyOptions({ nonce: ["n-1", "n-2"] })).nonce).toBe("n-2");
  });
});
