import { ConfigError, type Env } from "@org/service-kit";
import { describe, expect, it } from "vitest";
import { loadConfig as parseConfig } from "../src/config.js";

function refusal(env: Env): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("has the contract's defaults", () => {
    expect(parseConfig({})).toEqual({
      host: "127.0.0.1",
      port: 50051,
      issuer: "http://127.0.0.1:4000",
      keys: { kind: "remote", jwksUrl: new URL("http://127.0.0.1:4000/.well-known/jwks.json"), refreshSeconds: 600 },
      logLevel: "info",
      cookieName: undefined,
      maxTokenLifetime: 3600,
      metricsPort: 9464,
      dpop: { required: false, publicBaseUrl: undefined },
    });
  });

  it("reads every setting", () => {
    expect(
      parseConfig({
        HOST: "0.0.0.0",
        GRPC_PORT: "6000",
        TOKEN_ISSUER: "https://issuer.example",
        ISSUER_URL: "http://issuer:4000/auth",
        ALLOW_INSECURE_ISSUER_URL: "true",
        LOG_LEVEL: "debug",
        REQUIRE_DPOP: "true",
        PUBLIC_BASE_URL: "https://grpc.example.com",
      }),
    ).toEqual({
      host: "0.0.0.0",
      port: 6000,
      issuer: "https://issuer.example",
      keys: { kind: "remote", jwksUrl: new URL("http://issuer:4000/auth/.well-known/jwks.json"), refreshSeconds: 600 },
      logLevel: "debug",
      cookieName: undefined,
      maxTokenLifetime: 3600,
      metricsPort: 9464,
      dpop: { required: true, publicBaseUrl: "https://grpc.example.com" },
    });
  });

  it("lets JWKS_FILE or JWKS win over ISSUER_URL, and treats empty values as unset", () => {
    expect(parseConfig({ JWKS_FILE: "/keys/jwks.json", ISSUER_URL: "http://x" }).keys).toEqual({
      kind: "file",
      path: "/keys/jwks.json",
    });
    expect(parseConfig({ JWKS: '{"keys":[]}', JWKS_FILE: "" }).keys).toEqual({ kind: "inline", jwks: '{"keys":[]}' });
    expect(parseConfig({ GRPC_PORT: "", LOG_LEVEL: "" })).toMatchObject({ port: 50051, logLevel: "info" });
  });

  it("accepts port 0 (any free port)", () => {
    expect(parseConfig({ GRPC_PORT: "0" }).port).toBe(0);
  });

  const bad: readonly (readonly [Env, string])[] = [
    [{ GRPC_PORT: "abc" }, "GRPC_PORT"],
    [{ GRPC_PORT: "70000" }, "GRPC_PORT"],
    [{ GRPC_PORT: "-1" }, "GRPC_PORT"],
    [{ GRPC_PORT: "50051.5" }, "GRPC_PORT"],
    [{ HOST: "http://0.0.0.0" }, "HOST"],
    [{ HOST: "two words" }, "HOST"],
    [{ TOKEN_ISSUER: "issuer-without-scheme" }, "TOKEN_ISSUER"],
    [{ TOKEN_ISSUER: "ftp://issuer.example" }, "TOKEN_ISSUER"],
    [{ ISSUER_URL: "not a url" }, "ISSUER_URL"],
    [{ ISSUER_URL: "file:///etc/jwks.json" }, "ISSUER_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ JWKS: '{"keys":[]}', JWKS_FILE: "/keys/jwks.json" }, "JWKS"],
    [{ REQUIRE_DPOP: "on" }, "REQUIRE_DPOP"],
    [{ PUBLIC_BASE_URL: "grpc.example.com:443" }, "PUBLIC_BASE_URL"],
  ];

  it.each(bad)("refuses %o, naming %s and not echoing the value", (env, variable) => {
    const error = refusal(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).not.toContain("\n");
    for (const value of Object.values(env)) if (value !== undefined) expect(error.message).not.toContain(value);
  });
});
