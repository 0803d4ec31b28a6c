import { TokenError, errorBody } from "@org/token";
import Koa from "koa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authErrors, authenticate, selectCredential, TOKEN_EXPIRES_IN } from "../src/index.js";
import { fixture, TTL, type Fixture } from "./fixtures.js";
import { listen, type Running } from "./server.js";

const COOKIE = "access_token";
const invalidRequest = errorBody(new TokenError("invalid_request"));

function app(f: Fixture, cookie?: { name: string; csrfHeader?: string }): Koa {
  const a = new Koa();
  a.use(authErrors({ realm: "koa" }));
  a.use(authenticate(f.verifier, cookie === undefined ? {} : { cookie }));
  a.use((ctx) => {
    if (ctx.method === "POST") {
      ctx.status = 201;
      ctx.body = { created: true };
    } else {
      ctx.body = { sub: ctx.state.auth?.claims.sub };
    }
  });
  return a;
}

let f: Fixture;
let token: string;
let on: Running;
let custom: Running;
let off: Running;

beforeAll(async () => {
  f = await fixture();
  token = await f.token();
  on = await listen(app(f, { name: COOKIE }));
  custom = await listen(app(f, { name: COOKIE, csrfHeader: "X-CSRF" }));
  off = await listen(app(f));
});
afterAll(async () => {
  await Promise.all([on.close(), custom.close(), off.close()]);
});

const call = (base: string, method: string, path: string, headers: Record<string, string>): Promise<Response> =>
  fetch(`${base}${path}`, { method, headers });

describe("cookie transport", () => {
  it("accepts the token from the cookie alone on GET", async () => {
    const res = await call(on.url, "GET", "/me", { cookie: `theme=dark; ${COOKIE}=${token}` });
    expect(res.status).toBe(200);
    expect(res.headers.get(TOKEN_EXPIRES_IN)).toBe(String(TTL));
    expect(await res.json()).toEqual({ sub: "alice" });
  });

  it("rejects a cookie-authenticated POST without the CSRF header with 400 invalid_request", async () => {
    const res = await call(on.url, "POST", "/orders", { cookie: `${COOKIE}=${token}` });
    expect(res.status).toBe(400);
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_request"');
    expect(await res.json()).toEqual(invalidRequest);
  });

  it("accepts a cookie-authenticated POST carrying X-Requested-With", async () => {
    const res = await call(on.url, "POST", "/orders", { cookie: `${COOKIE}=${token}`, "x-requested-with": "fetch" });
    expect(res.status).toBe(201);
  });

  it("honours a configured CSRF header name", async () => {
    const withDefault = await call(custom.url, "POST", "/orders", {
      cookie: `${COOKIE}=${token}`,
      "x-requested-with": "fetch",
    });
    expect(withDefault.status).toBe(400);
    const withCustom = await call(custom.url, "POST", "/orders", { cookie: `${COOKIE}=${token}`, "x-csrf": "1" });
    expect(withCustom.status).toBe(201);
  });

  it("rejects a request carrying both the cookie and an Authorization header", async () => {
    const res = await call(on.url, "GET", "/me", { cookie: `${COOKIE}=${token}`, authorization: `Bearer ${token}` });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(invalidRequest);
  });

  it("rejects the cookie twice (cookie tossing)", async () => {
    const res = await call(on.url, "GET", "/me", { cookie: `${COOKIE}=${token}; ${COOKIE}=${token}` });
    expect(res.status).toBe(400);
  });

  it("answers a bad cookie token with 401 invalid_token", async () => {
    const res = await call(on.url, "GET", "/me", { cookie: `${COOKIE}=${token}x` });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("still accepts the Authorization header when cookies are enabled", async () => {
    const res = await call(on.url, "POST", "/orders", { authorization: `Bearer ${token}` });
    expect(res.status).toBe(201);
  });

  it("ignores the cookie when the transport is off", async () => {
    const res = await call(off.url, "GET", "/me", { cookie: `${COOKIE}=${token}` });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="koa"');
  });
});

describe("selectCredential", () => {
  const none = (): undefined => undefined;
  const transport = { name: "at" };
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
});
