import { beforeAll, describe, expect, it } from "vitest";
import {
  ALGORITHMS,
  createSigner,
  createVerifier,
  generateKey,
  KeySet,
  MemoryRevocation,
  parseBearer,
  REFRESH_TOKEN_TYPE,
  refreshAudience,
  staticKeys,
  type Algorithm,
  type Key,
} from "../../src/index.js";
import { AUDIENCE, claims, fakeClock, forge, headerFor, ISSUER, rejectsWith, START_MS } from "./support.js";

const keys = {} as Record<Algorithm, Key>;
beforeAll(async () => {
  for (const alg of ALGORITHMS) keys[alg] = await generateKey(alg);
});

const input = { sub: "alice", client_id: "demo-cli", aud: [AUDIENCE, "urn:demo:koa"], scope: "profile orders:read" };

describe.each(ALGORITHMS)("%s round trip", (alg) => {
  it("signs an RFC 9068 access token that verifies", async () => {
    const clock = fakeClock();
    const key = keys[alg];
    const signer = createSigner({ keys: key, issuer: ISSUER, clock: clock.now });
    const { token, claims, expiresIn } = await signer.accessToken({ ...input, extra: { rev: 2 } });
    expect(expiresIn).toBe(300);
    const [h] = token.split(".");
    expect(JSON.parse(Buffer.from(h ?? "", "base64url").toString())).toEqual({ alg, kid: key.kid, typ: "at+jwt" });
    expect(claims).toMatchObject({ iss: ISSUER, sub: "alice", client_id: "demo-cli", scope: "profile orders:read", rev: 2 });
    expect(claims.iat).toBe(START_MS / 1000);
    expect(claims.exp).toBe(START_MS / 1000 + 300);
    expect(Buffer.from(claims.jti, "base64url")).toHaveLength(16);

    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key), clock: clock.now, cache: false });
    const verified = await verifier.verify(token);
    expect(verified.claims).toEqual(claims);
    expect(verified.scopes).toEqual(["profile", "orders:read"]);
    expect(verified).toMatchObject({ kid: key.kid, alg });
    expect(verifier.verifySync(token).claims.jti).toBe(claims.jti);
    expect(verifier.secondsLeft(verified)).toBe(300);
    clock.advance(299);
    expect(verifier.secondsLeft(verified)).toBe(1);
    clock.advance(100);
    expect(verifier.secondsLeft(verified)).toBe(0);
  });

  it("a refresh token verifies with the refresh verifier only", async () => {
    const clock = fakeClock();
    const set = new KeySet([keys[alg]]);
    const signer = createSigner({ keys: set, issuer: ISSUER, clock: clock.now, refreshTokenTtl: 600 });
    const { token, claims, expiresIn } = await signer.refreshToken({ sub: "alice", client_id: "demo-cli", scope: ["profile"], aud: [AUDIENCE] });
    expect(expiresIn).toBe(600);
    expect(claims).toMatchObject({ aud: refreshAudience(ISSUER), resource: [AUDIENCE], scope: "profile" });
    const header = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString()) as { typ: string };
    expect(header.typ).toBe(REFRESH_TOKEN_TYPE);

    const { createRefreshVerifier } = await import("../../src/index.js");
    const refresh = createRefreshVerifier({ issuer: ISSUER, keys: set, clock: clock.now });
    expect((await refresh.verify(token)).jti).toBe(claims.jti);

    // Never as an access token: typ differs, and even with typ relaxed the audience differs.
    const access = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(set), clock: clock.now });
    await rejectsWith(access.verify(token), "type_invalid");
    const relaxed = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(set), clock: clock.now, typ: null });
    await rejectsWith(relaxed.verify(token), "audience_invalid");
    // and an access token is not a refresh token
    const at = await signer.accessToken(input);
    await rejectsWith(refresh.verify(at.token), "type_invalid");
  });
});

describe("claim checks", () => {
  const setup = async (signerClock = fakeClock(), verifierOptions: Record<string, unknown> = {}) => {
    const key = keys.EdDSA;
    const signer = createSigner({ keys: key, issuer: ISSUER, clock: signerClock.now });
    const verifierClock = fakeClock();
    const verifier = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: staticKeys(key),
      clock: verifierClock.now,
      cache: false,
      ...verifierOptions,
    });
    return { signer, verifier, verifierClock, token: (await signer.accessToken(input)).token };
  };

  it("expired: exp <= now - tolerance (5 s default)", async () => {
    const { verifier, verifierClock, token } = await setup();
    verifierClock.advance(304);
    await verifier.verify(token);
    verifierClock.advance(0.999);
    await verifier.verify(token);
    verifierClock.advance(0.001);
    await rejectsWith(verifier.verify(token), "token_expired");
  });

  it("clockTolerance 0 makes exp exact", async () => {
    const { verifier, verifierClock, token } = await setup(fakeClock(), { clockTolerance: 0 });
    verifierClock.advance(299.999);
    await verifier.verify(token);
    verifierClock.advance(0.001);
    await rejectsWith(verifier.verify(token), "token_expired");
  });

  it("iat in the future beyond tolerance is not yet valid", async () => {
    const ahead = fakeClock(START_MS + 6000);
    const { verifier, token } = await setup(ahead);
    await rejectsWith(verifier.verify(token), "token_not_yet_valid");
    const within = await setup(fakeClock(START_MS + 5000));
    await within.verifier.verify(within.token);
  });

  it("wrong issuer, wrong audience", async () => {
    const { token } = await setup();
    const key = keys.EdDSA;
    const otherIssuer = createVerifier({ issuer: "http://127.0.0.1:4999", audience: AUDIENCE, keys: staticKeys(key), clock: fakeClock().now });
    await rejectsWith(otherIssuer.verify(token), "issuer_invalid");
    const otherAudience = createVerifier({ issuer: ISSUER, audience: "urn:demo:grpc", keys: staticKeys(key), clock: fakeClock().now });
    await rejectsWith(otherAudience.verify(token), "audience_invalid");
    const issuerPrefix = createVerifier({ issuer: `${ISSUER}/`, audience: AUDIENCE, keys: staticKeys(key), clock: fakeClock().now });
    await rejectsWith(issuerPrefix.verify(token), "issuer_invalid");
  });

  it("algorithms allowlist applies on top of the key", async () => {
    const { token } = await setup();
    const onlyEs = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(keys.EdDSA), clock: fakeClock().now, algorithms: ["ES256"] });
    await rejectsWith(onlyEs.verify(token), "algorithm_not_allowed");
  });

  it("a key with another alg pins it: EdDSA token against an ES256 key with the same kid", async () => {
    const { token } = await setup();
    const impostor = await generateKey("ES256", { kid: keys.EdDSA.kid });
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(impostor), clock: fakeClock().now });
    await rejectsWith(verifier.verify(token), "algorithm_not_allowed");
  });

  it("unknown kid", async () => {
    const { token } = await setup();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(keys.ES256), clock: fakeClock().now });
    await rejectsWith(verifier.verify(token), "key_unknown");
    expect(() => verifier.verifySync(token)).toThrow(expect.objectContaining({ code: "key_unknown" }) as Error);
  });

  it("maxTokenBytes is enforced", async () => {
    const small = await setup(fakeClock(), { maxTokenBytes: 100 });
    expect(small.token.length).toBeGreaterThan(100);
    await rejectsWith(small.verifier.verify(small.token), "token_malformed");
    const exact = await setup(fakeClock(), { maxTokenBytes: small.token.length });
    await exact.verifier.verify(small.token);
  });

  it("revocation is consulted after the checks pass", async () => {
    const revocation = new MemoryRevocation();
    const { verifier, token, signer } = await setup(fakeClock(), { revocation });
    await verifier.verify(token);
    revocation.revokeSubject("alice", START_MS / 1000);
    await rejectsWith(verifier.verify(token), "token_revoked");
    const other = await signer.accessToken({ ...input, sub: "bob" });
    await verifier.verify(other.token);
  });

  it("verifies what parseBearer takes out of a header", async () => {
    const { verifier, token } = await setup();
    expect((await verifier.verify(parseBearer(`Bearer ${token}`))).claims.sub).toBe("alice");
    await rejectsWith(verifier.verify(parseBearer("Bearer a.b.c")), "token_malformed");
  });

  it("verify never throws synchronously, even for non-strings", () => {
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(keys.EdDSA) });
    const p = verifier.verify(42 as unknown as string);
    expect(p).toBeInstanceOf(Promise);
    return rejectsWith(p, "token_malformed");
  });
});

describe("createSigner misuse", () => {
  it.each<[string, () => unknown]>([
    ["no issuer", () => createSigner({ keys: keys.EdDSA, issuer: "" })],
    ["a key without private part", () => createSigner({ keys: { ...keys.EdDSA, privateKey: undefined }, issuer: ISSUER })],
    ["a zero TTL", () => createSigner({ keys: keys.EdDSA, issuer: ISSUER, accessTokenTtl: 0 })],
    ["a fractional TTL", () => createSigner({ keys: keys.EdDSA, issuer: ISSUER, refreshTokenTtl: 1.5 })],
  ])("TypeError for %s", (_name, make) => {
    expect(make).toThrow(TypeError);
  });

  it.each<[string, Record<string, unknown>]>([
    ["extra overriding iss", { extra: { iss: "evil" } }],
    ["extra overriding exp", { extra: { exp: 9e9 } }],
    ["extra overriding scope", { extra: { scope: "admin" } }],
    ["an empty aud array", { aud: [] }],
    ["an empty sub", { sub: "" }],
    ["a scope token with a quote", { scope: ['a"b'] }],
    ["a non-string scope", { scope: 3 }],
  ])("TypeError for %s", async (_name, change) => {
    const signer = createSigner({ keys: keys.EdDSA, issuer: ISSUER });
    await expect(signer.accessToken({ ...input, ...change })).rejects.toThrow(TypeError);
  });

  it("scope arrays are joined with spaces", async () => {
    const signer = createSigner({ keys: keys.EdDSA, issuer: ISSUER });
    expect((await signer.accessToken({ ...input, scope: ["a", "b"] })).claims.scope).toBe("a b");
    expect((await signer.accessToken({ ...input, aud: ["only"] })).claims.aud).toBe("only");
  });

  it("jti differs every time", async () => {
    const signer = createSigner({ keys: keys.HS256, issuer: ISSUER });
    const jtis = new Set<string>();
    for (let i = 0; i < 50; i++) jtis.add((await signer.accessToken(input)).claims.jti);
    expect(jtis.size).toBe(50);
  });
});

describe("createVerifier misuse", () => {
  const base = () => ({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(keys.EdDSA) });
  it.each<[string, Record<string, unknown>]>([
    ["an empty issuer", { issuer: "" }],
    ["an empty audience", { audience: "" }],
    ["no keys", { keys: undefined }],
    ["an unknown algorithm", { algorithms: ["HS512"] }],
    ["no algorithms", { algorithms: [] }],
    ["a negative tolerance", { clockTolerance: -1 }],
    ["a NaN tolerance", { clockTolerance: Number.NaN }],
    ["a zero maxTokenBytes", { maxTokenBytes: 0 }],
    ["cache.maxEntries 0", { cache: { maxEntries: 0 } }],
    ["cache true", { cache: true }],
    ["an empty typ", { typ: "" }],
    ["a revocation without isRevoked", { revocation: {} }],
    ["requiredClaims not strings", { requiredClaims: [1] }],
    ["a zero maxTokenLifetime", { maxTokenLifetime: 0 }],
    ["a fractional maxTokenLifetime", { maxTokenLifetime: 1.5 }],
  ])("TypeError for %s", (_name, change) => {
    expect(() => createVerifier({ ...base(), ...change })).toThrow(TypeError);
  });
});

describe("maxTokenLifetime", () => {
  const at = (lifetime: number, iat: number = START_MS / 1000): Record<string, unknown> => ({ ...claims(), iat, exp: iat + lifetime });
  const verifier = (maxTokenLifetime?: number) =>
    createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: staticKeys(keys.EdDSA),
      clock: fakeClock().now,
      ...(maxTokenLifetime === undefined ? {} : { maxTokenLifetime }),
    });

  it("accepts a lifetime up to the limit and refuses a longer one, cached or not", async () => {
    const v = verifier(3600);
    await v.verify(forge(keys.EdDSA, headerFor(keys.EdDSA), at(3600)));
    const forever = forge(keys.EdDSA, headerFor(keys.EdDSA), at(10 * 365 * 86_400));
    await rejectsWith(v.verify(forever), "token_lifetime_exceeded");
    await rejectsWith(v.verify(forever), "token_lifetime_exceeded"); // a refusal is never cached
    await rejectsWith(v.verify(forge(keys.EdDSA, headerFor(keys.EdDSA), at(3601))), "token_lifetime_exceeded");
  });

  it("needs iat to tell the lifetime", async () => {
    const noIat = at(300);
    delete noIat.iat;
    const v = createVerifier({
      issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(keys.EdDSA), clock: fakeClock().now, maxTokenLifetime: 3600,
      requiredClaims: ["iss", "sub", "aud", "exp", "jti", "client_id"],
    });
    await rejectsWith(v.verify(forge(keys.EdDSA, headerFor(keys.EdDSA), noIat)), "token_malformed");
  });

  it("has no limit by default", async () => {
    await verifier().verify(forge(keys.EdDSA, headerFor(keys.EdDSA), at(10 * 365 * 86_400)));
  });
});

describe("audience", () => {
  it("accepts a token for any of several audiences when given an array", async () => {
    const signer = createSigner({ keys: keys.EdDSA, issuer: ISSUER, clock: fakeClock().now });
    const v = createVerifier({ issuer: ISSUER, audience: ["urn:a", "urn:b"], keys: staticKeys(keys.EdDSA), clock: fakeClock().now });
    const token = async (aud: string | string[]) => (await signer.accessToken({ ...input, aud })).token;
    expect((await v.verify(await token("urn:b"))).claims.aud).toBe("urn:b");
    expect((await v.verify(await token(["urn:x", "urn:a"]))).claims.aud).toEqual(["urn:x", "urn:a"]);
    await rejectsWith(v.verify(await token(["urn:x", "urn:y"])), "audience_invalid");
    expect(() => createVerifier({ issuer: ISSUER, audience: [], keys: staticKeys(keys.EdDSA) })).toThrow(TypeError);
    expect(() => createVerifier({ issuer: ISSUER, audience: ["ok", ""], keys: staticKeys(keys.EdDSA) })).toThrow(TypeError);
  });
});
