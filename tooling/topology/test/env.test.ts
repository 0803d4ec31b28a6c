import { ConfigError } from "@org/service-kit";
import { describe, expect, it } from "vitest";
import { topologyEnv } from "../src/env.js";
import { freePorts, resolvePorts } from "../src/ports.js";

const PORTS = { issuer: 4100, express: 4101, koa: 4102, grpc: 50151, grpcMetrics: 9564 } as const;

describe("resolvePorts", () => {
  it("uses the contract defaults", async () => {
    expect(await resolvePorts(undefined, {})).toEqual({ issuer: 4000, express: 4001, koa: 4002, grpc: 50051, grpcMetrics: 9464 });
  });

  it("prefers an explicit port over the env over the default", async () => {
    const ports = await resolvePorts({ koa: 6002 }, { KOA_PORT: "5002", GRPC_PORT: "5051", METRICS_PORT: "9000" });
    expect(ports).toEqual({ issuer: 4000, express: 4001, koa: 6002, grpc: 5051, grpcMetrics: 9000 });
  });

  it.each(["0", "65536", "4001x", "-1", "1.5"])("rejects EXPRESS_PORT=%s naming the variable", async (value) => {
    const refused = resolvePorts(undefined, { EXPRESS_PORT: value });
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toMatchObject({ variable: "EXPRESS_PORT", message: expect.stringMatching(/^EXPRESS_PORT: /) as unknown });
  });

  it("hands out distinct free ports, the gRPC metrics port included", async () => {
    const ports = Object.values(await resolvePorts("free", {}));
    expect(new Set(ports).size).toBe(5);
    expect((await freePorts(3)).every((port) => port > 0)).toBe(true);
  });
});

describe("topologyEnv", () => {
  it("derives ISSUER_URL and TOKEN_ISSUER from the issuer's port and sets every port", () => {
    const { env, urls, issuer } = topologyEnv({ LOG_LEVEL: "warn", UNSET: undefined }, PORTS);
    expect(env).toMatchObject({
      LOG_LEVEL: "warn",
      ISSUER_PORT: "4100",
      EXPRESS_PORT: "4101",
      KOA_PORT: "4102",
      GRPC_PORT: "50151",
      METRICS_PORT: "9564",
      ISSUER_URL: "http://127.0.0.1:4100",
      TOKEN_ISSUER: "http://127.0.0.1:4100",
    });
    expect("UNSET" in env).toBe(false);
    expect(issuer).toBe("http://127.0.0.1:4100");
    expect(urls).toEqual({
      issuer: "http://127.0.0.1:4100",
      express: "http://127.0.0.1:4101",
      koa: "http://127.0.0.1:4102",
      grpc: "127.0.0.1:50151",
    });
  });

  it("keeps ISSUER_URL and TOKEN_ISSUER when given", () => {
    const given = { ISSUER_URL: "http://localhost:4100", TOKEN_ISSUER: "https://issuer.example" };
    const { env, issuer } = topologyEnv(given, PORTS);
    expect(env.ISSUER_URL).toBe("http://localhost:4100");
    expect(env.TOKEN_ISSUER).toBe("https://issuer.example");
    expect(issuer).toBe("https://issuer.example");
  });

  it("probes a wildcard bind address over loopback", () => {
    expect(topologyEnv({ HOST: "0.0.0.0" }, PORTS).urls.koa).toBe("http://127.0.0.1:4102");
    expect(topologyEnv({ HOST: "::" }, PORTS).urls.grpc).toBe("[::1]:50151");
  });
});
