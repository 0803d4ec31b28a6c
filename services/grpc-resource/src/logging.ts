import {
  ResponderBuilder,
  ServerInterceptingCall,
  ServerListenerBuilder,
  status,
  type ServerInterceptor,
} from "@grpc/grpc-js";
import type { RefusedCall } from "@org/token-grpc";
import type { Logger } from "@org/service-kit";

/**
 * A server interceptor that writes one line per call: method, status code and its name,
 * duration in ms. Install it first (outermost) so it also sees calls the auth interceptor refuses.
 *
 * @example
 * ```ts
 * new grpc.Server({ interceptors: [callLogger(logger), auth] });
 * ```
 */
export function callLogger(logger: Logger): ServerInterceptor {
  return (descriptor, call) => {
    const method = descriptor.path;
    const started = performance.now();
    let logged = false;
    const log = (code: status): void => {
      if (logged) return;
      logged = true;
      const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
      const level = code === status.INTERNAL || code === status.UNKNOWN ? "error" : "info";
      logger[level]({ method, code, status: status[code], duration_ms: durationMs }, "call");
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

/**
 * Logs why the auth interceptor refused a call: the TokenError code (e.g. `token_expired`),
 * never the token. Unexpected verifier failures are logged with their error.
 *
 * @example
 * ```ts
 * createAuthInterceptor({ verifier, rules, onRefused: logRefusal(logger) });
 * ```
 */
export function logRefusal(logger: Logger): (refusal: RefusedCall) => void {
  return ({ method, code, reason, error }) => {
    if (reason === "internal") logger.error({ method, code, reason, err: error }, "verification failed");
    else logger.info({ method, code, reason }, "refused");
  };
}
