import { describe, expect, it } from "vitest";
import { causeKind, createLogger, requestId } from "../src/index.js";
import { REDACT_PATHS } from "../src/logger.js";

function sink(): { lines: string[]; write(line: string): void } {
  const lines: string[] = [];
  return { lines, write: (line) => lines.push(line) };
}

describe("createLogger", () => {
  it("writes JSON with the service on every line, at the level asked", () => {
    const out = sink();
    const logger = createLogger({ service: "koa-resource", level: "info", destination: out });
    logger.debug("not written");
    logger.info({ port: 4002 }, "listening");
    expect(out.lines).toHaveLength(1);
    expect(JSON.parse(out.lines[0] ?? "")).toMatchObject({ service: "koa-resource", port: 4002, msg: "listening", level: 30 });
  });

  const secrets = ["password", "client_secret", "secret", "access_token", "refresh_token", "token", "body", "authorization", "cookie", "metadata", "dpop"];
  it.each(secrets)("redacts %s at the top level and one and two levels down", (field) => {
    const out = sink();
    const logger = createLogger({ service: "issuer", level: "info", destination: out });
    const value = `sensitive-${field}-value`;
    logger.info({ [field]: value, req: { [field]: value, headers: { [field]: value } } }, "line");
    expect(out.lines.join("")).not.toContain(value);
    expect(out.lines.join("")).toContain("[redacted]");
  });

  it("redacts set-cookie headers and lists every path it redacts", () => {
    const out = sink();
    createLogger({ service: "issuer", level: "info", destination: out }).info({ res: { headers: { "set-cookie": "sid=abc" } } }, "x");
    expect(out.lines.join("")).not.toContain("sid=abc");
    expect(REDACT_PATHS).toContain("*.*.authorization");
    expect(Object.isFrozen(REDACT_PATHS)).toBe(true);
  });
});

describe("requestId", () => {
  it("takes a short plain id, else makes a UUID", () => {
    expect(requestId("req-1.a:b_c")).toBe("req-1.a:b_c");
    for (const bad of [undefined, "", "a b", "x".repeat(65), 'a"b', "a\nb"]) {
      expect(requestId(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});

describe("causeKind", () => {
  it("names a cause by its code or its error name, never its message", () => {
    expect(causeKind(Object.assign(new Error("quoted token abc"), { code: "ERR_X" }))).toBe("ERR_X");
    expect(causeKind(new SyntaxError("Unexpected token abc"))).toBe("SyntaxError");
    expect(causeKind("a string")).toBeUndefined();
    expect(causeKind(undefined)).toBeUndefined();
  });
});
