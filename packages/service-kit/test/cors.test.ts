import { describe, expect, it } from "vitest";
import { corsPackageOptions, parseOrigins } from "../src/index.js";

describe("corsPackageOptions", () => {
  it("allows exactly the listed origins, never credentials, and exposes what a script needs", () => {
    const options = corsPackageOptions(["https://app.example"]);
    const answer = (origin: string | undefined): boolean | undefined => {
      let allowed: boolean | undefined;
      options.origin(origin, (_error, allow) => {
        allowed = allow;
      });
      return allowed;
    };
    expect([answer("https://app.example"), answer("https://evil.example"), answer("https://app.example.evil"), answer(undefined)]).toEqual([true, false, false, false]);
    expect(options.exposedHeaders).toEqual(expect.arrayContaining(["WWW-Authenticate", "Token-Expires-In"]));
    expect(options.allowedHeaders).toEqual(expect.arrayContaining(["Authorization", "DPoP"]));
    expect(options).not.toHaveProperty("credentials");
  });

  it("refuses a wildcard or a path in CORS_ORIGINS", () => {
    expect(() => parseOrigins("CORS_ORIGINS", "*")).toThrow(/^CORS_ORIGINS: /);
    expect(() => parseOrigins("CORS_ORIGINS", "https://app.example/path")).toThrow(/^CORS_ORIGINS: /);
  });
});
