import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Client } from "../src/index.js";
import { setup, type Env } from "./support/env.js";
import { ALICE } from "./support/issuer.js";
import { INVALID_TOKEN, OK, type Reply } from "./support/resource.js";

let env: Env;
let client: Client;
beforeEach(async () => {
  env = await setup();
  client = env.publicClient();
  await client.loginWithPassword(ALICE);
});
afterEach(async () => {
  await env.close();
});

const BARE_401: Reply = { status: 401, headers: { "www-authenticate": 'Bearer realm="test"' } };
const FORBIDDEN: Reply = {
  status: 403,
  headers: { "www-authenticate": 'Bearer realm="test", error="insufficient_scope", scope="orders:write"' },
};
const BAD_REQUEST: Reply = { status: 400, headers: { "www-authenticate": 'Bearer realm="test", error="invalid_request"' } };
const retryAfter = (status: number, value: string): Reply => ({ status, headers: { "retry-after": value }, body: { error: "slow down" } });

function streamBody(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
}

describe("client.fetch", () => {
  it("adds Authorization: Bearer and returns the answer untouched", async () => {
    env.resource.script({ status: 201, body: { id: 7 }, headers: { "x-kept": "yes" } });
    const response = await client.fetch(`${env.resource.url}/orders?x=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ item: "book", quantity: 1 }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-kept")).toBe("yes");
    expect(await response.json()).toEqual({ id: 7 });
    const [seen] = env.resource.seen;
    expect(seen).toMatchObject({ method: "POST", path: "/orders?x=1", authorization: `Bearer ${env.issuer.lastAccessToken}` });
    expect(seen?.body).toBe('{"item":"book","quantity":1}');
  });

  it("takes a Request as input, with its headers", async () => {
    await client.fetch(new Request(`${env.resource.url}/me`, { headers: { "x-trace": "1" } }));
    expect(env.resource.seen[0]?.headers["x-trace"]).toBe("1");
    expect(env.resource.seen[0]?.authorization).toBe(`Bearer ${env.issuer.lastAccessToken}`);
  });

  it("never overwrites an Authorization header the caller set, and then never renews or retries", async () => {
    env.resource.script(INVALID_TOKEN);
    const response = await client.fetch(env.resource.url, { headers: { Authorization: "Basic dXNlcjpwYXNz" } });
    expect(response.status).toBe(401);
    expect(env.resource.tokens).toEqual(["Basic dXNlcjpwYXNz"]);
    expect(env.issuer.grants("refresh_token")).toHaveLength(0);
  });

  it("refuses to send the token over plain http to a host that is not loopback", async () => {
    await expect(client.fetch("http://api.example.com/me")).rejects.toThrow(TypeError);
  });
});

describe("401 invalid_token", () => {
  it("renews the token and retries once", async () => {
    env.resource.script(INVALID_TOKEN);
    const first = env.issuer.lastAccessToken;
    const response = await client.fetch(env.resource.url, { method: "PUT", body: "same body" });
    expect(response.status).toBe(200);
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
    expect(env.resource.tokens).toEqual([first, env.issuer.lastAccessToken]);
    expect(env.resource.seen.map((s) => s.body)).toEqual(["same body", "same body"]);
    expect(env.events.filter((e) => e.type === "retry")).toEqual([{ type: "retry", status: 401, attempt: 1, waitMs: 0 }]);
    expect(env.events.find((e) => e.type === "token" && e.grant === "refresh_token")).toMatchObject({ reason: "refused" });
  });

  it("retries only once: a second 401 is returned", async () => {
    env.resource.reply = () => INVALID_TOKEN;
    const response = await client.fetch(env.resource.url);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(INVALID_TOKEN.body);
    expect(env.resource.seen).toHaveLength(2);
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
  });

  it("shares one renewal when parallel requests are refused", async () => {
    const refusedOnce = new Set<string>();
    env.resource.reply = (seen) => {
      const token = seen.authorization ?? "";
      if (token.endsWith(env.issuer.accessTokens[0] ?? "?") && !refusedOnce.has(seen.path)) {
        refusedOnce.add(seen.path);
        return INVALID_TOKEN;
      }
      return OK;
    };
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => client.fetch(`${env.resource.url}/${i}`)));
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 200));
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
  });

  it("throws the issuer's refusal when the renewal itself is refused", async () => {
    env.resource.script(INVALID_TOKEN);
    env.issuer.liveRefresh.clear();
    await expect(client.fetch(env.resource.url)).rejects.toMatchObject({ error: "invalid_grant", status: 400 });
    expect(env.resource.seen).toHaveLength(1);
  });

  it("is matched on the Bearer challenge, not on a substring", async () => {
    env.resource.script({ status: 401, headers: { "www-authenticate": 'Bearer realm="test", error_description="not error=\\"invalid_token\\""' } });
    expect((await client.fetch(env.resource.url)).status).toBe(401);
    expect(env.resource.seen).toHaveLength(1);
  });
});

describe("answers that are never retried", () => {
  it.each([
    ["a bare 401 without error=invalid_token", BARE_401],
    ["a 403 insufficient_scope", FORBIDDEN],
    ["a 400 invalid_request", BAD_REQUEST],
    ["a 500", { status: 500 }],
  ] as const)("%s", async (_name, reply) => {
    env.resource.script(reply);
    const response = await client.fetch(env.resource.url, { method: "POST", body: "x" });
    expect(response.status).toBe(reply.status);
    expect(env.resource.seen).toHaveLength(1);
    expect(env.issuer.grants("refresh_token")).toHaveLength(0);
    expect(env.time.sleeps).toEqual([]);
  });
});

describe("429 and 503 with Retry-After", () => {
  it("waits the delay-seconds of a 429, then retries", async () => {
    env.resource.script(retryAfter(429, "3"));
    const response = await client.fetch(env.resource.url);
    expect(response.status).toBe(200);
    expect(env.time.sleeps).toEqual([3000]);
    expect(env.resource.seen).toHaveLength(2);
    expect(env.events.filter((e) => e.type === "retry")).toEqual([{ type: "retry", status: 429, attempt: 1, waitMs: 3000 }]);
  });

  it("waits until the HTTP-date of a 503", async () => {
    env.resource.reply = (_seen, index) => (index === 0 ? retryAfter(503, new Date(env.time.now + 5000).toUTCString()) : OK);
    const response = await client.fetch(env.resource.url);
    expect(response.status).toBe(200);
    expect(env.time.sleeps).toEqual([5000]);
  });

  it("waits one second when Retry-After is missing or malformed", async () => {
    env.resource.script({ status: 503 }, retryAfter(429, "soon"));
    expect((await client.fetch(env.resource.url)).status).toBe(200);
    expect(env.time.sleeps).toEqual([1000, 1000]);
  });

  it("does not wait longer than maxRetryAfterSeconds: the answer is returned at once", async () => {
    env.resource.script(retryAfter(429, "11"));
    const response = await client.fetch(env.resource.url);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("11");
    expect(env.time.sleeps).toEqual([]);
    expect(env.resource.seen).toHaveLength(1);
  });

  it("honours a custom maxRetryAfterSeconds", async () => {
    const patient = env.publicClient({ maxRetryAfterSeconds: 60 });
    await patient.loginWithPassword(ALICE);
    env.resource.script(retryAfter(503, "60"));
    expect((await patient.fetch(env.resource.url)).status).toBe(200);
    expect(env.time.sleeps).toEqual([60_000]);
  });

  it("retries at most maxRetries times (default 2), then returns the last answer", async () => {
    env.resource.reply = (_seen, index) => retryAfter(503, String(index + 1));
    const response = await client.fetch(env.resource.url);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(env.resource.seen).toHaveLength(3);
    expect(env.time.sleeps).toEqual([1000, 2000]);
  });

  it("retries never with maxRetries 0", async () => {
    const once = env.publicClient({ maxRetries: 0 });
    await once.loginWithPassword(ALICE);
    env.resource.script(retryAfter(429, "1"));
    expect((await once.fetch(env.resource.url)).status).toBe(429);
    expect(env.resource.seen).toHaveLength(1);
  });

  it("counts the 401 retry apart from the backoff retries", async () => {
    env.resource.script(retryAfter(429, "1"), INVALID_TOKEN, retryAfter(503, "1"));
    expect((await client.fetch(env.resource.url)).status).toBe(200);
    expect(env.resource.seen).toHaveLength(4);
    expect(env.time.sleeps).toEqual([1000, 1000]);
  });

  it("stops waiting when the caller aborts", async () => {
    const controller = new AbortController();
    const aborting = env.publicClient({
      sleep: (_ms, signal) => {
        controller.abort(new Error("caller gave up"));
        return Promise.reject(signal?.reason as Error);
      },
    });
    await aborting.loginWithPassword(ALICE);
    env.resource.script(retryAfter(429, "1"));
    await expect(aborting.fetch(env.resource.url, { signal: controller.signal })).rejects.toThrow("caller gave up");
    expect(env.resource.seen).toHaveLength(1);
  });
});

describe("a body that cannot be replayed", () => {
  it("is sent once after a 503", async () => {
    env.resource.script(retryAfter(503, "1"));
    const response = await client.fetch(env.resource.url, { method: "POST", body: streamBody("once"), duplex: "half" });
    expect(response.status).toBe(503);
    expect(env.resource.seen.map((s) => s.body)).toEqual(["once"]);
    expect(env.time.sleeps).toEqual([]);
  });

  it("is sent once after a 401 invalid_token, and the next request renews the token", async () => {
    env.resource.script(INVALID_TOKEN);
    const first = env.issuer.lastAccessToken;
    const response = await client.fetch(env.resource.url, { method: "POST", body: streamBody("once"), duplex: "half" });
    expect(response.status).toBe(401);
    expect(env.resource.seen).toHaveLength(1);
    await client.fetch(env.resource.url);
    expect(env.resource.tokens).toEqual([first, env.issuer.lastAccessToken]);
    expect(env.issuer.grants("refresh_token")).toHaveLength(1);
  });

  it("is a Request's own body", async () => {
    env.resource.script(retryAfter(429, "1"));
    const request = new Request(env.resource.url, { method: "POST", body: "inside the request" });
    expect((await client.fetch(request)).status).toBe(429);
    expect(env.resource.seen).toHaveLength(1);
  });

  const formData = (): FormData => {
    const form = new FormData();
    form.set("a", "1");
    return form;
  };
  const replayable: readonly (readonly [string, () => NonNullable<RequestInit["body"]>])[] = [
    ["a string", () => "text"],
    ["URLSearchParams", () => new URLSearchParams({ a: "1" })],
    ["bytes", () => new TextEncoder().encode("bytes")],
    ["a Blob", () => new Blob(["blob"])],
    ["FormData", formData],
  ];

  it.each(replayable)("is not %s, which is replayed", async (_name, body) => {
    env.resource.script(retryAfter(503, "0"));
    expect((await client.fetch(env.resource.url, { method: "POST", body: body() })).status).toBe(200);
    expect(env.resource.seen).toHaveLength(2);
    // FormData gets a new multipart boundary each time it is sent; the parts are the same.
    const parts = env.resource.seen.map((s) => s.body.replace(/formdata-undici-\d+/g, "boundary"));
    expect(parts[1]).toBe(parts[0]);
    expect(parts[0]).not.toBe("");
  });
});
