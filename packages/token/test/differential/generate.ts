// Deterministic generator of valid, mutated and malicious tokens for the differential test. A small
// seeded PRNG (mulberry32) drives everything, so a failing case is reproduced by its index.
import { randomBytes } from "node:crypto";
import type { Key } from "../../src/index.js";
import {
  b64u,
  claimsAt,
  encodePart,
  headerFor,
  NOW,
  privateOf,
  signSegments,
  TOLERANCE,
} from "../security/fixtures.js";

export interface Case {
  readonly token: string;
  /** The fake clock for this case, in ms. */
  readonly nowMs: number;
  /** What was done to the token, for failure messages. */
  readonly note: string;
}

export class Prng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  /** One of `items` (which may itself be undefined: "drop this claim"). */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[this.int(items.length)] as T;
  }
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** Offsets (s) that straddle every boundary of a tolerance of TOLERANCE seconds. */
const EDGES = [-TOLERANCE - 2, -TOLERANCE - 1, -TOLERANCE, -TOLERANCE + 1, -1, 0, 1, TOLERANCE - 1, TOLERANCE, TOLERANCE + 1, TOLERANCE + 2];
const CLOCK_MS = [0, 0, 0, 1, 499, 999];

type Claims = Record<string, unknown>;

function claimVariant(rng: Prng): [Claims, string] {
  const edge = (): number => NOW + rng.pick(EDGES);
  const variants: [() => Claims, string][] = [
    [() => ({}), "valid"],
    [() => ({ exp: edge() }), "exp at an edge"],
    [() => ({ nbf: edge() }), "nbf at an edge"],
    [() => ({ iat: edge() }), "iat at an edge"],
    [() => ({ exp: edge(), nbf: edge(), iat: edge() }), "exp/nbf/iat at edges"],
    [() => ({ exp: edge() + 0.5 }), "fractional exp"],
    [() => ({ nbf: edge() + 0.25 }), "fractional nbf"],
    [() => ({ iss: rng.pick(["https://issuer.example/", "https://ISSUER.example", "https://evil.example", "", 7]) }), "iss variant"],
    [() => ({ aud: rng.pick(["urn:demo:express", "urn:demo:koa", [], ["urn:demo:koa"], ["urn:demo:express", 5], "URN:demo:express", 5, null]) }), "aud variant"],
    [() => ({ scope: rng.pick(["", "a b", ["a"], 3, null]) }), "scope variant"],
    [() => ({ sub: rng.pick([undefined, 42, null, "", "bob"]) }), "sub variant"],
    [() => ({ jti: rng.pick([undefined, 1, "x"]) }), "jti variant"],
    [() => ({ client_id: rng.pick([undefined, false, "other"]) }), "client_id variant"],
    [() => ({ exp: rng.pick([String(NOW + 300), null, undefined, true, NOW + 1e9]) }), "exp type"],
    [() => ({ iat: rng.pick([String(NOW), null, undefined]) }), "iat type"],
    [() => ({ nbf: rng.pick([String(NOW), null, false]) }), "nbf type"],
  ];
  const [make, note] = rng.pick(variants);
  return [claimsAt(make()), note];
}

function headerVariant(rng: Prng, key: Key, others: readonly Key[]): [Record<string, unknown>, string] {
  const variants: [() => Record<string, unknown>, string][] = [
    [() => ({ alg: rng.pick(others.map((k) => k.alg).filter((a) => a !== key.alg)) }), "alg of another family"],
    [() => ({ alg: rng.pick(["none", "HS512", "RS512", "PS256", "ES384", "eddsa", ""]) }), "alg outside the set"],
    [() => ({ typ: rng.pick(["at+jwt", "AT+JWT", "application/at+jwt", "Application/AT+JWT", "JWT", "rt+jwt", "at+jwt ", "", 1, null]) }), "typ variant"],
    [() => ({ typ: undefined }), "typ missing"],
    [() => ({ kid: rng.pick(["unknown", "", 1, null, undefined, key.kid.toLowerCase()]) }), "kid variant"],
    [() => ({ crit: rng.pick([["exp"], ["b64"], [], ["urn:x"], "b64"]), b64: rng.pick([true, false, undefined]) }), "crit/b64"],
    [() => ({ b64: rng.pick([true, false]) }), "b64 without crit"],
    [() => ({ [rng.pick(["jwk", "jku", "x5u", "x5c"])]: rng.pick(["http://127.0.0.1:9/k", { kty: "oct" }, ["AAAA"]]) }), "key pointer header"],
    [() => ({ cty: "JWT", zip: rng.pick([undefined, "DEF"]) }), "cty/zip"],
  ];
  const [make, note] = rng.pick(variants);
  return [headerFor(key, make()), note];
}

/** A one-character or one-bit change of a genuine token (not re-signed). */
function byteChange(rng: Prng, token: string): [string, string] {
  const segments = token.split(".");
  const which = rng.int(3);
  const text = segments[which] ?? "";
  if (rng.next() < 0.5) {
    const at = rng.next() < 0.2 ? text.length - 1 : rng.int(text.length);
    const replacement = ALPHABET[(ALPHABET.indexOf(text.charAt(at)) + 1 + rng.int(63)) % 64] ?? "A";
    segments[which] = text.slice(0, at) + replacement + text.slice(at + 1);
    return [segments.join("."), `char change in segment ${String(which)}`];
  }
  const bytes = Buffer.from(text, "base64url");
  const bit = rng.int(bytes.length * 8);
  bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  segments[which] = bytes.toString("base64url");
  return [segments.join("."), `bit flip in segment ${String(which)}`];
}

function structural(rng: Prng, token: string, other: string): [string, string] {
  const [h = "", p = "", s = ""] = token.split(".");
  const [oh = "", op = "", os = ""] = other.split(".");
  const shapes: [string, string][] = [
    [`${p}.${h}.${s}`, "header and payload swapped"],
    [`${h}.${p}`, "signature dropped"],
    [`${h}.${p}.${s}.${s}`, "signature repeated"],
    [`${h}.${op}.${s}`, "payload of another genuine token"],
    [`${oh}.${p}.${s}`, "header of another genuine token"],
    [`${h}.${p}.${os}`, "signature of another genuine token"],
    [`${h}.${p}.${s}=`, "signature padded"],
    [`${h}.${p}.${s.slice(0, -1)}${ALPHABET[(ALPHABET.indexOf(s.at(-1) ?? "A") & 0x30) | 0x01] ?? "B"}`, "signature trailing bits set"],
    [`${h}.${p}.${s}${" \n\t".charAt(rng.int(3))}`, "whitespace after signature"],
  ];
  return rng.pick(shapes);
}

function malicious(rng: Prng, key: Key, attacker: Key): [string, string] {
  const claims = encodePart(claimsAt());
  const header = (alg: string): string => encodePart(headerFor(key, { alg }));
  const choices: (() => [string, string])[] = [
    () => [`${header(rng.pick(["none", "None", "NONE", "nOnE"]))}.${claims}.`, "alg none"],
    () => {
      const pem = rng.next() < 0.5;
      const secret = key.alg === "HS256" ? randomBytes(32) : pem ? key.publicKey.export({ type: "spki", format: "pem" }) : key.publicKey.export({ type: "spki", format: "der" });
      const hs = rng.pick(["HS256", "HS384", "HS512"] as const);
      return [signSegments(header(hs), claims, hs, Buffer.from(secret)), "HS with the public key"];
    },
    () => [`${header(key.alg)}.${claims}.${b64u(Buffer.alloc(rng.pick([64, 32, 256, 8])))}`, "zero signature"],
    () => [signSegments(encodePart(headerFor(key, { kid: key.kid })), claims, attacker.alg, privateOf(attacker)), "signed by a foreign key"],
    () => [signSegments(encodePart(headerFor(key)), encodePart(claimsAt({ pad: "p".repeat(rng.pick([5000, 6500, 9000])) })), key.alg, privateOf(key)), "large token"],
    () => {
      // Raw bytes that are not UTF-8 inside a claim string: 0xff, an encoded surrogate, an overlong '/'.
      const [before = "", after = ""] = JSON.stringify(claimsAt({ sub: "@@" })).split("@@");
      const bad = rng.pick([[0xff], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]);
      const bytes = Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]);
      return [signSegments(encodePart(headerFor(key)), b64u(bytes), key.alg, privateOf(key)), "non-UTF-8 payload"];
    },
    () => [signSegments(encodePart(headerFor(key)), b64u(Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), Buffer.from(JSON.stringify(claimsAt()))])), key.alg, privateOf(key)), "BOM before payload"],
    () => {
      const h = header(key.alg);
      return [signSegments(h + "=".repeat((4 - (h.length % 4)) % 4), claims, key.alg, privateOf(key)), "padded header, re-signed"];
    },
  ];
  return rng.pick(choices)();
}

/** `count` cases for `key`; `genuine` is a pool of valid tokens of that key for byte changes. */
export function generateCases(rng: Prng, key: Key, others: readonly Key[], attacker: Key, count: number): Case[] {
  const sign = (header: unknown, claims: unknown): string => signSegments(encodePart(header), encodePart(claims), key.alg, privateOf(key));
  const genuine = Array.from({ length: 8 }, (_, i) => sign(headerFor(key), claimsAt({ jti: `genuine-${String(i)}` })));
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const nowMs = (NOW + rng.pick([0, 0, 0, -1, 1])) * 1000 + rng.pick(CLOCK_MS);
    const roll = rng.next();
    let made: [string, string];
    if (roll < 0.3) {
      const [claims, note] = claimVariant(rng);
      made = [sign(headerFor(key), claims), note];
    } else if (roll < 0.5) {
      const [header, note] = headerVariant(rng, key, others);
      made = [sign(header, claimsAt()), note];
    } else if (roll < 0.78) {
      made = byteChange(rng, rng.pick(genuine));
    } else if (roll < 0.88) {
      made = structural(rng, rng.pick(genuine), rng.pick(genuine));
    } else {
      made = malicious(rng, key, attacker);
    }
    cases.push({ token: made[0], nowMs, note: made[1] });
  }
  return cases;
}

