// The Koa app the shared adapter suites run against (see AdapterDriver in @org/testkit).
import type { Verifier } from "@org/token";
import { listening, type AdapterDriver } from "@org/testkit";
import Koa, { type Middleware } from "koa";
import { authErrorHandler, authenticate, requireScope, TOKEN_EXPIRES_IN, type CookieTransport } from "../src/index.js";

const REALM = "koa";

// A tiny router: the adapter must not depend on @koa/router.
function route(method: string, path: string, ...chain: Middleware[]): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== method || ctx.path !== path) {
      await next();
      return;
    }
    let i = 0;
    const step = async (): Promise<void> => {
      const mw = chain[i++];
      if (mw !== undefined) await mw(ctx, step);
    };
    await step();
  };
}

function app(verifier: Verifier, cookie?: CookieTransport): Koa {
  const a = new Koa();
  // Anything authErrorHandler rethrows ends here: proves non-TokenErrors pass through it.
  a.use(async (ctx, next) => {
    try {
      await next();
    } catch {
      ctx.status = 500;
      ctx.body = { error: "server_error" };
    }
  });
  a.use(authErrorHandler({ realm: REALM }));
  const auth = authenticate(verifier, cookie === undefined ? {} : { cookie });
  a.use(
    route("GET", "/me", auth, (ctx) => {
      ctx.body = { sub: ctx.state.auth?.claims.sub, scopes: ctx.state.auth?.scopes };
    }),
  );
  a.use(
    route("GET", "/orders", auth, requireScope("orders:read"), (ctx) => {
      ctx.body = { orders: [] };
    }),
  );
  a.use(
    route("POST", "/orders", auth, (ctx) => {
      ctx.status = 201;
      ctx.body = { created: true };
    }),
  );
  a.use(
    route("GET", "/both", auth, requireScope("orders:read", "orders:write"), (ctx) => {
      ctx.body = { ok: true };
    }),
  );
  a.use(
    route("GET", "/boom", auth, () => {
      throw new Error("handler failed");
    }),
  );
  a.use(
    route("GET", "/unguarded", requireScope("orders:read"), (ctx) => {
      ctx.body = { ok: true };
    }),
  );
  return a;
}

export const adapter: AdapterDriver = {
  realm: REALM,
  audience: "urn:demo:koa",
  otherAudience: "urn:demo:grpc",
  tokenExpiresIn: TOKEN_EXPIRES_IN,
  requireScope,
  start: (verifier, cookie) => listening(app(verifier, cookie).listen(0, "127.0.0.1")),
};
