// The client's DPoP key and its proofs (RFC 9449 §4.2), on WebCrypto alone. Written here rather
// than taken from @org/token's createDpopProof so that the client keeps no runtime dependency
// beyond the platform (it runs wherever fetch and crypto.subtle do); the tests check every proof
// against @org/token's verifyDpopProof, the verifier the services run.
//
// The key pair is generated once per client, non-extractable: the private key can sign and
// nothing else, so neither this code nor anything that reads the client object can copy it.

// The platform's WebCrypto types, taken from the global `crypto` (no module import: the main
// entry reaches no package, not even node: ones).
type SubtleCrypto = typeof crypto.subtle;
type SignParams = Parameters<SubtleCrypto["sign"]>[0];
type SigningKey = Parameters<SubtleCrypto["sign"]>[1];

/**
 * The proof algorithms the client can use: ES256 (P-256) or EdDSA (Ed25519), the two the services accept.
 *
 * @example
 * ```ts
 * createClient({ issuer, clientId, dpop: { alg: "EdDSA" satisfies DpopAlgorithm } });
 * ```
 */
export type DpopAlgorithm = "ES256" | "EdDSA";

/**
 * The `dpop` option of `createClient`: `true` for ES256, or the algorithm to use.
 *
 * @example
 * ```ts
 * const dpop: DpopOptions = { alg: "ES256" };
 * ```
 */
export interface DpopOptions {
  /** Default ES256 (P-256, the one every WebCrypto implements). */
  readonly alg?: DpopAlgorithm;
}

const SIGNING: Readonly<Record<DpopAlgorithm, SignParams>> = {
  ES256: { name: "ECDSA", hash: "SHA-256" },
  EdDSA: { name: "Ed25519" },
};

/** A new non-extractable pair: the private key may sign and nothing else. */
function generatePair(alg: DpopAlgorithm): ReturnType<SubtleCrypto["generateKey"]> {
  return alg === "ES256"
    ? crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"])
    : crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]);
}

/** The longest `jti` is 128 characters on the server side; 16 random bytes make 22. */
const JTI_BYTES = 16;

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const json = (value: unknown): string => base64url(text(JSON.stringify(value)));

interface Signing {
  readonly privateKey: SigningKey;
  /** The encoded protected header, the same for every proof of this key. */
  readonly header: string;
}

/**
 * Where a proof is for: the request's method and absolute URL (its query and fragment are left out).
 *
 * @example
 * ```ts
 * const target: ProofTarget = { method: "GET", url: "http://127.0.0.1:4001/orders?page_size=1" };
 * ```
 */
export interface ProofTarget {
  readonly method: string;
  readonly url: string;
}

/**
 * One client's DPoP key and its proofs. The key pair is made on the first proof (ES256 or EdDSA,
 * non-extractable) and kept for the life of the object: the issuer binds the tokens, a public
 * client's refresh token included, to it.
 *
 * @example
 * ```ts
 * const prover = new DpopProver("ES256");
 * const proof = await prover.proof({ method: "GET", url: "http://127.0.0.1:4001/me" }, accessToken);
 * await fetch("http://127.0.0.1:4001/me", { headers: { authorization: `DPoP ${accessToken}`, dpop: proof } });
 * ```
 */
export class DpopProver {
  readonly alg: DpopAlgorithm;
  readonly #clock: () => number;
  #signing: Promise<Signing> | undefined;

  /** Throws TypeError for an algorithm other than ES256 or EdDSA, or a clock that is no function. */
  constructor(alg: DpopAlgorithm = "ES256", clock: () => number = Date.now) {
    if (!Object.hasOwn(SIGNING, alg)) throw new TypeError("dpop.alg must be ES256 or EdDSA");
    if (typeof clock !== "function") throw new TypeError("clock must be a function");
    this.alg = alg;
    this.#clock = clock;
  }

  /**
   * A fresh proof for one request: header `{ typ: "dpop+jwt", alg, jwk }` (the public key's
   * members only), claims `jti` (128 random bits), `htm`, `htu`, `iat` and, with `accessToken`,
   * `ath` (base64url SHA-256 of the token). Every call makes a new one: a proof is single-use.
   */
  async proof(target: ProofTarget, accessToken?: string): Promise<string> {
    const { privateKey, header } = await this.#key();
    const htu = new URL(target.url);
    htu.search = "";
    htu.hash = "";
    const claims: Record<string, unknown> = {
      jti: base64url(crypto.getRandomValues(new Uint8Array(JTI_BYTES))),
      htm: target.method,
      htu: htu.href,
      iat: Math.floor(this.#clock() / 1000),
    };
    if (accessToken !== undefined) claims.ath = base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", text(accessToken))));
    const input = `${header}.${json(claims)}`;
    const signature = await crypto.subtle.sign(SIGNING[this.alg], privateKey, text(input));
    return `${input}.${base64url(new Uint8Array(signature))}`;
  }

  #key(): Promise<Signing> {
    // A failed generation is not kept: the next request tries again.
    this.#signing ??= this.#generate().catch((error: unknown) => {
      this.#signing = undefined;
      throw error;
    });
    return this.#signing;
  }

  async #generate(): Promise<Signing> {
    const pair = await generatePair(this.alg);
    if (!("privateKey" in pair)) throw new TypeError(`${this.alg} did not make a key pair`);
    const { kty, crv, x, y } = await crypto.subtle.exportKey("jwk", pair.publicKey);
    // An allowlist of the public members: nothing else of the key ever reaches a header.
    const jwk = y === undefined ? { kty, crv, x } : { kty, crv, x, y };
    return { privateKey: pair.privateKey, header: json({ typ: "dpop+jwt", alg: this.alg, jwk }) };
  }
}
