// No error message, description, cause or event ever contains a token, a password or the client
// secret, even when the issuer echoes them back in its error_description.
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient, isClientError, type Client } from "../src/index.js";
import { setup, type Env } from "./support/env.js";
import { ALICE, CONFIDENTIAL } from "./support/issuer.js";
import { INVALID_TOKEN } from "./support/resource.js";

let env: Env;
beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  await env.close();
});

/** Everything a log line could show of an error: message, stack, fields, causes. */
function everything(error: unknown): string {
  return [String(error), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)].join("\n");
}

function secretsOf(): string[] {
  return [ALICE.password, CONFIDENTIAL.clientSecret, ...env.issuer.accessTokens, ...env.issuer.liveRefresh.keys(), ...refreshTokensSent()];
}

function refreshTokensSent(): string[] {
  return env.issuer.grants("refresh_token").flatMap((c) => c.params.getAll("refresh_token"));
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  const error: unknown = await promise.then(
    () => new Error("expected a failure"),
    (e: unknown) => e,
  );
  expect(isClientError(error)).toBe(true);
  return error;
}

function expectClean(error: unknown): void {
  const text = everything(error);
  for (const secret of secretsOf()) {
    expect(text.includes(secret), `leaks ${secret.slice(0, 12)}…`).toBe(false);
  }
}

/** The issuer answers every /token with an error whose description quotes the whole request. */
function echoingIssuer(status: number, error: string): void {
  const original = env.issuer.handle.bind(env.issuer);
  env.issuer.handle = async (method, url, headers, body, res) => {
    if (!url.startsWith("/token")) return original(method, url, headers, body, res);
    env.issuer.calls.push({ path: "/token", params: new URLSearchParams(body), authorization: headers.authorization as string, contentType: undefined, dpop: undefined });
    res.writeHead(status, { "content-type": "application/json" });
    const echo = `you sent ${body} with ${String(headers.authorization)}`;
    res.end(JSON.stringify({ error, error_description: echo }));
    return Promise.resolve();
  };
}

describe("errors never contain a secret", () => {
  it("a refused password login whose description echoes the password", async () => {
    echoingIssuer(400, "invalid_grant");
    const error = await failure(env.publicClient().loginWithPassword(ALICE));
    expect(everything(error)).toContain("[redacted]");
    expectClean(error);
  });

  it("a refused client-credentials login that echoes the Basic credentials", async () => {
    echoingIssuer(401, "invalid_client");
    const error = await failure(env.confidentialClient().loginWithClientCredentials());
    expect(String(error)).toContain("invalid_client");
    expectClean(error);
    expect(everything(error)).not.toContain(Buffer.from(`${CONFIDENTIAL.clientId}:${CONFIDENTIAL.clientSecret}`).toString("base64"));
  });

  it("a refused refresh that echoes the refresh token", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    echoingIssuer(400, "invalid_grant");
    env.time.advance(290);
    const error = await failure(client.accessToken());
    expect(refreshTokensSent()).toHaveLength(1);
    expectClean(error);
  });

  it("a refused logout", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.issuer.handle = (_method, _url, headers, _body, res) => {
      res.writeHead(401, { "www-authenticate": `Bearer error="invalid_token", error_description="bad ${String(headers.authorization)}"` });
      res.end();
      return Promise.resolve();
    };
    const error = await failure(client.logout());
    expect(error).toMatchObject({ error: "invalid_token", status: 401 });
    expectClean(error);
  });

  it("an unreachable issuer", async () => {
    const client = createClient({ issuer: "http://127.0.0.1:1", clientId: "demo-cli" });
    expectClean(await failure(client.loginWithPassword(ALICE)));
  });

  it("a resource that refuses the token while the renewal fails", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.resource.script(INVALID_TOKEN);
    echoingIssuer(400, "invalid_grant");
    expectClean(await failure(client.fetch(env.resource.url)));
  });

  it("a caller with no session", async () => {
    const client: Client = env.publicClient();
    expectClean(await failure(client.accessToken()));
  });
});

describe("events never contain a secret", () => {
  it("over logins, refreshes, retries, failures and logout", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.resource.script(INVALID_TOKEN, { status: 429, headers: { "retry-after": "1" } });
    await client.fetch(env.resource.url);
    env.issuer.scripted.push({ status: 503, body: { error: "temporarily_unavailable", error_description: "busy" } });
    env.time.advance(290);
    await client.accessToken();
    await client.logout();
    expect(new Set(env.events.map((e) => e.type))).toEqual(new Set(["token", "retry", "renew_failed", "session_ended"]));
    const text = inspect(env.events, { depth: 10 }) + JSON.stringify(env.events);
    for (const secret of secretsOf()) expect(text.includes(secret)).toBe(false);
  });
});
