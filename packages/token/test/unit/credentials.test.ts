import { describe, expect, it } from "vitest";
import { DEFAULT_CSRF_HEADER, TokenError, selectCredential, type CredentialSource } from "../../src/index.js";

const none = (): undefined => undefined;
const transport = { name: "at" };

describe("selectCredential", () => {
  const table: [string, string, string[], string | undefined, string | undefined, string][] = [
    // name, method, Authorization fields, cookie header, csrf header, expected ("header" | "cookie" | error code)
    ["no transport data", "GET", [], undefined, undefined, "header"],
    ["header only", "POST", ["Bearer t"], undefined, undefined, "header"],
    ["other cookies only", "GET", [], "a=1; b=2", undefined, "header"],
    ["empty cookie counts as absent", "GET", [], "at=", undefined, "header"],
    ["cookie on GET", "GET", [], "at=t", undefined, "cookie"],
    ["cookie on HEAD", "HEAD", [], "at=t", undefined, "cookie"],
    ["quoted cookie", "GET", [], 'at="t"', undefined, "cookie"],
    ["cookie on POST with proof", "POST", [], "at=t", "1", "cookie"],
    ["cookie on POST", "POST", [], "at=t", undefined, "invalid_request"],
    ["cookie on PUT", "PUT", [], "at=t", undefined, "invalid_request"],
    ["cookie on PATCH", "PATCH", [], "at=t", undefined, "invalid_request"],
    ["cookie on DELETE", "DELETE", [], "at=t", undefined, "invalid_request"],
    ["cookie on POST with blank proof", "POST", [], "at=t", " ", "invalid_request"],
    ["cookie and header", "GET", ["Bearer t"], "at=t", undefined, "invalid_request"],
    ["cookie and empty header", "GET", [""], "at=t", undefined, "invalid_request"],
    ["cookie twice", "GET", [], "at=t; x=1; at=u", undefined, "invalid_request"],
    ["two Authorization fields", "GET", ["Bearer t", "Bearer u"], undefined, undefined, "invalid_request"],
    ["two Authorization fields and a cookie", "GET", ["Bearer t", "Bearer u"], "at=t", undefined, "invalid_request"],
  ];
  it.each(table)("%s", (_name, method, authorization, cookieHeader, proof, expected) => {
    const source = { method, authorization, cookieHeader, header: proof === undefined ? none : () => proof };
    let outcome: string;
    try {
      outcome = selectCredential(source, transport).from;
    } catch (err) {
      outcome = err instanceof TokenError ? err.code : "unexpected";
    }
    expect(outcome).toBe(expected);
  });

  it("returns the cookie's token", () => {
    const credential = selectCredential(
      { method: "GET", authorization: [], cookieHeader: "at=abc.def.ghi", header: none },
      transport,
    );
    expect(credential).toEqual({ from: "cookie", token: "abc.def.ghi" });
  });

  it("returns the header's value, present or not, without a transport", () => {
    const source = (authorization: string[]): CredentialSource => ({
      method: "POST",
      authorization,
      cookieHeader: "at=t",
      header: none,
    });
    expect(selectCredential(source([]))).toEqual({ from: "header", authorization: undefined });
    expect(selectCredential(source(["Bearer t"]))).toEqual({ from: "header", authorization: "Bearer t" });
  });

  it("looks the CSRF header up by the transport's name, X-Requested-With by default", () => {
    const asked: string[] = [];
    const source: CredentialSource = {
      method: "POST",
      authorization: [],
      cookieHeader: "at=t",
      header: (name) => {
        asked.push(name);
        return "1";
      },
    };
    selectCredential(source, transport);
    selectCredential(source, { name: "at", csrfHeader: "X-CSRF" });
    expect(asked).toEqual([DEFAULT_CSRF_HEADER, "X-CSRF"]);
    expect(DEFAULT_CSRF_HEADER).toBe("X-Requested-With");
  });
});
