import {
  ResponderBuilder,
  ServerInterceptingCall,
  ServerListenerBuilder,
  status,
  type ServerInterceptor,
} from "@grpc/grpc-js";
import type { ServiceMetrics } from "@org/resource-core";
import type { Logger, Registry } from "@org/service-kit";
import { TOKEN_ERRORS, type TokenErrorCode } from "@org/token";
import type { RefusedCall } from "@org/token-grpc";
import { Counter, Histogram } from "prom-client";

/** What a call's metrics need: the registry, and the methods that may appear as a label. */
function callMetrics(registry: Registry, methods: ReadonlySet<string>) {
  const registers = [registry];
  const total = new Counter({ name: "grpc_calls_total", help: "gRPC calls answered", labelNames: ["method", "grpc_status"], registers });
  const duration = new Histogram({
    name: "grpc_call_duration_seconds",
    help: "Time to answer a gRPC call",
    labelNames: ["method"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers,
  });
  return (method: string, code: status, seconds: number): void => {
    // Only methods the server offers become a label: a scan of random paths cannot grow the set.
    const label = methods.has(method) ? method : "other";
    total.inc({ method: label, grpc_status: status[code] });
    duration.observe({ method: label }, seconds);
  };
}

/**
 * A server interceptor that writes one line per call, in the vocabulary of the HTTP services'
 * request log: method (the full path), grpc_code and grpc_status (its name), duration_ms; and,
 * with metrics, counts calls and their durations by method and status. Install it first
 * (outermost) so it also sees calls the auth interceptor refuses.
 *
 * @example
 * ```ts
 * new grpc.Server({ interceptors: [callLogger(logger, metrics, methods), auth] });
 * ```
 */
export function callLogger(logger: Logger, metrics?: ServiceMetrics, methods: readonly string[] = []): ServerInterceptor {
  const count = metrics === undefined ? undefined : callMetrics(metrics.registry, new Set(methods));
  return (descriptor, call) => {
    const method = descriptor.path;
    const started = performance.now();
    let logged = false;
    const log = (code: status): void => {
      if (logged) return;
      logged = true;
      const seconds = (performance.now() - started) / 1000;
      const level = code === status.INTERNAL || code === status.UNKNOWN ? "error" : "info";
      logger[level]({ method, grpc_code: code, grpc_status: status[code], duration_ms: Math.round(seconds * 1e6) / 1e3 }, "call");
      count?.(method, code, seconds);
    };
    const listener = new ServerListenerBuilder()
      .withOnCancel(() => {
        log(status.CANCELLED);
      })
      .build();
    const responder = new ResponderBuilder()
      .withStart((next) => {
        next(listener);
      })
      .withSendStatus((sent, next) => {
        log(sent.code);
        next(sent);
      })
      .build();
    return new ServerInterceptingCall(call, responder);
  };
}

function isTokenErrorCode(reason: string): reason is TokenErrorCode {
  return Object.hasOwn(TOKEN_ERRORS, reason);
}

/**
 * Logs why the auth interceptor refused a call, as the HTTP services do ("token rejected" with the
 * TokenError code, never the token), and counts it by code; unexpected verifier failures are
 * logged with their error.
 *
 * @example
 * ```ts
 * createAuthInterceptor({ verifier, rules, onRefused: logRefusal(logger, metrics) });
 * ```
 */
export function logRefusal(logger: Logger, metrics?: ServiceMetrics): (refusal: RefusedCall) => void {
  return ({ method, code, reason, error }) => {
    if (reason === "internal") {
      logger.error({ method, grpc_code: code, code: reason, err: error }, "verification failed");
      return;
    }
    logger.info({ method, grpc_code: code, code: reason }, "token rejected");
    if (isTokenErrorCode(reason)) metrics?.refused(reason);
  };
}
