import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientError, createClient, isClientError } from "../src/index.js";
import { setup, type Env } from "./support/env.js";
import { ALICE, CONFIDENTIAL, PUBLIC_CLIENT } from "./support/issuer.js";

let env: Env;
beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  await env.close();
});

async function rejection(promise: Promise<unknown>): Promise<ClientError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isClientError(error)) throw new Error(`expected a ClientError, got ${String(error)}`);
  return error;
}

describe("loginWithPassword", () => {
  it("posts the password grant with client_id in the body, and the token is then used", async () => {
    const client = env.publicClient();
    const result = await client.loginWithPassword({ ...ALICE, scope: ["profile", "orders:read"], resource: ["urn:demo:express", "urn:demo:koa"] });
    expect(result).toEqual({ scope: ["profile", "orders:read"], expiresIn: 300 });

    const [call] = env.issuer.grants("password");
    expect(call?.authorization).toBeUndefined();
    expect(call?.contentType).toBe("application/x-www-form-urlencoded");
    expect(call?.params.get("username")).toBe("alice");
    expect(call?.params.get("password")).toBe("alice-demo-password");
    expect(call?.params.get("client_id")).toBe(PUBLIC_CLIENT);
    expect(call?.params.get("scope")).toBe("profile orders:read");
    expect(call?.params.getAll("resource")).toEqual(["urn:demo:express", "urn:demo:koa"]);
    expect(call?.params.has("client_secret")).toBe(false);

    expect(await client.accessToken()).toBe(env.issuer.lastAccessToken);
    expect(env.events).toEqual([{ type: "token", grant: "password", reason: "login", expiresIn: 300 }]);
  });

  it("sends every request through the fetch option, as a Request that refuses redirects", async () => {
    const seen: Request[] = [];
    const client = env.publicClient({
      fetch: (request) => {
        seen.push(request);
        return fetch(request);
      },
    });
    await client.loginWithPassword(ALICE);
    await client.fetch(env.resource.url);
    expect(seen.map((r) => [r.method, new URL(r.url).pathname])).toEqual([
      ["GET", "/.well-known/oauth-authorization-server"],
      ["POST", "/token"],
      ["GET", "/"],
    ]);
    expect(seen.slice(0, 2).map((r) => r.redirect)).toEqual(["error", "error"]);
  });

  it("does not follow a redirect of the token endpoint: the password goes nowhere else", async () => {
    env.issuer.metadata = (doc) => ({ ...doc, token_endpoint: `${env.issuer.url}/moved` });
    const original = env.issuer.handle.bind(env.issuer);
    env.issuer.handle = (method, url, headers, body, res) => {
      if (url !== "/moved") return original(method, url, headers, body, res);
      res.writeHead(307, { location: `${env.issuer.url}/token` });
      res.end();
      return Promise.resolve();
    };
    expect((await rejection(env.publicClient().loginWithPassword(ALICE))).error).toBe("network_error");
    expect(env.issuer.to("/token")).toEqual([]);
  });

  it("fetches the metadata once, lazily, for every later request", async () => {
    const client = env.publicClient();
    expect(env.issuer.calls).toEqual([]);
    await client.loginWithPassword(ALICE);
    await client.loginWithPassword(ALICE);
    await client.logout();
    expect(env.issuer.to("/.well-known/oauth-authorization-server")).toHaveLength(1);
    expect(env.issuer.calls.map((c) => c.path)).toEqual(["/.well-known/oauth-authorization-server", "/token", "/token", "/logout"]);
  });

  it("does not remember a failed metadata fetch", async () => {
    let fail = true;
    env.issuer.metadata = (doc) => (fail ? "not json {" : doc);
    const client = env.publicClient();
    expect((await rejection(client.loginWithPassword(ALICE))).error).toBe("invalid_response");
    fail = false;
    await client.loginWithPassword(ALICE);
    expect(env.issuer.to("/.well-known/oauth-authorization-server")).toHaveLength(2);
  });

  it("refuses metadata that names another issuer (RFC 8414 §3.3) and sends nothing to its endpoints", async () => {
    env.issuer.metadata = (doc) => ({ ...doc, issuer: "http://127.0.0.1:1" });
    const error = await rejection(env.publicClient().loginWithPassword(ALICE));
    expect(error).toMatchObject({ error: "invalid_response", description: "the metadata names another issuer" });
    expect(env.issuer.to("/token")).toEqual([]);
  });

  it("refuses a token endpoint that is plain http to another host", async () => {
    env.issuer.metadata = (doc) => ({ ...doc, token_endpoint: "http://login.example.com/token" });
    const error = await rejection(env.publicClient().loginWithPassword(ALICE));
    expect(error).toMatchObject({ error: "invalid_response", description: "token_endpoint must use https" });
  });

  it("reports a wrong password as the issuer's invalid_grant and holds no tokens", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    const error = await rejection(client.loginWithPassword({ username: "alice", password: "not-alices-password" }));
    expect(error).toMatchObject({ error: "invalid_grant", description: "the username or password is wrong", status: 400 });
    expect(error.temporary).toBe(false);
    expect(error.message).toBe("invalid_grant: the username or password is wrong (HTTP 400)");
    expect((await rejection(client.accessToken())).error).toBe("login_required");
  });

  it("carries 429 and 503 with their Retry-After", async () => {
    env.issuer.scripted.push(
      { status: 429, body: { error: "too_many_requests", error_description: "retry later" }, headers: { "retry-after": "7" } },
      { status: 503, body: { error: "temporarily_unavailable" }, headers: { "retry-after": "2" } },
    );
    const client = env.publicClient();
    const throttled = await rejection(client.loginWithPassword(ALICE));
    expect(throttled).toMatchObject({ error: "too_many_requests", status: 429, retryAfter: 7 });
    expect(throttled.temporary).toBe(true);
    expect(await rejection(client.loginWithPassword(ALICE))).toMatchObject({ error: "temporarily_unavailable", status: 503, retryAfter: 2 });
  });

  const malformed: readonly (readonly [string, unknown])[] = [
    ["a non-object", [1, 2]],
    ["no access_token", { token_type: "Bearer", expires_in: 300 }],
    ["an access_token with a line break", { access_token: "a\r\nb", token_type: "Bearer", expires_in: 300 }],
    ["token_type DPoP", { access_token: "abc", token_type: "DPoP", expires_in: 300 }],
    ["no expires_in", { access_token: "abc", token_type: "Bearer" }],
    ["expires_in as a string", { access_token: "abc", token_type: "Bearer", expires_in: "300" }],
    ["expires_in 0", { access_token: "abc", token_type: "Bearer", expires_in: 0 }],
    ["expires_in 1.5", { access_token: "abc", token_type: "Bearer", expires_in: 1.5 }],
    ["a refresh_token that is not text", { access_token: "abc", token_type: "Bearer", expires_in: 300, refresh_token: 7 }],
  ];

  it.each(malformed)("refuses a 200 answer with %s as invalid_response", async (_name, body) => {
    env.issuer.scripted.push({ status: 200, body });
    const error = await rejection(env.publicClient().loginWithPassword(ALICE));
    expect(error).toMatchObject({ error: "invalid_response", status: 200 });
  });

  it("accepts token_type in any case (RFC 6749 §7.1)", async () => {
    env.issuer.scripted.push({ status: 200, body: { access_token: "abc", token_type: "bearer", expires_in: 60 } });
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    expect(await client.accessToken()).toBe("abc");
  });

  it("reads at most 64 KiB of an answer", async () => {
    env.issuer.scripted.push({ status: 200, body: { access_token: "a".repeat(70_000), token_type: "Bearer", expires_in: 300 } });
    const error = await rejection(env.publicClient().loginWithPassword(ALICE));
    expect(error).toMatchObject({ error: "invalid_response", description: "the body is larger than 65536 bytes" });
  });

  it("says network_error when the issuer is gone, and timeout when it does not answer", async () => {
    const gone = createClient({ issuer: "http://127.0.0.1:1", clientId: PUBLIC_CLIENT });
    expect((await rejection(gone.loginWithPassword(ALICE))).error).toBe("network_error");

    env.issuer.hold();
    const slow = env.publicClient({ issuerTimeoutSeconds: 0.2 });
    const error = await rejection(slow.loginWithPassword(ALICE));
    expect(error).toMatchObject({ error: "timeout", status: undefined });
    expect(error.temporary).toBe(true);
  });

  it("lets a logout that begins during a login win: the login's tokens are dropped", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.issuer.hold();
    const login = rejection(client.loginWithPassword(ALICE));
    await client.logout();
    env.issuer.release();
    expect((await login).error).toBe("login_required");
    expect((await rejection(client.accessToken())).error).toBe("login_required");
  });
});

describe("loginWithClientCredentials", () => {
  it("authenticates with HTTP Basic, sends no client_id or secret in the body, gets no refresh token", async () => {
    const client = env.confidentialClient();
    const result = await client.loginWithClientCredentials({ scope: "orders:read", resource: "urn:demo:grpc" });
    expect(result).toEqual({ scope: ["orders:read"], expiresIn: 300 });
    const [call] = env.issuer.grants("client_credentials");
    const expected = `Basic ${Buffer.from("reporting-job:reporting-job-secret").toString("base64")}`;
    expect(call?.authorization).toBe(expected);
    expect([...(call?.params.keys() ?? [])].sort()).toEqual(["grant_type", "resource", "scope"]);
    expect(await client.accessToken()).toBe(env.issuer.lastAccessToken);
  });

  it("form-encodes the id and secret before Basic (RFC 6749 §2.3.1)", async () => {
    const client = env.confidentialClient({ clientId: "a:b c", clientSecret: "p@ss:wörd+" });
    await rejection(client.loginWithClientCredentials());
    const [call] = env.issuer.grants("client_credentials");
    const decoded = Buffer.from(call?.authorization?.replace(/^Basic /, "") ?? "", "base64").toString("ascii");
    expect(decoded).toBe("a%3Ab+c:p%40ss%3Aw%C3%B6rd%2B");
  });

  it("is a TypeError for a public client", async () => {
    await expect(env.publicClient().loginWithClientCredentials()).rejects.toThrow(TypeError);
    expect(env.issuer.calls).toEqual([]);
  });

  it("reports a wrong secret as invalid_client", async () => {
    const client = env.confidentialClient({ clientSecret: "not-the-secret" });
    expect(await rejection(client.loginWithClientCredentials())).toMatchObject({ error: "invalid_client", status: 401 });
  });
});

describe("misuse is a TypeError, before anything is sent", () => {
  const options: readonly (readonly [string, Record<string, unknown>])[] = [
    ["no issuer", { issuer: undefined }],
    ["a relative issuer", { issuer: "/issuer" }],
    ["an issuer with a query", { issuer: "https://login.example.com/?tenant=1" }],
    ["an http issuer that is not loopback", { issuer: "http://login.example.com" }],
    ["an empty clientId", { clientId: "" }],
    ["an empty clientSecret", { clientSecret: "" }],
    ["a negative refreshAheadSeconds", { refreshAheadSeconds: -1 }],
    ["maxRetries 1.5", { maxRetries: 1.5 }],
    ["maxRetries 11", { maxRetries: 11 }],
    ["maxRetryAfterSeconds 3601", { maxRetryAfterSeconds: 3601 }],
    ["issuerTimeoutSeconds 0", { issuerTimeoutSeconds: 0 }],
    ["a fetch that is not a function", { fetch: "fetch" }],
    ["allowInsecureHttp as a string", { allowInsecureHttp: "yes" }],
  ];

  it.each(options)("createClient with %s", (_name, override) => {
    const base = { issuer: "http://127.0.0.1:4000", clientId: PUBLIC_CLIENT };
    expect(() => createClient({ ...base, ...override })).toThrow(TypeError);
  });

  it("accepts plain http to another host only with allowInsecureHttp", () => {
    expect(() => createClient({ issuer: "http://issuer:4000", clientId: PUBLIC_CLIENT, allowInsecureHttp: true })).not.toThrow();
    expect(() => createClient({ issuer: "http://localhost:4000", clientId: PUBLIC_CLIENT })).not.toThrow();
    expect(() => createClient({ issuer: "https://login.example.com", ...CONFIDENTIAL })).not.toThrow();
  });

  const logins: readonly (readonly [string, Record<string, unknown>])[] = [
    ["no username", { password: "x" }],
    ["an empty password", { username: "alice", password: "" }],
    ["a scope with a quote", { ...ALICE, scope: 'a"b' }],
    ["an empty scope list", { ...ALICE, scope: [] }],
    ["65 scopes", { ...ALICE, scope: Array.from({ length: 65 }, (_, i) => `s${i}`) }],
    ["a relative resource", { ...ALICE, resource: "orders" }],
    ["a resource with a fragment", { ...ALICE, resource: "https://api.example.com/#x" }],
  ];

  it.each(logins)("loginWithPassword with %s", async (_name, login) => {
    await expect(env.publicClient().loginWithPassword(login as never)).rejects.toThrow(TypeError);
    expect(env.issuer.calls).toEqual([]);
  });
});
