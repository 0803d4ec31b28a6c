import { describe, expect, it } from "vitest";
import { basicAuthorization } from "../../src/lib/basic.js";
import { MAX_DESCRIPTION_CHARS, redact, safeCode, safeDescription } from "../../src/lib/redact.js";
import { isLoopback, logoutUrl, metadataUrl } from "../../src/lib/url.js";

describe("redact and safe texts", () => {
  it("blanks every spelling of each secret", () => {
    expect(redact("a p w+d b p%20w%2Bd c p+w%2Bd", ["p w+d"])).toBe("a [redacted] b [redacted] c [redacted]");
    expect(redact("nothing", [""])).toBe("nothing");
  });

  it("keeps RFC 6749 characters only, cut to the limit, after redaction", () => {
    expect(safeDescription("line\r\nbreak \"q\" \\ é", [])).toBe("linebreak q  ");
    const long = safeDescription(`${"x".repeat(MAX_DESCRIPTION_CHARS - 5)}SECRET-VALUE`, ["SECRET-VALUE"]) ?? "";
    expect(long.length).toBe(MAX_DESCRIPTION_CHARS);
    expect(long).not.toContain("SECRET");
    expect(safeDescription("\n", [])).toBeUndefined();
    expect(safeDescription(42, [])).toBeUndefined();
  });

  it.each([["invalid_grant", "invalid_grant"], ["x".repeat(65), undefined], ["a\nb", undefined], ['"q"', undefined], [7, undefined]] as const)(
    "safeCode(%j) is %j",
    (value, expected) => {
      expect(safeCode(value)).toBe(expected);
    },
  );
});

describe("HTTP Basic for clients (RFC 6749 §2.3.1)", () => {
  it("form-encodes id and secret, then base64", () => {
    expect(basicAuthorization("reporting-job", "s3cr:t")).toBe(`Basic ${Buffer.from("reporting-job:s3cr%3At").toString("base64")}`);
    expect(basicAuthorization("é", "a b")).toBe(`Basic ${Buffer.from("%C3%A9:a+b").toString("base64")}`);
  });
});

describe("URLs", () => {
  it.each([
    ["http://127.0.0.1:4000", true],
    ["http://127.1.2.3", true],
    ["http://localhost:4000", true],
    ["http://api.localhost", true],
    ["http://[::1]:4000", true],
    ["http://127.0.0.1.example.com", false],
    ["http://issuer:4000", false],
    ["http://10.0.0.1", false],
  ] as const)("isLoopback(%s) is %s", (url, expected) => {
    expect(isLoopback(new URL(url))).toBe(expected);
  });

  it("puts the well-known path before the issuer's path (RFC 8414 §3.1)", () => {
    expect(metadataUrl(new URL("http://127.0.0.1:4000")).href).toBe("http://127.0.0.1:4000/.well-known/oauth-authorization-server");
    expect(metadataUrl(new URL("https://a.example/tenant/")).href).toBe("https://a.example/.well-known/oauth-authorization-server/tenant");
    expect(logoutUrl(new URL("https://a.example/tenant/")).href).toBe("https://a.example/tenant/logout");
    expect(logoutUrl(new URL("http://127.0.0.1:4000")).href).toBe("http://127.0.0.1:4000/logout");
  });
});
