import { describe, expect, it } from "vitest";
import { ConfigError, parseHttpResourceConfig, parseResourceConfig, type Env } from "../src/index.js";

const GRPC = { portVariable: "GRPC_PORT", defaultPort: 50051, strictHost: true };
const KOA = { portVariable: "KOA_PORT", defaultPort: 4002 };

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
  it("reads the port from the variable it is told, with its default", () => {
    expect(parseResourceConfig({}, GRPC).port).toBe(50051);
    expect(parseResourceConfig({ GRPC_PORT: "0", KOA_PORT: "1" }, GRPC).port).toBe(0);
    expect(refusal(() => parseResourceConfig({ GRPC_PORT: "x" }, GRPC))).toBe("GRPC_PORT");
  });

  it("has no cookie setting", () => {
    expect(parseResourceConfig({ TOKEN_COOKIE: "a b" }, KOA)).not.toHaveProperty("cookieName");
  });

  it.each<[Env, string | undefined]>([
    [{ HOST: "http://h" }, "HOST"],
    [{ HOST: "h:1 x" }, "HOST"],
    [{ HOST: "::1" }, undefined],
    [{ HOST: "0.0.0.0" }, undefined],
  ])("checks HOST %o only when strictHost is set", (env, variable) => {
    expect(refusal(() => parseResourceConfig(env, GRPC))).toBe(variable);
    expect(refusal(() => parseResourceConfig(env, KOA))).toBeUndefined();
  });
});

describe("parseHttpResourceConfig", () => {
  it("adds TOKEN_COOKIE and refuses a bad cookie name first", () => {
    expect(parseHttpResourceConfig({ TOKEN_COOKIE: "at" }, KOA).cookieName).toBe("at");
    expect(parseHttpResourceConfig({}, KOA).cookieName).toBeUndefined();
    expect(refusal(() => parseHttpResourceConfig({ TOKEN_COOKIE: "a=b", KOA_PORT: "x" }, KOA))).toBe("TOKEN_COOKIE");
  });
});
