// The Koa apps the shared adapter suites run against (see AdapterDriver in @org/testkit).
import { DpopPolicy, type DpopPolicyOptions, type Verifier } from "@org/token";
import { listening, type AdapterDriver, type DiscoveredStart } from "@org/testkit";
import Koa, { type Middleware } from "koa";
import {
  auth,
  authErrorHandler,
  authenticate,
  requireAnyScope,
  requireClaims,
  requireScope,
  TOKEN_EXPIRES_IN,
  type CookieTransport,
} from "../src/index.js";

const REALM = "koa";
const AUDIENCE = "urn:demo:koa";

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

// Anything authErrorHandler rethrows ends here: proves non-TokenErrors pass through it.
const serverErrors: Middleware = async (ctx, next) => {
  try {
    await next();
  } catch {
    ctx.status = 500;
    ctx.body = { error: "server_error" };
  }
};

function app(verifier: Verifier, cookie?: CookieTransport): Koa {
  const a = new Koa();
  a.use(serverErrors);
  a.use(authErrorHandler({ realm: REALM }));
  const guarded = authenticate(verifier, cookie === undefined ? {} : { cookie });
  const optional = authenticate(verifier, { authRequired: false });
  const ok: Middleware = (ctx) => {
    ctx.body = { ok: true };
  };
  const routes: Middleware[] = [
    route("GET", "/me", guarded, (ctx) => {
      ctx.body = { sub: ctx.state.auth?.claims.sub, scopes: ctx.state.auth?.scopes };
    }),
    route("GET", "/orders", guarded, requireScope("orders:read"), (ctx) => {
      ctx.body = { orders: [] };
    }),
    route("POST", "/orders", guarded, (ctx) => {
      ctx.status = 201;
      ctx.body = { created: true };
    }),
    route("GET", "/both", guarded, requireScope("orders:read", "orders:write"), ok),
    route("GET", "/boom", guarded, () => {
      throw new Error("handler failed");
    }),
    route("GET", "/unguarded", requireScope("orders:read"), ok),
    route("GET", "/maybe", optional, (ctx) => {
      ctx.body = { sub: ctx.state.auth?.claims.sub ?? null };
    }),
    route("GET", "/maybe-scoped", optional, requireScope("orders:read"), ok),
    route("GET", "/any", guarded, requireAnyScope("orders:read", "orders:write"), ok),
    route("GET", "/claims", guarded, requireClaims((claims) => claims.client_id === "demo-cli"), ok),
    route(
      "GET",
      "/claims-throws",
      guarded,
      requireClaims(() => {
        throw new Error("check failed");
      }),
      ok,
    ),
  ];
  for (const r of routes) a.use(r);
  return a;
}

// No error middleware at all: Koa's default handler (ctx.onerror) answers.
function bareApp(verifier: Verifier): Koa {
  const a = new Koa();
  const guarded = authenticate(verifier, { realm: REALM });
  a.use(
    route("GET", "/me", guarded, (ctx) => {
      ctx.body = { sub: ctx.state.auth?.claims.sub };
    }),
  );
  a.use(
    route("GET", "/orders", guarded, requireScope("orders:read"), (ctx) => {
      ctx.body = { orders: [] };
    }),
  );
  return a;
}

function discoveredApp(options: DiscoveredStart): Koa {
  const a = new Koa();
  a.use(serverErrors);
  a.use(authErrorHandler()); // no realm: each error carries the one auth() was given
  a.use(
    route("GET", "/me", auth({ ...options, audience: AUDIENCE, realm: REALM }), (ctx) => {
      ctx.body = { sub: ctx.state.auth?.claims.sub };
    }),
  );
  return a;
}

// Every DPoP middleware of the app shares one policy, so a proof is single-use across them.
// Koa mounts no routers by itself: /v1/me is a route of its own, with the same path to sign.
function dpopApp(verifier: Verifier, options: DpopPolicyOptions, trustProxy: boolean): Koa {
  const a = new Koa();
  a.proxy = trustProxy;
  a.use(serverErrors);
  a.use(authErrorHandler({ realm: REALM }));
  const dpop = new DpopPolicy(options);
  const guarded = authenticate(verifier, { dpop });
  const me: Middleware = (ctx) => {
    ctx.body = { sub: ctx.state.auth?.claims.sub, scopes: ctx.state.auth?.scopes };
  };
  const routes: Middleware[] = [
    route("GET", "/me", guarded, me),
    route("GET", "/v1/me", guarded, me),
    route("GET", "/orders", guarded, requireScope("orders:read"), (ctx) => {
      ctx.body = { orders: [] };
    }),
    route("POST", "/orders", guarded, (ctx) => {
      ctx.status = 201;
      ctx.body = { created: true };
    }),
    route("GET", "/maybe", authenticate(verifier, { dpop, authRequired: false }), (ctx) => {
      ctx.body = { sub: ctx.state.auth?.claims.sub ?? null };
    }),
  ];
  for (const r of routes) a.use(r);
  return a;
}

const on = (a: Koa): ReturnType<AdapterDriver["start"]> => listening(a.listen(0, "127.0.0.1"));

export const adapter: AdapterDriver = {
  realm: REALM,
  audience: AUDIENCE,
  otherAudience: "urn:demo:grpc",
  tokenExpiresIn: TOKEN_EXPIRES_IN,
  requireScope,
  requireAnyScope,
  requireClaims,
  // Koa's app.onerror skips errors with `expose: true`, which every AuthError has.
  defaultHandlerLogs: false,
  start: (verifier, cookie) => on(app(verifier, cookie)),
  startBare: (verifier) => on(bareApp(verifier)),
  startDiscovered: (options) => on(discoveredApp(options)),
  startDpop: (verifier, dpop, options) => on(dpopApp(verifier, dpop, options?.trustProxy ?? false)),
};
