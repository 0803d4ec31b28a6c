import { ConfigError, type Env } from "@org/service-kit";
import { describe, expect, it } from "vitest";
import { dpopPolicy, parseResourceConfig, type ResourceIdentity } from "../src/index.js";

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

describe("MAX_TOKEN_LIFETIME", () => {
  it("defaults to an hour, well above the issuer's 300 s", () => {
    expect(parseResourceConfig({}, KOA).maxTokenLifetime).toBe(3600);
    expect(parseResourceConfig({ MAX_TOKEN_LIFETIME: "600" }, KOA).maxTokenLifetime).toBe(600);
    expect(refusal(() => parseResourceConfig({ MAX_TOKEN_LIFETIME: "0" }, KOA))).toBe("MAX_TOKEN_LIFETIME");
  });
});

describe("ISSUER_URL over plain http", () => {
  it.each(["http://127.0.0.1:4000", "http://localhost:4000", "http://[::1]:4000", "https://issuer.example"])("accepts %s", (url) => {
    expect(parseResourceConfig({ ISSUER_URL: url }, KOA).keys.kind).toBe("remote");
  });

  it("refuses a host that is not loopback, naming ISSUER_URL and the setting that allows it", () => {
    let error: unknown;
    try {
      parseResourceConfig({ ISSUER_URL: "http://issuer:4000" }, GRPC);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^ISSUER_URL: plain http .* set ALLOW_INSECURE_ISSUER_URL=true$/);
    expect(parseResourceConfig({ ISSUER_URL: "http://issuer:4000", ALLOW_INSECURE_ISSUER_URL: "true" }, GRPC).keys.kind).toBe("remote");
    expect(refusal(() => parseResourceConfig({ ISSUER_URL: "http://issuer:4000", ALLOW_INSECURE_ISSUER_URL: "yes" }, GRPC))).toBe(
      "ALLOW_INSECURE_ISSUER_URL",
    );
  });

  it("does not apply when the keys come from a file or a string (nothing is fetched)", () => {
    expect(parseResourceConfig({ ISSUER_URL: "http://issuer:4000", JWKS_FILE: "/k.json" }, KOA).keys.kind).toBe("file");
  });
});

describe("the DPoP settings", () => {
  it("take DPoP-bound tokens without requiring them, at each request's own URL, by default", () => {
    expect(parseResourceConfig({}, KOA).dpop).toEqual({ required: false, publicBaseUrl: undefined });
    expect(parseResourceConfig({ REQUIRE_DPOP: "", PUBLIC_BASE_URL: "" }, GRPC).dpop).toEqual({ required: false, publicBaseUrl: undefined });
  });

  it("read REQUIRE_DPOP and PUBLIC_BASE_URL, the latter in normal form, for every transport", () => {
    for (const identity of [KOA, GRPC]) {
      expect(parseResourceConfig({ REQUIRE_DPOP: "true", PUBLIC_BASE_URL: "https://API.example.com/v1/" }, identity).dpop).toEqual({
        required: true,
        publicBaseUrl: "https://api.example.com/v1",
      });
    }
  });

  it.each<[Env, string]>([
    [{ REQUIRE_DPOP: "yes" }, "REQUIRE_DPOP"],
    [{ REQUIRE_DPOP: "TRUE" }, "REQUIRE_DPOP"],
    [{ PUBLIC_BASE_URL: "api.example.com" }, "PUBLIC_BASE_URL"],
    [{ PUBLIC_BASE_URL: "ftp://api.example.com" }, "PUBLIC_BASE_URL"],
    [{ PUBLIC_BASE_URL: "https://user:pw@api.example.com" }, "PUBLIC_BASE_URL"],
    [{ PUBLIC_BASE_URL: "https://api.example.com/?x=1" }, "PUBLIC_BASE_URL"],
    [{ PUBLIC_BASE_URL: "https://api.example.com/#top" }, "PUBLIC_BASE_URL"],
  ])("refuse %o, naming the variable", (env, variable) => {
    expect(refusal(() => parseResourceConfig(env, KOA))).toBe(variable);
  });
});

describe("dpopPolicy", () => {
  it("makes one policy per call from the settings, each with its own replay cache", () => {
    const config = parseResourceConfig({ REQUIRE_DPOP: "true", PUBLIC_BASE_URL: "https://api.example.com" }, KOA);
    const one = dpopPolicy(config);
    expect(one).toMatchObject({ required: true, publicBaseUrl: "https://api.example.com" });
    expect(dpopPolicy(config).replay).not.toBe(one.replay);
    expect(dpopPolicy(parseResourceConfig({}, KOA))).toMatchObject({ required: false, publicBaseUrl: undefined });
  });
});
