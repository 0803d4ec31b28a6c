import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isClientError } from "../src/index.js";
import { setup, type Env } from "./support/env.js";
import { ALICE } from "./support/issuer.js";

let env: Env;
beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  await env.close();
});

async function errorCode(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isClientError(error) ? error.error : `not a ClientError: ${String(error)}`;
}

describe("logout", () => {
  it("posts <issuer>/logout with the access token and no body, then forgets the tokens", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    const token = env.issuer.lastAccessToken;
    await client.logout();
    const [call] = env.issuer.to("/logout");
    expect(call?.authorization).toBe(`Bearer ${token}`);
    expect(call?.params.toString()).toBe("");
    expect(await errorCode(client.accessToken())).toBe("login_required");
    expect(await errorCode(client.fetch(env.resource.url))).toBe("login_required");
    expect(env.resource.seen).toEqual([]);
    expect(env.events.at(-1)).toEqual({ type: "session_ended", reason: "logout" });
  });

  it("with clientOnly sends client_id=<own id>: revoke this app only", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    await client.logout({ clientOnly: true });
    expect(env.issuer.to("/logout")[0]?.params.toString()).toBe("client_id=demo-cli");
  });

  it("uses the current token inside the refresh-ahead window, without refreshing", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.time.advance(295);
    await client.logout();
    expect(env.issuer.grants("refresh_token")).toEqual([]);
  });

  it("renews an expired token first, so the issuer accepts the logout", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    env.time.advance(400);
    await client.logout();
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
    expect(env.issuer.to("/logout")[0]?.authorization).toBe(`Bearer ${env.issuer.lastAccessToken}`);
  });

  it("forgets the tokens even when the issuer refuses, and says why", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    // What the issuer answers while revocation is off.
    const refuse = (): void => {
      env.issuer.handle = async (_method, _url, _headers, _body, res) => {
        res.writeHead(503, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "temporarily_unavailable", error_description: "Revocation is off: set REDIS_URL to enable it" }));
        return Promise.resolve();
      };
    };
    refuse();
    const error: unknown = await client.logout().catch((e: unknown) => e);
    expect(error).toMatchObject({ error: "temporarily_unavailable", status: 503, description: "Revocation is off: set REDIS_URL to enable it" });
    expect(await errorCode(client.accessToken())).toBe("login_required");
  });

  it("does nothing without tokens", async () => {
    const client = env.publicClient();
    await client.logout();
    expect(env.issuer.calls).toEqual([]);
  });

  it("is a TypeError for a clientOnly that is not a boolean", async () => {
    await expect(env.publicClient().logout({ clientOnly: "yes" } as never)).rejects.toThrow(TypeError);
  });
});

describe("revoke", () => {
  it("revokes the refresh token (RFC 7009) with client_id for a public client, then forgets the tokens", async () => {
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    const [refreshToken] = [...env.issuer.liveRefresh.keys()];
    await client.revoke();
    const [call] = env.issuer.to("/revoke");
    expect(Object.fromEntries(call?.params ?? [])).toEqual({ token: refreshToken, token_type_hint: "refresh_token", client_id: "demo-cli" });
    expect(call?.authorization).toBeUndefined();
    expect(await errorCode(client.accessToken())).toBe("login_required");
    expect(env.events.at(-1)).toEqual({ type: "session_ended", reason: "revoke" });
  });

  it("revokes the access token of a client-credentials client, authenticated with Basic", async () => {
    const client = env.confidentialClient();
    await client.loginWithClientCredentials();
    const token = env.issuer.lastAccessToken;
    await client.revoke();
    const [call] = env.issuer.to("/revoke");
    expect(Object.fromEntries(call?.params ?? [])).toEqual({ token, token_type_hint: "access_token" });
    expect(call?.authorization).toMatch(/^Basic /);
  });

  it("says revocation_unsupported when the metadata names no revocation_endpoint", async () => {
    env.issuer.metadata = (doc) => ({ ...doc, revocation_endpoint: undefined });
    const client = env.publicClient();
    await client.loginWithPassword(ALICE);
    expect(await errorCode(client.revoke())).toBe("revocation_unsupported");
    expect(await errorCode(client.accessToken())).toBe("login_required");
  });
});
