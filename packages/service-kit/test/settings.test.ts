import { describe, expect, it } from "vitest";
import { ConfigError, isLoopbackHost, readSettings, type Env } from "../src/index.js";
import { LOG_LEVELS } from "../src/settings.js";

function refusal(read: () => unknown): ConfigError {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("readSettings", () => {
  it("treats unset and empty alike, and falls back to the default", () => {
    const read = readSettings({ A: "", B: "x" });
    expect(read.optional("A")).toBeUndefined();
    expect(read.optional("B")).toBe("x");
    expect(read.port("A", 4000)).toBe(4000);
    expect(read.boolean("A", true)).toBe(true);
    expect(read.logLevel()).toBe("info");
    expect(read.host()).toBe("127.0.0.1");
    expect(read.httpUrl("A", "http://127.0.0.1:4000").text).toBe("http://127.0.0.1:4000");
  });

  it("reads good values", () => {
    const read = readSettings({
      P: "0", Q: "65535", N: "42", T: "true", F: "false", L: "debug", HOST: "::1", U: "https://Issuer.Example/a",
    });
    expect(read.port("P", 1)).toBe(0);
    expect(read.port("Q", 1)).toBe(65_535);
    expect(read.integer("N", 1, 1, 100)).toBe(42);
    expect(read.boolean("T", false)).toBe(true);
    expect(read.boolean("F", true)).toBe(false);
    expect(readSettings({ LOG_LEVEL: "debug" }).logLevel()).toBe("debug");
    expect(read.host()).toBe("::1");
    expect(read.httpUrl("U", "http://x")).toEqual({ text: "https://Issuer.Example/a", url: new URL("https://issuer.example/a") });
    expect(read.oneOf("L", LOG_LEVELS, "info")).toBe("debug");
    expect(read.matching("N", /^\d+$/, "must be digits")).toBe("42");
  });

  const bad: [string, Env, (env: Env) => unknown, string][] = [
    ["port: letters", { P: "abc" }, (e) => readSettings(e).port("P", 1), "must be a whole number from 0 to 65535"],
    ["port: too big", { P: "65536" }, (e) => readSettings(e).port("P", 1), "must be a whole number from 0 to 65535"],
    ["port: negative", { P: "-1" }, (e) => readSettings(e).port("P", 1), "must be a whole number from 0 to 65535"],
    ["port: fraction", { P: "40.5" }, (e) => readSettings(e).port("P", 1), "must be a whole number from 0 to 65535"],
    ["port: leading space", { P: " 4000" }, (e) => readSettings(e).port("P", 1), "must be a whole number from 0 to 65535"],
    ["port: exponent", { P: "1e3" }, (e) => readSettings(e).port("P", 1), "must be a whole number from 0 to 65535"],
    ["integer: below", { N: "3" }, (e) => readSettings(e).integer("N", 5, 5, 9), "must be a whole number from 5 to 9"],
    ["integer: above", { N: "11" }, (e) => readSettings(e).integer("N", 5, 1, 10), "must be a whole number from 1 to 10"],
    ["integer: unit", { N: "300s" }, (e) => readSettings(e).integer("N", 5, 1, 1000), "must be a whole number from 1 to 1000"],
    ["boolean: yes", { B: "yes" }, (e) => readSettings(e).boolean("B", false), 'must be "true" or "false"'],
    ["boolean: TRUE", { B: "TRUE" }, (e) => readSettings(e).boolean("B", false), 'must be "true" or "false"'],
    ["oneOf", { LOG_LEVEL: "verbose" }, (e) => readSettings(e).logLevel(), `must be one of ${LOG_LEVELS.join(", ")}`],
    ["url: not one", { U: "not a url" }, (e) => readSettings(e).httpUrl("U", "http://x"), "must be an absolute http(s) URL"],
    ["url: ftp", { U: "ftp://x" }, (e) => readSettings(e).httpUrl("U", "http://x"), "must be an absolute http(s) URL"],
    ["url: relative", { U: "issuer:4000" }, (e) => readSettings(e).httpUrl("U", "http://x"), "must be an absolute http(s) URL"],
    ["host: url", { HOST: "http://h" }, (e) => readSettings(e).host(), "must be a host name or an IP address"],
    ["host: space", { HOST: "two words" }, (e) => readSettings(e).host(), "must be a host name or an IP address"],
    ["host: path", { HOST: "127.0.0.1:4000/x" }, (e) => readSettings(e).host(), "must be a host name or an IP address"],
    ["matching", { C: "a b" }, (e) => readSettings(e).matching("C", /^\w+$/, "must be a word"), "must be a word"],
  ];
  it.each(bad)("%s: one line naming the variable, never the value", (_name, env, read, problem) => {
    const error = refusal(() => read(env));
    const [variable, value] = Object.entries(env)[0] ?? ["", ""];
    expect(error).toMatchObject({ name: "ConfigError", variable, problem });
    expect(error.message).toBe(`${variable}: ${problem}`);
    expect(error.message).not.toContain(value ?? "");
  });

  it("keeps a message on one line", () => {
    expect(new ConfigError("X", "a\nb\r\nc").message).toBe("X: a b c");
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["localhost", true], ["LOCALHOST", true], ["127.0.0.1", true], ["127.1.2.3", true], ["::1", true], ["[::1]", true],
    ["127.255.0.9", true], ["0:0:0:0:0:0:0:1", true], ["::ffff:127.0.0.1", true], ["LocalHost", true],
    ["issuer", false], ["10.0.0.1", false], ["127.0.0.1.example.com", false], ["0.0.0.0", false], ["::", false],
    ["[::]", false], ["128.0.0.1", false], ["::2", false], ["::ffff:10.0.0.1", false], ["localhost.example.com", false],
    ["", false], ["[127.0.0.1]", false], ["127.999.0.1", false],
  ])("%s -> %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
