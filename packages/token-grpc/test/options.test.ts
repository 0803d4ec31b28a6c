import { status } from "@grpc/grpc-js";
import { TOKEN_ERRORS, TokenError, createVerifier, generateKey, staticKeys, type TokenErrorCode, type TokenErrorKind } from "@org/token";
import { describe, expect, it } from "vitest";
import { HEALTH_METHODS, createAuthInterceptor, statusFor } from "../src/index.js";

const verifier = createVerifier({
  issuer: "https://issuer.test",
  audience: "urn:demo:grpc",
  keys: staticKeys(await generateKey()),
});

describe("createAuthInterceptor options", () => {
  const misuse: readonly (readonly [string, unknown])[] = [
    ["rules not an object", { verifier, rules: null }],
    ["rules an array", { verifier, rules: [] }],
    ["a method without its service", { verifier, rules: { "/GetMe": [] } }],
    ["a method path without the leading slash", { verifier, rules: { "demo.v1.Resource/GetMe": [] } }],
    ["scopes not an array", { verifier, rules: { "/demo.v1.Resource/GetMe": "orders:read" } }],
    ["a scope with a space", { verifier, rules: { "/demo.v1.Resource/GetMe": ["orders:read orders:write"] } }],
    ["an empty scope", { verifier, rules: { "/demo.v1.Resource/GetMe": [""] } }],
    ["public not an array", { verifier, rules: {}, public: "/grpc.health.v1.Health/Check" }],
    ["a bad public path", { verifier, rules: {}, public: ["Check"] }],
    ["a method both public and ruled", { verifier, rules: { "/a.B/C": [] }, public: ["/a.B/C"] }],
    ["no verifier", { verifier: {}, rules: {} }],
  ];

  it.each(misuse)("throws TypeError for %s", (_name, options) => {
    // @ts-expect-error -- deliberately wrong options, as a JavaScript caller could pass
    expect(() => createAuthInterceptor(options)).toThrow(TypeError);
  });

  it("accepts rules, public health methods and an empty scope list", () => {
    expect(
      createAuthInterceptor({ verifier, rules: { "/demo.v1.Resource/GetMe": [] }, public: HEALTH_METHODS }),
    ).toBeTypeOf("function");
  });
});

describe("statusFor", () => {
  const codes = Object.keys(TOKEN_ERRORS) as TokenErrorCode[];

  // The style guide's table, by kind of failure.
  const BY_KIND: Readonly<Record<TokenErrorKind, status>> = {
    credentials_missing: status.UNAUTHENTICATED,
    request_invalid: status.UNAUTHENTICATED,
    token_invalid: status.UNAUTHENTICATED,
    scope_insufficient: status.PERMISSION_DENIED,
    unavailable: status.UNAVAILABLE,
    proof_invalid: status.UNAUTHENTICATED,
  };

  it.each(codes)("maps %s to its kind's gRPC status and the table's description", (code) => {
    expect(statusFor(new TokenError(code))).toEqual({
      code: BY_KIND[TOKEN_ERRORS[code].kind],
      details: TOKEN_ERRORS[code].description,
    });
  });

  it("uses UNAUTHENTICATED, PERMISSION_DENIED and UNAVAILABLE where the style table says", () => {
    expect(statusFor(new TokenError("token_missing")).code).toBe(status.UNAUTHENTICATED);
    expect(statusFor(new TokenError("invalid_request")).code).toBe(status.UNAUTHENTICATED);
    expect(statusFor(new TokenError("token_expired")).code).toBe(status.UNAUTHENTICATED);
    expect(statusFor(new TokenError("scope_insufficient", { scope: "orders:write" })).code).toBe(
      status.PERMISSION_DENIED,
    );
    expect(statusFor(new TokenError("keys_unavailable")).code).toBe(status.UNAVAILABLE);
  });
});
