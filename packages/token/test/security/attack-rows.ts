// The rows of the attack table (attacks.test.ts), grouped by kind of attack. Each row is one token
// and the one outcome the verifier must give it: a TokenErrorCode, or "accepted" for the control rows
// that keep the table honest (a verifier that rejects everything would fail them).
import { randomBytes } from "node:crypto";
import { exportPublicJwk, type Algorithm, type Key, type TokenErrorCode } from "../../src/index.js";
import {
  AUDIENCE,
  b64u,
  claimsAt,
  encodePart,
  forge,
  headerFor,
  NOW,
  nonCanonicalEd25519,
  privateOf,
  signSegments,
  TOLERANCE,
  validToken,
  type SigningAlg,
} from "./fixtures.js";

export interface AttackRow {
  readonly name: string;
  readonly token: string;
  readonly expected: TokenErrorCode | "accepted";
}

export interface AttackContext {
  readonly keys: Record<Algorithm, Key>;
  /** Another EdDSA key the verifier does not know: the attacker's. */
  readonly attacker: Key;
  /** http://127.0.0.1:port of a server that counts every request it gets. */
  readonly trap: string;
  /** A genuine refresh token of keys.EdDSA from createSigner().refreshToken. */
  readonly refreshToken: string;
}

const row = (name: string, token: string, expected: AttackRow["expected"]): AttackRow => ({ name, token, expected });

export function algNoneRows({ keys }: AttackContext): AttackRow[] {
  const key = keys.EdDSA;
  const genuineSig = validToken(key).split(".")[2] ?? "";
  const rows: AttackRow[] = [];
  for (const alg of ["none", "None", "NONE", "nOnE"]) {
    const unsigned = `${encodePart({ alg, typ: "at+jwt", kid: key.kid })}.${encodePart(claimsAt())}`;
    // An empty segment fails the 3-non-empty-segments rule before the header is even decoded.
    rows.push(row(`alg ${alg}, empty signature`, `${unsigned}.`, "token_malformed"));
    rows.push(row(`alg ${alg}, random signature`, `${unsigned}.${b64u(randomBytes(64))}`, "algorithm_not_allowed"));
    rows.push(row(`alg ${alg}, signature of a genuine token`, `${unsigned}.${genuineSig}`, "algorithm_not_allowed"));
  }
  const noAlg = `${encodePart({ typ: "at+jwt", kid: key.kid })}.${encodePart(claimsAt())}.`;
  rows.push(row("alg missing, empty signature", noAlg, "token_malformed"));
  return rows;
}

/** Every form in which a verifier's public key is commonly found, as HMAC secret bytes. */
function publicKeyForms(key: Key): [string, Uint8Array][] {
  const jwk = key.publicKey.export({ format: "jwk" });
  const published = JSON.stringify(exportPublicJwk(key));
  const pem = key.publicKey.export({ type: "spki", format: "pem" }).toString();
  const forms: [string, Uint8Array][] = [
    ["PEM SPKI", Buffer.from(pem)],
    ["PEM SPKI without trailing newline", Buffer.from(pem.trimEnd())],
    ["DER SPKI", key.publicKey.export({ type: "spki", format: "der" })],
    ["published JWK JSON", Buffer.from(published)],
    ["bare JWK JSON", Buffer.from(JSON.stringify(jwk))],
  ];
  if (key.alg === "RS256") {
    forms.push(["PEM PKCS#1", Buffer.from(key.publicKey.export({ type: "pkcs1", format: "pem" }))]);
    forms.push(["raw n", Buffer.from(jwk.n ?? "", "base64url")], ["n as base64url text", Buffer.from(jwk.n ?? "")]);
  } else if (key.alg === "EdDSA") {
    forms.push(["raw x", Buffer.from(jwk.x ?? "", "base64url")], ["x as base64url text", Buffer.from(jwk.x ?? "")]);
  } else {
    const point = Buffer.concat([Buffer.of(4), Buffer.from(jwk.x ?? "", "base64url"), Buffer.from(jwk.y ?? "", "base64url")]);
    forms.push(["raw x", Buffer.from(jwk.x ?? "", "base64url")], ["uncompressed point", point]);
  }
  return forms;
}

export function keyConfusionRows({ keys }: AttackContext): AttackRow[] {
  const rows: AttackRow[] = [];
  for (const key of [keys.EdDSA, keys.ES256, keys.RS256]) {
    for (const hs of ["HS256", "HS384", "HS512"] as const) {
      for (const [form, secret] of publicKeyForms(key)) {
        const token = signSegments(encodePart(headerFor(key, { alg: hs })), encodePart(claimsAt()), hs, secret);
        rows.push(row(`${key.alg} key, ${hs} with the ${form} as secret`, token, "algorithm_not_allowed"));
      }
    }
  }
  const mismatch: [Key, SigningAlg][] = [[keys.EdDSA, "ES256"], [keys.ES256, "EdDSA"], [keys.HS256, "HS384"], [keys.RS256, "ES256"]];
  for (const [key, alg] of mismatch) {
    const token = signSegments(encodePart(headerFor(key, { alg })), encodePart(claimsAt()), key.alg, privateOf(key));
    rows.push(row(`${key.alg} key, header alg ${alg}`, token, "algorithm_not_allowed"));
  }
  const ps = signSegments(encodePart(headerFor(keys.RS256, { alg: "PS256" })), encodePart(claimsAt()), "RS256", privateOf(keys.RS256));
  rows.push(row("RS256 key, header alg PS256", ps, "algorithm_not_allowed"));
  return rows;
}

export function embeddedKeyRows({ keys, attacker, trap }: AttackContext): AttackRow[] {
  const victim = keys.EdDSA;
  const jwk = exportPublicJwk(attacker);
  const byAttacker = (header: Record<string, unknown>): string => forge(attacker, { alg: "EdDSA", typ: "at+jwt", ...header }, claimsAt());
  const x5c = [b64u(randomBytes(300))];
  // jwk/jku/x5u/x5c are refused outright (token_malformed) before any key is looked up, whoever signed.
  return [
    row("jwk header, attacker-signed, no kid", byAttacker({ jwk }), "token_malformed"),
    row("jwk header, attacker-signed, victim kid", byAttacker({ jwk, kid: victim.kid }), "token_malformed"),
    row("jwk header, attacker-signed, attacker kid", byAttacker({ jwk, kid: attacker.kid }), "token_malformed"),
    row("jwk header, genuinely signed", forge(victim, headerFor(victim, { jwk: exportPublicJwk(victim) }), claimsAt()), "token_malformed"),
    row("jku header to 127.0.0.1, attacker kid", byAttacker({ jku: `${trap}/jwks.json`, kid: attacker.kid }), "token_malformed"),
    row("jku header to 127.0.0.1, victim kid", byAttacker({ jku: `${trap}/jwks.json`, kid: victim.kid }), "token_malformed"),
    row("jku header to 127.0.0.1, genuinely signed", forge(victim, headerFor(victim, { jku: `${trap}/jwks.json` }), claimsAt()), "token_malformed"),
    row("x5u header to 127.0.0.1, attacker kid", byAttacker({ x5u: `${trap}/cert.pem`, kid: attacker.kid }), "token_malformed"),
    row("x5u header to 127.0.0.1, victim kid", byAttacker({ x5u: `${trap}/cert.pem`, kid: victim.kid }), "token_malformed"),
    row("x5c header, attacker-signed, victim kid", byAttacker({ x5c, kid: victim.kid }), "token_malformed"),
    row("x5c header, attacker-signed, no kid", byAttacker({ x5c }), "token_malformed"),
    row("attacker-signed, victim kid, no key pointer", byAttacker({ kid: victim.kid }), "signature_invalid"),
    row("attacker-signed, attacker kid", byAttacker({ kid: attacker.kid }), "key_unknown"),
    row("kid not in the key set", forge(victim, headerFor(victim, { kid: "no-such-kid" }), claimsAt()), "key_unknown"),
    row("kid empty string", forge(victim, headerFor(victim, { kid: "" }), claimsAt()), "token_malformed"),
    row("kid a number", forge(victim, headerFor(victim, { kid: 7 }), claimsAt()), "token_malformed"),
  ];
}

export function headerRuleRows({ keys }: AttackContext): AttackRow[] {
  const key = keys.EdDSA;
  const signed = (header: Record<string, unknown>): string => forge(key, headerFor(key, header), claimsAt());
  const h = encodePart(headerFor(key, { b64: false, crit: ["b64"] }));
  const unencoded = signSegments(h, JSON.stringify(claimsAt()), "EdDSA", privateOf(key));
  return [
    row("crit [\"exp\"]", signed({ crit: ["exp"], exp: NOW + 300 }), "token_malformed"),
    row("crit with an unknown extension", signed({ crit: ["urn:example:ext"], "urn:example:ext": true }), "token_malformed"),
    row("crit empty array", signed({ crit: [] }), "token_malformed"),
    row("crit not an array", signed({ crit: "b64" }), "token_malformed"),
    row("b64:false, crit [\"b64\"], unencoded payload", unencoded, "token_malformed"),
    row("b64:false, crit [\"b64\"], encoded payload", signed({ b64: false, crit: ["b64"] }), "token_malformed"),
    row("b64:false without crit", signed({ b64: false }), "token_malformed"),
    row("typ JWT", signed({ typ: "JWT" }), "type_invalid"),
    row("typ missing", forge(key, { alg: key.alg, kid: key.kid }, claimsAt()), "type_invalid"),
    row("typ rt+jwt (forged)", signed({ typ: "rt+jwt" }), "type_invalid"),
    row("typ not a string", signed({ typ: 1 }), "type_invalid"),
  ];
}

export function signatureRows({ keys }: AttackContext): AttackRow[] {
  const es = keys.ES256;
  const esInput = `${encodePart(headerFor(es))}.${encodePart(claimsAt())}`;
  const order = Buffer.from("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", "hex");
  const ed = keys.EdDSA;
  const [edH = "", edP = "", edS = ""] = validToken(ed).split(".");
  const withSig = (input: string, sig: Uint8Array): string => `${input}.${b64u(sig)}`;
  return [
    row("ES256 signature of 64 zero bytes (r=s=0)", withSig(esInput, Buffer.alloc(64)), "signature_invalid"),
    row("ES256 DER signature r=s=0", withSig(esInput, Buffer.from("3006020100020100", "hex")), "signature_invalid"),
    row("ES256 signature of 72 zero bytes", withSig(esInput, Buffer.alloc(72)), "signature_invalid"),
    row("ES256 signature r=s=n (curve order)", withSig(esInput, Buffer.concat([order, order])), "signature_invalid"),
    row("ES256 empty signature (empty segment)", `${esInput}.`, "token_malformed"),
    row("Ed25519 signature with S + L (non-canonical)", withSig(`${edH}.${edP}`, nonCanonicalEd25519(Buffer.from(edS, "base64url"))), "signature_invalid"),
    row("Ed25519 signature of 64 zero bytes", withSig(`${edH}.${edP}`, Buffer.alloc(64)), "signature_invalid"),
    row("Ed25519 signature truncated to 63 bytes", withSig(`${edH}.${edP}`, Buffer.from(edS, "base64url").subarray(0, 63)), "signature_invalid"),
  ];
}

export function claimRows({ keys, refreshToken }: AttackContext): AttackRow[] {
  const key = keys.EdDSA;
  const v = (claims: Record<string, unknown>): string => validToken(key, claims);
  const raw = (json: string): string => forge(key, headerFor(key), json);
  return [
    row("control: genuine token", v({}), "accepted"),
    row("expired beyond tolerance", v({ exp: NOW - TOLERANCE - 1 }), "token_expired"),
    row("exp exactly now - tolerance", v({ exp: NOW - TOLERANCE }), "token_expired"),
    row("control: exp within tolerance", v({ exp: NOW - TOLERANCE + 1 }), "accepted"),
    row("nbf in the future beyond tolerance", v({ nbf: NOW + TOLERANCE + 1 }), "token_not_yet_valid"),
    row("control: nbf within tolerance", v({ nbf: NOW + TOLERANCE }), "accepted"),
    row("iat in the future beyond tolerance", v({ iat: NOW + TOLERANCE + 1 }), "token_not_yet_valid"),
    row("control: iat within tolerance", v({ iat: NOW + TOLERANCE }), "accepted"),
    row("wrong iss", v({ iss: "https://evil.example" }), "issuer_invalid"),
    row("iss with a trailing slash", v({ iss: "https://issuer.example/" }), "issuer_invalid"),
    row("wrong aud (string)", v({ aud: "urn:demo:koa" }), "audience_invalid"),
    row("wrong aud (array)", v({ aud: ["urn:demo:koa", "urn:demo:grpc"] }), "audience_invalid"),
    row("control: aud as a single string", v({ aud: "urn:demo:express" }), "accepted"),
    row("refresh token presented as access token", refreshToken, "type_invalid"),
    row("exp as string", v({ exp: String(NOW + 300) }), "token_malformed"),
    row("exp 1e400 (parses to Infinity)", raw(JSON.stringify(claimsAt()).replace(/"exp":\d+/, '"exp":1e400')), "token_malformed"),
    row("exp missing", v({ exp: undefined }), "token_malformed"),
    row("nbf as string", v({ nbf: String(NOW) }), "token_malformed"),
    row("iat as string", v({ iat: String(NOW) }), "token_malformed"),
    row("aud as number", v({ aud: 5 }), "token_malformed"),
    row("aud array with a number", v({ aud: [AUDIENCE, 5] }), "token_malformed"),
    row("aud missing", v({ aud: undefined }), "token_malformed"),
    row("scope as array", v({ scope: ["profile", "orders:read"] }), "token_malformed"),
    row("sub missing", v({ sub: undefined }), "token_malformed"),
    row("sub as number", v({ sub: 42 }), "token_malformed"),
    row("jti missing", v({ jti: undefined }), "token_malformed"),
    row("client_id missing", v({ client_id: undefined }), "token_malformed"),
    row("iss missing", v({ iss: undefined }), "token_malformed"),
    row("iss as number", v({ iss: 1 }), "token_malformed"),
  ];
}
