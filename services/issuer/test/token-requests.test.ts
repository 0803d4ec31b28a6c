// POST /token request-level errors: grant type, body format, size, content type, repeated parameters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALICE, errorOf, startIssuer, type Issuer } from "./helpers.js";

let issuer: Issuer;
beforeAll(async () => {
  issuer = await startIssuer();
});
afterAll(() => issuer.close());

const raw = (body: string | Uint8Array, contentType?: string): Promise<Response> =>
  fetch(`${issuer.url}/token`, { method: "POST", body, headers: contentType === undefined ? {} : { "content-type": contentType } });

async function expectError(res: Response, status: number, error: string): Promise<string> {
  const body = await errorOf(res);
  expect(body).toMatchObject({ status, error });
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("pragma")).toBe("no-cache");
  return body.description;
}

describe("token request errors", () => {
  it("unknown grant_type is unsupported_grant_type and does not echo it", async () => {
    const description = await expectError(await issuer.post({ grant_type: "authorization_code<script>" }), 400, "unsupported_grant_type");
    expect(description).not.toContain("script");
  });

  it.each([["__proto__"], ["constructor"], ["toString"]])("grant_type %s is unsupported, not a crash", async (grant) => {
    await expectError(await issuer.post({ grant_type: grant }), 400, "unsupported_grant_type");
  });

  it("missing grant_type is invalid_request", async () => {
    await expectError(await issuer.post({ username: "alice" }), 400, "invalid_request");
  });

  it("a repeated parameter is invalid_request", async () => {
    await expectError(await issuer.post({ ...ALICE, username: ["alice", "bob"] }), 400, "invalid_request");
  });

  it("an empty parameter counts as omitted (RFC 6749 §3.1)", async () => {
    await expectError(await issuer.post({ ...ALICE, username: "" }), 400, "invalid_request");
    expect((await issuer.post({ ...ALICE, scope: "" })).status).toBe(200);
  });

  it("malformed JSON is invalid_request without quoting the body", async () => {
    const description = await expectError(await raw('{"grant_type": "password", "password": "hunter2"', "application/json"), 400, "invalid_request");
    expect(description).not.toContain("hunter2");
  });

  it.each([
    ["a JSON array", "[1,2]"],
    ["a JSON string", '"password"'],
    ["a number where a string belongs", '{"grant_type":"password","username":1}'],
    ["an object value", '{"grant_type":{"a":1}}'],
    ["null", '{"grant_type":null}'],
    ["an array for a single parameter", '{"grant_type":["password","password"]}'],
  ])("%s is invalid_request", async (_name, body) => {
    await expectError(await raw(body, "application/json"), 400, "invalid_request");
  });

  it("a body over 16 KiB is 413 with a JSON error", async () => {
    const big = new URLSearchParams({ ...ALICE, scope: "x".repeat(17 * 1024) }).toString();
    await expectError(await raw(big, "application/x-www-form-urlencoded"), 413, "invalid_request");
    await expectError(await raw(JSON.stringify({ pad: "y".repeat(17 * 1024) }), "application/json"), 413, "invalid_request");
  });

  it("a parameter value over 4 KiB is invalid_request", async () => {
    await expectError(await issuer.post({ ...ALICE, username: "u".repeat(5000) }), 400, "invalid_request");
  });

  it.each([["text/plain"], ["multipart/form-data; boundary=x"], ["application/xml"]])("Content-Type %s is invalid_request", async (type) => {
    await expectError(await raw(new URLSearchParams(ALICE).toString(), type), 400, "invalid_request");
  });

  it("no Content-Type at all is invalid_request", async () => {
    await expectError(await raw(new TextEncoder().encode(new URLSearchParams(ALICE).toString())), 400, "invalid_request");
  });

  it("an unsupported charset is 415", async () => {
    await expectError(await raw("{}", "application/json; charset=x-klingon"), 415, "invalid_request");
  });

  it("GET /token is 405 with Allow: POST", async () => {
    const res = await fetch(`${issuer.url}/token?grant_type=password`);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect((await errorOf(res)).error).toBe("method_not_allowed");
  });

  it("ignores credentials in the query string", async () => {
    const query = new URLSearchParams(ALICE).toString();
    const res = await fetch(`${issuer.url}/token?${query}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
    await expectError(res, 400, "invalid_request");
  });
});
