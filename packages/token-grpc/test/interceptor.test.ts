import * as grpc from "@grpc/grpc-js";
import {
  TOKEN_ERRORS,
  createSigner,
  createVerifier,
  generateKey,
  staticKeys,
  type Key,
  type TokenErrorCode,
  type Verifier,
} from "@org/token";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAuthInterceptor, type RefusedCall } from "../src/index.js";
import { HEALTH_CHECK, METHODS, start, type Running } from "./harness.js";

const ISSUER = "https://issuer.test";
const AUDIENCE = "urn:demo:grpc";
const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const RULES = {
  [METHODS.Open]: [],
  [METHODS.Read]: ["orders:read"],
  [METHODS.Write]: ["orders:write"],
  [METHODS.Fail]: [],
};

let now = START;
const clock = (): number => now;
let key: Key;
let verifier: Verifier;

beforeAll(async () => {
  key = await generateKey();
  verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key), clock });
});
beforeEach(() => {
  now = START;
});

async function token(overrides: { aud?: string; scope?: string; issuer?: string } = {}): Promise<string> {
  const signer = createSigner({ keys: key, issuer: overrides.issuer ?? ISSUER, clock });
  const { token: jwt } = await signer.accessToken({
    sub: "alice",
    client_id: "demo-cli",
    aud: overrides.aud ?? AUDIENCE,
    scope: overrides.scope ?? "profile orders:read",
  });
  return jwt;
}

describe("createAuthInterceptor on a real server", () => {
  let running: Running;
  const refusals: RefusedCall[] = [];

  beforeAll(async () => {
    const auth = createAuthInterceptor({
      verifier,
      rules: RULES,
      public: [HEALTH_CHECK],
      onRefused: (refusal) => refusals.push(refusal),
    });
    running = await start([auth]);
  });
  afterAll(() => {
    running.stop();
  });
  afterEach(() => {
    running.seen.length = 0;
    refusals.length = 0;
  });

  const unauthenticated: readonly (readonly [string, () => Promise<string[]>, TokenErrorCode])[] = [
    ["no authorization", () => Promise.resolve([]), "token_missing"],
    ["a bare scheme", () => Promise.resolve(["Bearer"]), "invalid_request"],
    ["two tokens in one value", async () => [`Bearer ${await token()}, Bearer ${await token()}`], "invalid_request"],
    ["a token that is not a JWS", () => Promise.resolve(["Bearer not.a.jws"]), "token_malformed"],
    ["a tampered signature", async () => [`Bearer ${tamper(await token())}`], "signature_invalid"],
    ["another audience", async () => [`Bearer ${await token({ aud: "urn:demo:koa" })}`], "audience_invalid"],
    ["another issuer", async () => [`Bearer ${await token({ issuer: "https://evil.test" })}`], "issuer_invalid"],
  ];

  it.each(unauthenticated)("refuses %s with UNAUTHENTICATED and the table's text", async (_name, values, code) => {
    const outcome = await running.client.call("Open", await values());
    expect(outcome).toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: TOKEN_ERRORS[code].description });
    expect(outcome.expiresIn).toEqual([]);
    expect(running.seen).toEqual([]);
    expect(refusals.map((r) => r.reason)).toEqual([code]);
  });

  it("refuses an expired token", async () => {
    const jwt = await token();
    now += 3600_000;
    const outcome = await running.client.call("Open", [`Bearer ${jwt}`]);
    expect(outcome).toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: TOKEN_ERRORS.token_expired.description });
    expect(running.seen).toEqual([]);
  });

  it("accepts a good token, with the scheme in lower case", async () => {
    const outcome = await running.client.call("Open", [`bearer ${await token()}`]);
    expect(outcome).toMatchObject({ code: grpc.status.OK, value: { sub: "alice" } });
  });

  it("hands the handler the verified token through authOf, and the request through", async () => {
    const jwt = await token();
    const outcome = await running.client.call("Read", [`Bearer ${jwt}`], { n: 7 });
    expect(outcome.code).toBe(grpc.status.OK);
    const [seen] = running.seen;
    expect(seen?.authOfError).toBeUndefined();
    expect(seen?.request).toEqual({ n: 7 });
    expect(seen?.token?.claims.sub).toBe("alice");
    expect(seen?.token?.scopes).toEqual(["profile", "orders:read"]);
    expect(seen?.token?.claims.jti).toBe(decodeClaims(jwt).jti);
  });

  it("sends token-expires-in as response initial metadata, counted on the verifier's clock", async () => {
    const jwt = await token();
    expect((await running.client.call("Open", [`Bearer ${jwt}`])).expiresIn).toEqual(["300"]);
    now += 100_500;
    expect((await running.client.call("Open", [`Bearer ${jwt}`])).expiresIn).toEqual(["199"]);
  });

  it("refuses a missing scope with PERMISSION_DENIED, still telling the token's lifetime", async () => {
    const outcome = await running.client.call("Write", [`Bearer ${await token()}`]);
    expect(outcome).toMatchObject({
      code: grpc.status.PERMISSION_DENIED,
      details: TOKEN_ERRORS.scope_insufficient.description,
      expiresIn: ["300"],
    });
    expect(running.seen).toEqual([]);
    expect(refusals.map((r) => r.reason)).toEqual(["scope_insufficient"]);
  });

  it("lets a token with the scope through", async () => {
    const outcome = await running.client.call("Write", [`Bearer ${await token({ scope: "orders:write" })}`]);
    expect(outcome.code).toBe(grpc.status.OK);
  });

  it("keeps token-expires-in on a handler's own error", async () => {
    const outcome = await running.client.call("Fail", [`Bearer ${await token()}`]);
    expect(outcome).toMatchObject({ code: grpc.status.FAILED_PRECONDITION, details: "handler said no", expiresIn: ["300"] });
  });

  it("refuses a method without a rule even with a good token, before looking at it", async () => {
    const outcome = await running.client.call("Unlisted", [`Bearer ${await token()}`]);
    expect(outcome).toMatchObject({ code: grpc.status.PERMISSION_DENIED, details: "The method is not open to any caller", expiresIn: [] });
    expect(running.seen).toEqual([]);
    expect(refusals.map((r) => r.reason)).toEqual(["method_not_allowed"]);
  });

  it("serves public methods without a token, where authOf throws", async () => {
    const outcome = await running.client.call("Health");
    expect(outcome.code).toBe(grpc.status.OK);
    expect(running.seen[0]?.authOfError).toMatch(/no verified token/);
  });

  it("never passes the token to onRefused", async () => {
    const jwt = await token();
    await running.client.call("Write", [`Bearer ${jwt}`]);
    await running.client.call("Open", [`Bearer ${tamper(jwt)}`]);
    expect(refusals).toHaveLength(2);
    const logged = JSON.stringify(refusals, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message, cause: v.cause } : v));
    expect(logged).not.toContain(jwt.split(".")[2]);
    expect(logged).not.toContain(tamper(jwt).split(".")[2]);
  });

  it("cannot get two authorization values from grpc-js: the client refuses to send them", async () => {
    const jwt = await token();
    const outcome = await running.client.call("Open", [`Bearer ${jwt}`, `Bearer ${jwt}`]);
    expect(outcome.code).toBe(grpc.status.INTERNAL);
    expect(running.seen).toEqual([]);
  });
});

describe("metadata handling around other interceptors", () => {
  const passOn = (edit: (metadata: grpc.Metadata) => grpc.Metadata): grpc.ServerInterceptor => {
    return (_descriptor, call) => {
      const listener = new grpc.ServerListenerBuilder()
        .withOnReceiveMetadata((metadata, next) => {
          next(edit(metadata));
        })
        .build();
      return new grpc.ServerInterceptingCall(call, { start: (next) => { next(listener); } });
    };
  };
  const auth = (): grpc.ServerInterceptor => createAuthInterceptor({ verifier, rules: RULES });

  it("refuses two authorization values as invalid_request", async () => {
    // node's HTTP/2 keeps only the first `authorization` header, so a second value can only come
    // from an earlier interceptor; the rule still holds wherever it comes from.
    const running = await start([
      passOn((metadata) => {
        metadata.add("authorization", "Bearer second");
        return metadata;
      }),
      auth(),
    ]);
    const outcome = await running.client.call("Open", [`Bearer ${await token()}`]);
    running.stop();
    expect(outcome).toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: TOKEN_ERRORS.invalid_request.description });
    expect(running.seen).toEqual([]);
  });

  it("hands the handler the very Metadata object the interceptor chain passed on", async () => {
    const passed: grpc.Metadata[] = [];
    const running = await start([
      passOn((metadata) => {
        passed.push(metadata);
        return metadata;
      }),
      auth(),
      (_descriptor, call) => new grpc.ServerInterceptingCall(call),
    ]);
    const outcome = await running.client.call("Open", [`Bearer ${await token()}`]);
    running.stop();
    expect(outcome.code).toBe(grpc.status.OK);
    expect(passed).toHaveLength(1);
    expect(running.seen[0]?.metadata).toBe(passed[0]);
    expect(running.seen[0]?.token?.claims.sub).toBe("alice");
  });

  it("makes authOf throw when a later interceptor swaps the metadata object", async () => {
    const running = await start([auth(), passOn((metadata) => metadata.clone())]);
    const outcome = await running.client.call("Open", [`Bearer ${await token()}`]);
    running.stop();
    expect(outcome.code).toBe(grpc.status.OK);
    expect(running.seen[0]?.token).toBeUndefined();
    expect(running.seen[0]?.authOfError).toMatch(/installed last/);
  });
});

/** Flips one bit of the signature: same shape, wrong signature. */
function tamper(jwt: string): string {
  const [header = "", payload = "", signature = ""] = jwt.split(".");
  const bytes = Buffer.from(signature, "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return `${header}.${payload}.${bytes.toString("base64url")}`;
}

function decodeClaims(jwt: string): { jti?: unknown } {
  const payload = jwt.split(".")[1] ?? "";
  const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  return typeof claims === "object" && claims !== null ? claims : {};
}
