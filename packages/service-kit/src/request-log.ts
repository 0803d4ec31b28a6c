// One request log and one set of HTTP metrics for every HTTP service, whatever its framework: a
// request id (the caller's X-Request-Id when short and plain, else a UUID) sent back, a child logger
// bound to it, and one line per finished request with the same vocabulary everywhere: method, path
// (never the query string), status, duration_ms, sub, and the error code of a refusal. Headers and
// bodies are never logged.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, Histogram, type Registry } from "prom-client";
import { requestId, type Logger } from "./logger.js";

/** What a framework tells the request log about one request, once it has finished. */
export interface RequestFacts {
  /** The path without the query string. */
  path(): string;
  /** The authenticated subject, if any. */
  sub(): string | undefined;
  /** The error code the answer carried (an OAuth or token error code), if any; never free text. */
  code?(): string | undefined;
}

/** The request log of one service. */
export interface RequestLog {
  /** Starts logging one request: sets X-Request-Id and returns the id and a logger bound to it. */
  begin(req: IncomingMessage, res: ServerResponse, facts: RequestFacts): { readonly id: string; readonly log: Logger };
}

/**
 * A service's request log. With `metrics`, it also counts requests and their durations
 * (`http_requests_total`, `http_request_duration_seconds`) by method, route and status, where the
 * route is one of `routes` or "other" (so a scan of random paths cannot grow the label set).
 *
 * @example
 * ```ts
 * const requests = requestLog(logger, { metrics, routes: ["/me", "/orders", "/healthz"] });
 * app.use((req, res, next) => { const { id, log } = requests.begin(req, res, { path: () => req.path, sub: () => req.auth?.claims.sub }); next(); });
 * ```
 */
export function requestLog(logger: Logger, options: { readonly metrics?: Registry; readonly routes?: readonly string[] } = {}): RequestLog {
  const routes = new Set(options.routes ?? []);
  const registers = options.metrics === undefined ? undefined : [options.metrics];
  const counted =
    registers === undefined
      ? undefined
      : {
          total: new Counter({ name: "http_requests_total", help: "HTTP requests answered", labelNames: ["method", "route", "status"], registers }),
          duration: new Histogram({
            name: "http_request_duration_seconds",
            help: "Time to answer an HTTP request",
            labelNames: ["method", "route"],
            buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
            registers,
          }),
        };
  return {
    begin(req, res, facts) {
      const header = req.headers["x-request-id"];
      const id = requestId(typeof header === "string" ? header : undefined);
      const log = logger.child({ reqId: id });
      res.setHeader("X-Request-Id", id);
      const started = performance.now();
      res.once("close", () => {
        const seconds = (performance.now() - started) / 1000;
        const path = facts.path();
        const method = req.method ?? "";
        log.info(
          {
            method,
            path,
            status: res.statusCode,
            duration_ms: Math.round(seconds * 1e6) / 1e3,
            sub: facts.sub(),
            code: facts.code?.(),
            aborted: !res.writableFinished || undefined,
          },
          "request",
        );
        if (counted !== undefined) {
          const route = routes.has(path) ? path : "other";
          counted.total.inc({ method, route, status: res.statusCode });
          counted.duration.observe({ method, route }, seconds);
        }
      });
      return { id, log };
    },
  };
}
