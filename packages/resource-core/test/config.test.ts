import { ConfigError, type Env } from "@org/service-kit";
import { describe, expect, it } from "vitest";
import { parseResourceConfig, type ResourceIdentity } from "../src/index.js";

const GRPC: ResourceIdentity = {
  name: "grpc-resource", service: "grpc", audience: "urn:demo:grpc", transport: "grpc", portVariable: "GRPC_PORT", defaultPort: 50051,
};
const KOA: ResourceIdentity = {
  name: "koa-resource", service: "koa", audience: "urn:demo:koa", transport: "http", portVariable: "KOA_PORT", defaultPort: 4002,
};

function refusal(parse: () => unknown): string | undefined {
  try {
    parse();
  } catch (err) {
    if (err instanceof ConfigError) return err.variable;
    throw err;
  }
  return undefined;
}

describe("parseResourceConfig", () => {
  it("reads the port from the identity's variable, with its default", () => {
    expect(parseResourceConfig({}, GRPC).port).toBe(50051);
    expect(parseResourceConfig({ GRPC_PORT: "0", KOA_PORT: "1" }, GRPC).port).toBe(0);
    expect(refusal(() => parseResourceConfig({ GRPC_PORT: "x" }, GRPC))).toBe("GRPC_PORT");
  });

  it("reads TOKEN_COOKIE for HTTP services only", () => {
    expect(parseResourceConfig({ TOKEN_COOKIE: "a b" }, GRPC).cookieName).toBeUndefined();
    expect(parseResourceConfig({ TOKEN_COOKIE: "at" }, KOA).cookieName).toBe("at");
    expect(parseResourceConfig({}, KOA).cookieName).toBeUndefined();
    expect(refusal(() => parseResourceConfig({ TOKEN_COOKIE: "a=b" }, KOA))).toBe("TOKEN_COOKIE");
  });

  it.each<[Env, string | undefined]>([
    [{ HOST: "http://h" }, "HOST"],
    [{ HOST: "h:1 x" }, "HOST"],
    [{ HOST: "::1" }, undefined],
    [{ HOST: "0.0.0.0" }, undefined],
  ])("checks HOST %o with one rule for every transport", (env, variable) => {
    expect(refusal(() => parseResourceConfig(env, GRPC))).toBe(variable);
    expect(refusal(() => parseResourceConfig(env, KOA))).toBe(variable);
  });

  it("keeps TOKEN_ISSUER exactly as written", () => {
    expect(parseResourceConfig({ TOKEN_ISSUER: "HTTPS://Issuer.Example" }, KOA).issuer).toBe("HTTPS://Issuer.Example");
  });
});
