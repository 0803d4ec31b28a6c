import { DpopPolicy, TokenError } from "@org/token";
import { describe, expect, it } from "vitest";
import { DEFAULT_CSRF_HEADER, readCredential, type CredentialSource } from "../src/index.js";

const none = (): undefined => undefined;
const transport = { name: "at" };

// The header carries token "h", the cookie token "c": the outcome says which one was taken.
describe("readCredential", () => {
  const table: [string, string, string[], string | undefined, string | undefined, string][] = [
    // name, method, Authorization fields, cookie header, csrf header, expected (the token, or an error code)
    ["no transport data", "GET", [], undefined, undefined, "token_missing"],
    ["header only", "POST", ["Bearer h"], undefined, undefined, "h"],
    ["other cookies only", "GET", [], "a=1; b=2", undefined, "token_missing"],
    ["other cookies and the header", "GET", ["Bearer h"], "a=1; b=2", undefined, "h"],
    ["empty cookie counts as absent", "GET", [], "at=", undefined, "token_missing"],
    ["cookie on GET", "GET", [], "at=c", undefined, "c"],
    ["cookie on HEAD", "HEAD", [], "at=c", undefined, "c"],
    ["quoted cookie", "GET", [], 'at="c"', undefined, "c"],
    ["cookie on POST with proof", "POST", [], "at=c", "1", "c"],
    ["cookie on POST", "POST", [], "at=c", undefined, "invalid_request"],
    ["cookie on PUT", "PUT", [], "at=c", undefined, "invalid_request"],
    ["cookie on PATCH", "PATCH", [], "at=c", undefined, "invalid_request"],
    ["cookie on DELETE", "DELETE", [], "at=c", undefined, "invalid_request"],
    ["cookie on POST with blank proof", "POST", [], "at=c", " ", "invalid_request"],
    ["cookie and header", "GET", ["Bearer h"], "at=c", undefined, "invalid_request"],
    ["cookie and empty header", "GET", [""], "at=c", undefined, "invalid_request"],
    ["cookie twice", "GET", [], "at=c; x=1; at=u", undefined, "invalid_request"],
    ["two Authorization fields", "GET", ["Bearer h", "Bearer u"], undefined, undefined, "invalid_request"],
    ["two Authorization fields and a cookie", "GET", ["Bearer h", "Bearer u"], "at=c", undefined, "invalid_request"],
    ["malformed Bearer header", "GET", ["Bearer h h"], undefined, undefined, "invalid_request"],
  ];
  it.each(table)("%s", (_name, method, authorization, cookieHeader, proof, expected) => {
    const source = { method, authorization, cookieHeader, header: proof === undefined ? none : () => proof };
    let outcome: string;
    try {
      const credential = readCredential(source, { cookie: transport });
      expect(credential.scheme).toBe("Bearer");
      outcome = credential.token;
    } catch (err) {
      outcome = err instanceof TokenError ? err.code : "unexpected";
    }
    expect(outcome).toBe(expected);
  });

  it("reads only the header without a transport, whatever cookies there are", () => {
    const source = (authorization: string[]): CredentialSource => ({
      method: "POST",
      authorization,
      cookieHeader: "at=c",
      header: none,
    });
    expect(() => readCredential(source([]))).toThrow(expect.objectContaining({ code: "token_missing" }) as Error);
    expect(readCredential(source(["Bearer h"]))).toEqual({ scheme: "Bearer", token: "h" });
  });

  it("looks the CSRF header up by the transport's name, X-Requested-With by default", () => {
    const asked: string[] = [];
    const source: CredentialSource = {
      method: "POST",
      authorization: [],
      cookieHeader: "at=c",
      header: (name) => {
        asked.push(name);
        return "1";
      },
    };
    readCredential(source, { cookie: transport });
    readCredential(source, { cookie: { name: "at", csrfHeader: "X-CSRF" } });
    expect(asked).toEqual([DEFAULT_CSRF_HEADER, "X-CSRF"]);
    expect(DEFAULT_CSRF_HEADER).toBe("X-Requested-With");
  });
});

describe("readCredential with DPoP", () => {
  const dpop = new DpopPolicy();
  const source = (authorization: string[], proofs: string[] = [], cookieHeader?: string): CredentialSource => ({
    method: "GET",
    authorization,
    dpop: proofs,
    cookieHeader,
    header: none,
  });
  const outcome = (fn: () => unknown): unknown => {
    try {
      return fn();
    } catch (err) {
      return err instanceof TokenError ? err.code : "unexpected";
    }
  };

  it.each<[string, CredentialSource, unknown]>([
    ["a DPoP token", source(["DPoP h"], ["p"]), { scheme: "DPoP", token: "h" }],
    ["a DPoP token without a proof (the proof is checked after the token)", source(["DPoP h"]), { scheme: "DPoP", token: "h" }],
    ["a Bearer token beside a proof", source(["Bearer h"], ["p"]), { scheme: "Bearer", token: "h" }],
    ["a proof without a token", source([], ["p"]), "dpop_proof_without_token"],
    ["a proof beside credentials of another scheme", source(["Basic dXNlcjpwYXNz"], ["p"]), "dpop_proof_without_token"],
    ["no token, no proof", source([]), "token_missing"],
    ["DPoP without a token", source(["DPoP"], ["p"]), "invalid_request"],
    ["two DPoP tokens", source(["DPoP h h"], ["p"]), "invalid_request"],
    ["the cookie: Bearer, whatever proof comes with it", source([], ["p"], "at=c"), { scheme: "Bearer", token: "c" }],
    ["the cookie and a DPoP header token", source(["DPoP h"], ["p"], "at=c"), "invalid_request"],
  ])("%s", (_name, given, expected) => {
    expect(outcome(() => readCredential(given, { dpop, cookie: transport }))).toEqual(expected);
  });

  it("without a policy, the DPoP scheme is another scheme and a proof alone is no token", () => {
    expect(outcome(() => readCredential(source(["DPoP h"], ["p"])))).toBe("token_missing");
    expect(outcome(() => readCredential(source([], ["p"])))).toBe("token_missing");
  });
});
