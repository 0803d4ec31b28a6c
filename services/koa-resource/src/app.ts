import { OrderStore, type ResourceAppOptions } from "@org/resource-core";
import { DpopPolicy, authErrorHandler, authenticate } from "@org/token-koa";
import cors from "@koa/cors";
import { corsPolicy } from "@org/service-kit";
import Koa from "koa";
import helmet from "koa-helmet";
import { logErrors, requestLogging } from "./logging.js";
import { notFound, requestErrors } from "./routes/errors.js";
import { healthRoutes } from "./routes/health.js";
import { meRoutes } from "./routes/me.js";
import { orderRoutes } from "./routes/orders.js";
import { IDENTITY } from "./identity.js";

/**
 * The resource API as a Koa app, without listening (tests start it on port 0).
 *
 * @example
 * const app = createApp({ verifier, logger });
 * app.listen(4002, "127.0.0.1");
 */
export function createApp(options: ResourceAppOptions): Koa {
  const app = new Koa();
  app.use(requestLogging(options.logger, options.metrics));
  // nosniff, no framing, no referrer and the rest of helmet's defaults; an API serves no HTML.
  app.use(helmet());
  if (options.corsOrigins !== undefined) {
    const policy = corsPolicy(options.corsOrigins);
    app.use(
      cors({
        // @koa/cors reflects the origin it is given back; "" (no header) for one not on the list.
        origin: (ctx) => (policy.allows(ctx.get("origin")) ? ctx.get("origin") : ""),
        allowMethods: [...policy.methods],
        allowHeaders: [...policy.allowedHeaders],
        exposeHeaders: [...policy.exposedHeaders],
        maxAge: policy.maxAge,
      }),
    );
  }
  app.use(requestErrors());
  app.use(authErrorHandler({ realm: IDENTITY.service }));
  app.use(logErrors(options.metrics));
  // Per route, not app-wide: unknown routes stay a plain 404 and /healthz needs no token.
  // One middleware, so one DPoP policy and replay cache for the whole instance.
  const auth = authenticate(options.verifier, {
    ...(options.cookieName === undefined ? {} : { cookie: { name: options.cookieName } }),
    dpop: options.dpop ?? new DpopPolicy(),
  });
  for (const router of [healthRoutes(options.readiness, options.metrics?.registry), meRoutes(auth), orderRoutes(auth, options.orders ?? new OrderStore())]) {
    app.use(router.routes());
  }
  app.use(notFound());
  return app;
}
