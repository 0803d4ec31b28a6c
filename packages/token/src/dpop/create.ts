// A client's DPoP proof (RFC 9449 §4.2), signed with jose's CompactSign so that a node KeyObject
// and a non-extractable WebCrypto CryptoKey (signed through crypto.subtle) work alike.
import { createPublicKey, randomBytes, webcrypto, type KeyObject } from "node:crypto";
import { types } from "node:util";
import { CompactSign } from "jose";
import { jwkOf } from "../keys/material.js";
import { checkSignature } from "../verify/jws.js";
import { normalizeHtu } from "./htu.js";
import { isDpopAlgorithm, proofKey, publicMembers, type DpopAlgorithm, type DpopJwk } from "./jwk.js";
import { accessTokenDigest, DPOP_PROOF_TYPE, isJti, isMethod, isNonce } from "./tokens.js";

/**
 * Options of {@link createDpopProof}.
 *
 * @example
 * ```ts
 * const options: CreateDpopProofOptions = { privateKey, publicKey, htm: "POST", htu: "http://127.0.0.1:4000/token" };
 * ```
 */
export interface CreateDpopProofOptions {
  /** An Ed25519 or P-256 private key: a node KeyObject, or a WebCrypto CryptoKey that may be non-extractable. */
  privateKey: KeyObject | webcrypto.CryptoKey;
  /**
   * The public half, required with a CryptoKey (a non-extractable private key cannot give it);
   * refused with a KeyObject, whose public half is derived from it.
   */
  publicKey?: webcrypto.CryptoKey;
  /** Default: the key's own (Ed25519: EdDSA, P-256: ES256); when given, it must fit the key. */
  alg?: DpopAlgorithm;
  /** The request's method, e.g. "POST". */
  htm: string;
  /** The request's absolute http(s) URL; its query and fragment are left out of the proof. */
  htu: string;
  /** The access token sent with the request: the proof then carries its hash (`ath`). */
  accessToken?: string;
  /** The server's last `DPoP-Nonce` value. */
  nonce?: string;
  /** Default: 128 random bits, base64url. */
  jti?: string;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: () => number;
}

/** What signing with one key needs, worked out once per private key. */
interface Signer {
  readonly alg: DpopAlgorithm;
  readonly jwk: DpopJwk;
  readonly publicKey: webcrypto.CryptoKey | undefined;
  /** A CryptoKey pair is proven to be one pair by its first proof. */
  checked: boolean;
}

const signers = new WeakMap<object, Signer>();

function algOfKeyObject(key: KeyObject): DpopAlgorithm | undefined {
  if (key.asymmetricKeyType === "ed25519") return "EdDSA";
  if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1") return "ES256";
  return undefined;
}

function algOfCryptoKey(key: webcrypto.CryptoKey): DpopAlgorithm | undefined {
  const algorithm = key.algorithm as { name: string; namedCurve?: string };
  if (algorithm.name === "Ed25519") return "EdDSA";
  if (algorithm.name === "ECDSA" && algorithm.namedCurve === "P-256") return "ES256";
  return undefined;
}

function fitting(found: DpopAlgorithm | undefined, wanted: DpopAlgorithm | undefined): DpopAlgorithm {
  if (found === undefined) throw new TypeError("privateKey must be an Ed25519 or P-256 private key");
  if (wanted !== undefined && wanted !== found) throw new TypeError(`alg ${wanted} does not fit the key (${found})`);
  return found;
}

async function prepareCryptoKey(privateKey: webcrypto.CryptoKey, publicKey: unknown, wanted: DpopAlgorithm | undefined): Promise<Signer> {
  if (privateKey.type !== "private" || !privateKey.usages.includes("sign")) throw new TypeError("privateKey must be a private key usable for sign");
  const alg = fitting(algOfCryptoKey(privateKey), wanted);
  if (!types.isCryptoKey(publicKey) || publicKey.type !== "public" || algOfCryptoKey(publicKey) !== alg) {
    throw new TypeError("publicKey must be the public CryptoKey of privateKey");
  }
  const jwk = publicMembers((await webcrypto.subtle.exportKey("jwk", publicKey)) as Record<string, unknown>, alg);
  if (jwk === undefined) throw new TypeError("publicKey is not a usable public key");
  return { alg, jwk, publicKey, checked: false };
}

function prepareKeyObject(privateKey: KeyObject, wanted: DpopAlgorithm | undefined): Signer {
  if (privateKey.type !== "private") throw new TypeError("privateKey must be a private key");
  const alg = fitting(algOfKeyObject(privateKey), wanted);
  const jwk = publicMembers(jwkOf(createPublicKey(privateKey)), alg);
  if (jwk === undefined) throw new TypeError("privateKey is not a usable key");
  return { alg, jwk, publicKey: undefined, checked: true };
}

async function signerFor(options: CreateDpopProofOptions): Promise<Signer> {
  const { privateKey, publicKey, alg } = options;
  if (alg !== undefined && !isDpopAlgorithm(alg)) throw new TypeError("alg must be EdDSA or ES256");
  const known = signers.get(privateKey);
  if (known !== undefined && known.publicKey === publicKey && (alg === undefined || alg === known.alg)) return known;
  let signer: Signer;
  if (types.isKeyObject(privateKey)) {
    if (publicKey !== undefined) throw new TypeError("publicKey is derived from a KeyObject privateKey: leave it out");
    signer = prepareKeyObject(privateKey, alg);
  } else if (types.isCryptoKey(privateKey)) {
    signer = await prepareCryptoKey(privateKey, publicKey, alg);
  } else {
    throw new TypeError("privateKey must be a KeyObject or a CryptoKey");
  }
  signers.set(privateKey, signer);
  return signer;
}

function claimsOf(options: CreateDpopProofOptions): Record<string, unknown> {
  const { htm, accessToken, nonce, clock } = options;
  if (!isMethod(htm)) throw new TypeError("htm must be an HTTP method");
  const htu = typeof options.htu === "string" ? normalizeHtu(options.htu) : undefined;
  if (htu === undefined) throw new TypeError("htu must be an absolute http(s) URL without userinfo");
  const jti = options.jti ?? randomBytes(16).toString("base64url");
  if (!isJti(jti)) throw new TypeError("jti must be a non-empty string of at most 128 characters");
  if (clock !== undefined && typeof clock !== "function") throw new TypeError("clock must be a function");
  const claims: Record<string, unknown> = { jti, htm, htu, iat: Math.floor((clock ?? Date.now)() / 1000) };
  if (accessToken !== undefined) {
    if (typeof accessToken !== "string" || accessToken.length === 0) throw new TypeError("accessToken must be a non-empty string");
    claims.ath = accessTokenDigest(accessToken).toString("base64url");
  }
  if (nonce !== undefined) {
    if (!isNonce(nonce)) throw new TypeError("nonce must be 1 to 512 NQCHAR characters (RFC 9449 §8.1)");
    claims.nonce = nonce;
  }
  return claims;
}

/** A mismatched CryptoKey pair would sign proofs no server accepts: found out at the first one. */
function checkPair(signer: Signer, proof: string): void {
  if (signer.checked) return;
  const d2 = proof.lastIndexOf(".");
  try {
    checkSignature(proofKey({ ...signer.jwk }, signer.alg).key, signer.alg, proof.slice(0, d2), proof.slice(d2 + 1));
  } catch (cause) {
    throw new TypeError("publicKey is not the public half of privateKey", { cause });
  }
  signer.checked = true;
}

/**
 * Creates a DPoP proof (RFC 9449 §4.2) for one request: header `{ typ: "dpop+jwt", alg, jwk }`
 * with the PUBLIC key only (copied from an allowlist of members: kty, crv, x, y), claims `jti`
 * (128 random bits unless given), `htm`, `htu` (normalised, without query and fragment), `iat`,
 * and `ath` (base64url SHA-256 of `accessToken`) and `nonce` when given. A non-extractable
 * CryptoKey signs through `crypto.subtle.sign`; its public half must be passed as `publicKey`.
 * Throws `TypeError` for unusable keys or options.
 *
 * @example
 * ```ts
 * const { privateKey, publicKey } = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
 * const proof = await createDpopProof({ privateKey, publicKey, htm: "GET", htu: "http://127.0.0.1:4001/me", accessToken });
 * await fetch("http://127.0.0.1:4001/me", { headers: { authorization: `DPoP ${accessToken}`, dpop: proof } });
 * ```
 */
export async function createDpopProof(options: CreateDpopProofOptions): Promise<string> {
  if (typeof options !== "object") throw new TypeError("options are required");
  const claims = claimsOf(options);
  const signer = await signerFor(options);
  const proof = await new CompactSign(Buffer.from(JSON.stringify(claims)))
    .setProtectedHeader({ typ: DPOP_PROOF_TYPE, alg: signer.alg, jwk: { ...signer.jwk } })
    .sign(options.privateKey);
  checkPair(signer, proof);
  return proof;
}
