import { OrderStore, type ResourceAppOptions } from "@org/resource-core";
import { DpopPolicy, authErrorHandler, authenticate } from "@org/token-express";
import { corsPackageOptions } from "@org/service-kit";
import cors from "cors";
import express, { type Express } from "express";
import helmet from "helmet";
import { logErrors, requestLogging } from "./logging.js";
import { requestErrors, notFound } from "./routes/errors.js";
import { healthRoutes } from "./routes/health.js";
import { meRoutes } from "./routes/me.js";
import { orderRoutes } from "./routes/orders.js";
import { IDENTITY } from "./identity.js";

/**
 * The resource API as an Express app, without listening (tests start it on port 0).
 *
 * @example
 * const app = createApp({ verifier, logger });
 * app.listen(4001, "127.0.0.1");
 */
export function createApp(options: ResourceAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(requestLogging(options.logger, options.metrics));
  // nosniff, no framing, no referrer and the rest of helmet's defaults; an API serves no HTML.
  app.use(helmet());
  if (options.corsOrigins !== undefined) app.use(cors(corsPackageOptions(options.corsOrigins)));
  // Per route, not app-wide: unknown routes stay a plain 404 and /healthz needs no token.
  // One middleware, so one DPoP policy and replay cache for the whole instance.
  const auth = authenticate(options.verifier, {
    ...(options.cookieName === undefined ? {} : { cookie: { name: options.cookieName } }),
    dpop: options.dpop ?? new DpopPolicy(),
  });
  // Express would answer OPTIONS itself with each route's methods; without CORS no route takes
  // OPTIONS, so it gets the JSON 404 of any unknown method, as on Koa (with CORS, cors answers it).
  app.options(/.*/, notFound());
  app.use(healthRoutes(options.readiness, options.metrics?.registry));
  app.use(meRoutes(auth));
  app.use(orderRoutes(auth, options.orders ?? new OrderStore()));
  app.use(notFound());
  app.use(logErrors(options.metrics));
  app.use(authErrorHandler({ realm: IDENTITY.service }));
  app.use(requestErrors());
  return app;
}
