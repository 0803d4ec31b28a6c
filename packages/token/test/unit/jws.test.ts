// Header and encoding rules of the synchronous JWS path, by code. (The full attack table
// lives in test/security; these pin down each rule on its own.)
import { beforeAll, describe, expect, it } from "vitest";
import { createVerifier, generateKey, staticKeys, verifyJws, type Key, type TokenErrorCode, type Verifier } from "../../src/index.js";
import { isBase64url } from "../../src/verify/base64url.js";
import { AUDIENCE, b64u, claims, fakeClock, forge, headerFor, ISSUER, part, signInput, throwsWith } from "./support.js";

let key: Key;
let verifier: Verifier;
beforeAll(async () => {
  key = await generateKey("EdDSA");
  verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key), clock: fakeClock().now, cache: false });
});

describe("strict base64url", () => {
  it("accepts canonical unpadded text only", () => {
    expect(isBase64url("AA")).toBe(true); // 1 byte
    expect(isBase64url("AAA")).toBe(true); // 2 bytes
    expect(isBase64url("AAAA")).toBe(true);
    expect(isBase64url("AB")).toBe(false); // unused bits set
    expect(isBase64url("AAB")).toBe(false);
    expect(isBase64url("A")).toBe(false); // impossible length
    expect(isBase64url("")).toBe(false);
    expect(isBase64url("AA==")).toBe(false);
  });

  it("rejects every character outside the alphabet at every position", () => {
    const alphabet = /^[A-Za-z0-9_-]$/;
    for (const base of ["AA", "AAA", "AAAA", "AAAAAA"]) {
      for (let c = 0; c < 0x10000; c += c < 0x300 ? 1 : 251) {
        const ch = String.fromCharCode(c);
        if (alphabet.test(ch)) continue;
        for (let pos = 0; pos < base.length; pos++) {
          expect(isBase64url(base.slice(0, pos) + ch + base.slice(pos + 1))).toBe(false);
        }
      }
    }
  });

  it("accepts exactly the canonical final characters", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = (prefix: string) => Array.from(alphabet).filter((c) => isBase64url(prefix + c)).join("");
    expect(last("A")).toBe("AQgw"); // 1 byte: 4 unused bits must be zero
    expect(last("AA")).toBe("AEIMQUYcgkosw048"); // 2 bytes: 2 unused bits must be zero
    expect(last("AAA")).toBe(alphabet); // 3 bytes: no unused bits
  });
});

describe("header rules", () => {
  const rows: [string, () => string, TokenErrorCode | "ok"][] = [
    ["a genuine token", () => forge(key, headerFor(key), claims()), "ok"],
    ["typ in upper case", () => forge(key, headerFor(key, { typ: "AT+JWT" }), claims()), "ok"],
    ["typ with application/ prefix", () => forge(key, headerFor(key, { typ: "application/at+jwt" }), claims()), "ok"],
    ["x5t (a hint, not key material) is ignored", () => forge(key, headerFor(key, { x5t: "abc" }), claims()), "ok"],
    ["typ JWT", () => forge(key, headerFor(key, { typ: "JWT" }), claims()), "type_invalid"],
    ["typ missing", () => forge(key, { alg: key.alg, kid: key.kid }, claims()), "type_invalid"],
    ["typ not a string", () => forge(key, headerFor(key, { typ: 1 }), claims()), "type_invalid"],
    ["alg missing", () => forge(key, { kid: key.kid, typ: "at+jwt" }, claims()), "token_malformed"],
    ["alg not a string", () => forge(key, headerFor(key, { alg: ["EdDSA"] }), claims()), "token_malformed"],
    ["alg none", () => forge(key, headerFor(key, { alg: "none" }), claims()), "algorithm_not_allowed"],
    ["alg ES256 on an EdDSA key", () => forge(key, headerFor(key, { alg: "ES256" }), claims()), "algorithm_not_allowed"],
    ["crit", () => forge(key, headerFor(key, { crit: ["exp"], exp: 1 }), claims()), "token_malformed"],
    ["crit empty", () => forge(key, headerFor(key, { crit: [] }), claims()), "token_malformed"],
    ["b64 false", () => forge(key, headerFor(key, { b64: false }), claims()), "token_malformed"],
    ["b64 true", () => forge(key, headerFor(key, { b64: true }), claims()), "token_malformed"],
    ["jwk", () => forge(key, headerFor(key, { jwk: { kty: "OKP" } }), claims()), "token_malformed"],
    ["jku", () => forge(key, headerFor(key, { jku: "http://127.0.0.1:1/jwks" }), claims()), "token_malformed"],
    ["x5u", () => forge(key, headerFor(key, { x5u: "http://127.0.0.1:1/x" }), claims()), "token_malformed"],
    ["x5c", () => forge(key, headerFor(key, { x5c: ["AAAA"] }), claims()), "token_malformed"],
    ["kid not a string", () => forge(key, headerFor(key, { kid: 7 }), claims()), "token_malformed"],
    ["kid empty", () => forge(key, headerFor(key, { kid: "" }), claims()), "token_malformed"],
    ["header an array", () => forge(key, [] as unknown as Record<string, unknown>, claims()), "token_malformed"],
  ];
  it.each(rows)("%s -> %s", (_name, make, expected) => {
    const token = make();
    if (expected === "ok") expect(verifier.verifySync(token).claims.sub).toBe("alice");
    else throwsWith(() => verifier.verifySync(token), expected);
  });
});

describe("segments and payload", () => {
  const signed = (headerText: string, payloadText: string): string => {
    const input = `${headerText}.${payloadText}`;
    return `${input}.${signInput(key, input)}`;
  };
  const rows: [string, () => string, TokenErrorCode][] = [
    ["two segments", () => forge(key, headerFor(key), claims()).split(".").slice(0, 2).join("."), "token_malformed"],
    ["four segments", () => `${forge(key, headerFor(key), claims())}.AAAA`, "token_malformed"],
    ["empty payload", () => signed(part(headerFor(key)), ""), "token_malformed"],
    ["padding in the signature", () => `${forge(key, headerFor(key), claims())}==`, "token_malformed"],
    ["padding in the payload", () => signed(part(headerFor(key)), `${part(claims())}=`), "token_malformed"],
    ["payload not JSON", () => signed(part(headerFor(key)), b64u("hello")), "token_malformed"],
    ["payload a JSON array", () => signed(part(headerFor(key)), part([1])), "token_malformed"],
    ["payload JSON null", () => signed(part(headerFor(key)), part(null)), "token_malformed"],
    ["payload not UTF-8", () => signed(part(headerFor(key)), b64u(Buffer.from([0x7b, 0xff, 0x7d]))), "token_malformed"],
    ["a signature one byte short", () => {
      const t = forge(key, headerFor(key), claims());
      const [h, p, s] = t.split(".") as [string, string, string];
      return `${h}.${p}.${b64u(Buffer.from(s, "base64url").subarray(1))}`;
    }, "signature_invalid"],
    ["the signature of another payload", () => {
      const a = forge(key, headerFor(key), claims()).split(".");
      const b = forge(key, headerFor(key), claims({ sub: "mallory" })).split(".");
      return `${a[0] ?? ""}.${b[1] ?? ""}.${a[2] ?? ""}`;
    }, "signature_invalid"],
  ];
  it.each(rows)("%s -> %s", (_name, make, expected) => {
    throwsWith(() => verifier.verifySync(make()), expected);
  });
});

describe("claim types", () => {
  const rows: [string, Record<string, unknown>, TokenErrorCode][] = [
    ["exp missing", { exp: undefined }, "token_malformed"],
    ["exp a string", { exp: "1767225900" }, "token_malformed"],
    ["iat missing", { iat: undefined }, "token_malformed"],
    ["nbf a string", { nbf: "0" }, "token_malformed"],
    ["iss missing", { iss: undefined }, "token_malformed"],
    ["iss a number", { iss: 1 }, "token_malformed"],
    ["sub an object", { sub: {} }, "token_malformed"],
    ["sub missing", { sub: undefined }, "token_malformed"],
    ["jti missing", { jti: undefined }, "token_malformed"],
    ["client_id missing", { client_id: undefined }, "token_malformed"],
    ["scope an array", { scope: ["a"] }, "token_malformed"],
    ["aud missing", { aud: undefined }, "token_malformed"],
    ["aud an empty array", { aud: [] }, "token_malformed"],
    ["aud with a number", { aud: [AUDIENCE, 1] }, "token_malformed"],
    ["aud a number", { aud: 1 }, "token_malformed"],
    ["aud another string", { aud: "urn:demo:koa" }, "audience_invalid"],
    ["nbf in the future", { nbf: claims().iat as number + 6 }, "token_not_yet_valid"],
    ["expired long ago", { exp: 1 }, "token_expired"],
  ];
  it.each(rows)("%s -> %s", (_name, change, expected) => {
    throwsWith(() => verifier.verifySync(forge(key, headerFor(key), claims(change))), expected);
  });

  it("scope is optional and gives no scopes", () => {
    expect(verifier.verifySync(forge(key, headerFor(key), claims({ scope: undefined }))).scopes).toEqual([]);
  });

  it("aud as a single string equal to the audience is accepted", () => {
    expect(verifier.verifySync(forge(key, headerFor(key), claims({ aud: AUDIENCE }))).claims.aud).toBe(AUDIENCE);
  });

  it("requiredClaims and audience null relax the RFC 9068 set for example vectors", () => {
    const relaxed = createVerifier({
      issuer: ISSUER, audience: null, keys: staticKeys(key), clock: fakeClock().now, typ: null, requiredClaims: ["iss", "exp"],
    });
    const token = forge(key, { alg: "EdDSA" }, { iss: ISSUER, exp: claims().exp });
    expect(relaxed.verifySync(token).claims.iss).toBe(ISSUER);
    throwsWith(() => relaxed.verifySync(forge(key, { alg: "EdDSA" }, { iss: ISSUER })), "token_malformed");
  });

  it("a verified token and its claims are frozen", () => {
    const v = verifier.verifySync(forge(key, headerFor(key), claims()));
    expect(Object.isFrozen(v)).toBe(true);
    expect(Object.isFrozen(v.claims)).toBe(true);
    expect(Object.isFrozen(v.scopes)).toBe(true);
  });
});

describe("verifyJws", () => {
  it("checks a JWS whose payload is not JSON claims", () => {
    const input = `${part({ alg: "EdDSA" })}.${b64u("Example of Ed25519 signing")}`;
    const jws = `${input}.${signInput(key, input)}`;
    expect(verifyJws(jws, key, { typ: null }).payload.toString()).toBe("Example of Ed25519 signing");
    throwsWith(() => verifyJws(jws, key), "type_invalid");
    throwsWith(() => verifyJws(`${input}.${signInput(key, `${input}x`)}`, key, { typ: null }), "signature_invalid");
  });
});
