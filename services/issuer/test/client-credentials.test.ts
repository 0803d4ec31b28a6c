// POST /token grant_type=client_credentials and client authentication (RFC 6749 §2.3.1, §4.4, §5.2).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basic, decodePart, errorOf, SECRETS, startIssuer, tokenBody, type Issuer } from "./helpers.js";

let issuer: Issuer;
beforeAll(async () => {
  issuer = await startIssuer();
});
afterAll(() => issuer.close());

const CC = { grant_type: "client_credentials" };
const POST_AUTH = { ...CC, client_id: "reporting-job", client_secret: SECRETS.reporting };

describe("client credentials grant", () => {
  it("issues a token with body authentication: sub = client_id, the client's scopes, no refresh token", async () => {
    const res = await issuer.post(POST_AUTH);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await tokenBody(res);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 300, scope: "orders:read" });
    expect(body.refresh_token).toBeUndefined();
    const verified = await (await issuer.verifier("urn:demo:grpc")).verify(body.access_token);
    expect(verified.claims).toMatchObject({ sub: "reporting-job", client_id: "reporting-job", scope: "orders:read" });
  });

  it("issues a token with HTTP Basic authentication", async () => {
    const res = await issuer.post(CC, { headers: { authorization: basic("reporting-job", SECRETS.reporting) } });
    expect((await tokenBody(res)).scope).toBe("orders:read");
  });

  it("decodes form-urlencoded Basic credentials (RFC 6749 §2.3.1)", async () => {
    // "reporting-job" has no special characters; an encoded form of the same id must still match.
    const encoded = `Basic ${Buffer.from(`reporting%2Djob:${SECRETS.reporting}`).toString("base64")}`;
    expect((await issuer.post(CC, { headers: { authorization: encoded } })).status).toBe(200);
  });

  it("narrows aud with resource", async () => {
    const body = await tokenBody(await issuer.post({ ...POST_AUTH, resource: "urn:demo:grpc" }));
    expect(decodePart(body.access_token, 1).aud).toBe("urn:demo:grpc");
  });

  it("treats a scope the client may not have as narrowing to nothing: invalid_scope", async () => {
    expect(await errorOf(await issuer.post({ ...POST_AUTH, scope: "orders:write" }))).toMatchObject({ status: 400, error: "invalid_scope" });
  });

  it("answers a wrong Basic secret with 401 invalid_client and a Basic challenge", async () => {
    const res = await issuer.post(CC, { headers: { authorization: basic("reporting-job", "wrong") } });
    expect(await errorOf(res)).toMatchObject({ status: 401, error: "invalid_client" });
    expect(res.headers.get("www-authenticate")).toMatch(/^Basic realm="issuer"/);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it.each([
    ["a wrong body secret", { ...CC, client_id: "reporting-job", client_secret: "wrong" }],
    ["an unknown client", { ...CC, client_id: "nobody", client_secret: "x" }],
    ["no client at all", CC],
    ["a confidential client without its secret", { ...CC, client_id: "reporting-job" }],
  ])("answers %s with 401 invalid_client without a Basic challenge", async (_name, params) => {
    const res = await issuer.post(params);
    expect(await errorOf(res)).toMatchObject({ status: 401, error: "invalid_client" });
    expect(res.headers.get("www-authenticate")).toBeNull();
  });

  it.each([
    ["Bearer abc"],
    ["Basic !!!"],
    [`Basic ${Buffer.from("no-colon").toString("base64")}`],
    [`Basic ${Buffer.from(":secret").toString("base64")}`],
    [`Basic ${Buffer.from("%E0%A4%A:x").toString("base64")}`],
  ])("answers a malformed Authorization header %s with 401 invalid_client", async (authorization) => {
    const res = await issuer.post(CC, { headers: { authorization } });
    expect(await errorOf(res)).toMatchObject({ status: 401, error: "invalid_client" });
    expect(res.headers.get("www-authenticate")).toMatch(/^Basic /);
  });

  it("rejects Basic plus a body client_secret as invalid_request (one method only)", async () => {
    const res = await issuer.post(POST_AUTH, { headers: { authorization: basic("reporting-job", SECRETS.reporting) } });
    expect(await errorOf(res)).toMatchObject({ status: 400, error: "invalid_request" });
  });

  it("rejects Basic plus a different body client_id as invalid_request", async () => {
    const res = await issuer.post({ ...CC, client_id: "demo-cli" }, { headers: { authorization: basic("reporting-job", SECRETS.reporting) } });
    expect(await errorOf(res)).toMatchObject({ status: 400, error: "invalid_request" });
  });

  it("rejects client_secret without client_id as invalid_request", async () => {
    expect(await errorOf(await issuer.post({ ...CC, client_secret: "x" }))).toMatchObject({ status: 400, error: "invalid_request" });
  });

  it("refuses the grant to the public client: unauthorized_client", async () => {
    expect(await errorOf(await issuer.post({ ...CC, client_id: "demo-cli" }))).toMatchObject({ status: 400, error: "unauthorized_client" });
  });

  it("lets the public client identify itself with Basic and an empty secret", async () => {
    const res = await issuer.post(
      { grant_type: "password", username: "alice", password: SECRETS.alice },
      { headers: { authorization: basic("demo-cli", "") } },
    );
    expect(res.status).toBe(200);
  });
});
