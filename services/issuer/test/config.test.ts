// Config parsing: defaults, good values, and one line naming the variable for every bad value.
import { describe, expect, it } from "vitest";
import { ConfigError } from "@org/service-kit";
import { availableParallelism } from "node:os";
import { DEFAULT_IDENTITIES_FILE, defaultLogin, loadConfig as parseConfig } from "../src/config.js";

describe("parseConfig", () => {
  it("has the contract's defaults", () => {
    expect(parseConfig({})).toEqual({
      host: "127.0.0.1",
      port: 4000,
      issuer: "http://127.0.0.1:4000",
      keysFile: undefined,
      accessTokenTtl: 300,
      refreshTokenTtl: 86_400,
      identitiesFile: DEFAULT_IDENTITIES_FILE,
      logLevel: "info",
      trustProxy: 0,
      redisUrl: undefined,
      login: defaultLogin(availableParallelism()),
      allowDemoIdentities: false,
    });
    expect(DEFAULT_IDENTITIES_FILE).toMatch(/data[/\\]identities\.json$/);
  });

  it("reads every variable", () => {
    const config = parseConfig({
      HOST: "0.0.0.0",
      ISSUER_PORT: "4100",
      TOKEN_ISSUER: "https://auth.example.com/tenant",
      ISSUER_KEYS_FILE: "/run/keys.json",
      ACCESS_TOKEN_TTL: "60",
      REFRESH_TOKEN_TTL: "3600",
      IDENTITIES_FILE: "/run/ids.json",
      LOG_LEVEL: "debug",
      TRUST_PROXY: "1",
      REDIS_URL: "redis://redis:6379",
      LOGIN_CONCURRENCY: "2",
      LOGIN_QUEUE: "8",
      MAX_INFLIGHT_PER_ADDRESS: "3",
      ALLOW_DEMO_IDENTITIES: "true",
    });
    expect(config).toEqual({
      host: "0.0.0.0",
      port: 4100,
      issuer: "https://auth.example.com/tenant",
      keysFile: "/run/keys.json",
      accessTokenTtl: 60,
      refreshTokenTtl: 3600,
      identitiesFile: "/run/ids.json",
      logLevel: "debug",
      trustProxy: 1,
      redisUrl: "redis://redis:6379",
      login: { concurrency: 2, queue: 8, maxInflightPerAddress: 3 },
      allowDemoIdentities: true,
    });
  });

  it("bounds login work by the machine: one scrypt run per core up to libuv's pool of 4, a queue of 4 per run", () => {
    expect(defaultLogin(1)).toEqual({ concurrency: 1, queue: 4, maxInflightPerAddress: 2 });
    expect(defaultLogin(2)).toEqual({ concurrency: 2, queue: 8, maxInflightPerAddress: 2 });
    expect(defaultLogin(64)).toEqual({ concurrency: 4, queue: 16, maxInflightPerAddress: 2 });
    // One address must never be able to hold the whole capacity.
    for (const cores of [1, 2, 4, 64]) {
      const d = defaultLogin(cores);
      expect(d.maxInflightPerAddress).toBeLessThan(d.concurrency + d.queue);
    }
  });

  it("refuses MAX_INFLIGHT_PER_ADDRESS that would let one address hold every login slot", () => {
    expect(() => parseConfig({ LOGIN_CONCURRENCY: "2", LOGIN_QUEUE: "2", MAX_INFLIGHT_PER_ADDRESS: "4" })).toThrow(/^MAX_INFLIGHT_PER_ADDRESS: must be less than/);
    expect(parseConfig({ LOGIN_CONCURRENCY: "2", LOGIN_QUEUE: "2", MAX_INFLIGHT_PER_ADDRESS: "3" }).login.maxInflightPerAddress).toBe(3);
  });

  it("treats an empty value as unset", () => {
    expect(parseConfig({ ISSUER_PORT: "", REDIS_URL: "", TOKEN_ISSUER: "" }).port).toBe(4000);
  });

  it.each([
    ["ISSUER_PORT", "abc"],
    ["ISSUER_PORT", "65536"],
    ["ISSUER_PORT", "-1"],
    ["ISSUER_PORT", "40.5"],
    ["ISSUER_PORT", " 4000"],
    ["HOST", "127.0.0.1:4000/x"],
    ["HOST", "two words"],
    ["TOKEN_ISSUER", "not a url"],
    ["TOKEN_ISSUER", "ftp://127.0.0.1"],
    ["TOKEN_ISSUER", "http://127.0.0.1:4000/"],
    ["TOKEN_ISSUER", "http://127.0.0.1:4000?x=1"],
    ["TOKEN_ISSUER", "http://127.0.0.1:4000#frag"],
    ["TOKEN_ISSUER", "http://user:pw@127.0.0.1:4000"],
    ["ACCESS_TOKEN_TTL", "0"],
    ["ACCESS_TOKEN_TTL", "-5"],
    ["ACCESS_TOKEN_TTL", "1e3"],
    ["ACCESS_TOKEN_TTL", "300s"],
    ["ACCESS_TOKEN_TTL", "86401"],
    ["REFRESH_TOKEN_TTL", "0"],
    ["REFRESH_TOKEN_TTL", "300"],
    ["REFRESH_TOKEN_TTL", "forever"],
    ["LOG_LEVEL", "verbose"],
    ["TRUST_PROXY", "true"],
    ["TRUST_PROXY", "11"],
    ["REDIS_URL", "http://127.0.0.1:6379"],
    ["REDIS_URL", "not a url"],
    ["LOGIN_CONCURRENCY", "0"],
    ["LOGIN_CONCURRENCY", "257"],
    ["LOGIN_QUEUE", "-1"],
    ["LOGIN_QUEUE", "10001"],
    ["MAX_INFLIGHT_PER_ADDRESS", "0"],
    ["MAX_INFLIGHT_PER_ADDRESS", "20"],
    ["ALLOW_INSECURE_ISSUER_URL", "yes"],
    ["ALLOW_DEMO_IDENTITIES", "1"],
  ])("%s=%s stops startup with one line naming it", (variable, value) => {
    let caught: unknown;
    try {
      parseConfig({ [variable]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it.each(["http://issuer:4000", "http://10.0.0.5:4000", "http://0.0.0.0:4000", "http://auth.example.com"])(
    "refuses TOKEN_ISSUER=%s (plain http to a host that is not loopback) unless ALLOW_INSECURE_ISSUER_URL=true",
    (url) => {
      expect(() => parseConfig({ TOKEN_ISSUER: url })).toThrow(
        new ConfigError(
          "TOKEN_ISSUER",
          "plain http to a host that is not loopback lets anyone on the path replace the signing keys; use https, or set ALLOW_INSECURE_ISSUER_URL=true",
        ),
      );
      expect(parseConfig({ TOKEN_ISSUER: url, ALLOW_INSECURE_ISSUER_URL: "true" }).issuer).toBe(url);
      expect(() => parseConfig({ TOKEN_ISSUER: url, ALLOW_INSECURE_ISSUER_URL: "false" })).toThrow(/^TOKEN_ISSUER: plain http/);
    },
  );

  it.each(["http://127.0.0.1:4000", "http://127.8.9.10", "http://localhost:4000", "http://[::1]:4000", "https://auth.example.com"])(
    "accepts TOKEN_ISSUER=%s",
    (url) => {
      expect(parseConfig({ TOKEN_ISSUER: url }).issuer).toBe(url);
    },
  );

  it("names REFRESH_TOKEN_TTL when it is not longer than ACCESS_TOKEN_TTL", () => {
    expect(() => parseConfig({ ACCESS_TOKEN_TTL: "600", REFRESH_TOKEN_TTL: "600" })).toThrow(/^REFRESH_TOKEN_TTL: /);
  });
});
