// What went over the wire, below the client's own retries: every request to a resource service
// (HTTP through the client's `fetch` option, gRPC through an interceptor placed after the client's
// retry interceptor) with its status and the kid of the token it carried, and every answer of the
// issuer's token endpoint. A scenario asserts on these, so a 401 that the client retried away is
// still seen. Tokens are kept in memory for the assertions and never printed.
import { InterceptingCall, credentials as grpcCredentials, status, type CallCredentials, type Interceptor } from "@grpc/grpc-js";
import type { FetchLike } from "@org/client";
import type { Target } from "./env.js";
import { bearerToken, kidOf } from "./jwt.js";
import type { Service } from "./verdict.js";

/** One request to a resource service as it was sent and answered. */
export interface Attempt {
  readonly service: Service;
  /** 2xx on HTTP, OK on gRPC. */
  readonly ok: boolean;
  /** The HTTP status, or the gRPC status name. */
  readonly status: string;
  /** The kid of the token it carried; undefined when it carried none (no token could be had). */
  readonly kid: string | undefined;
}

/** One answer of the token endpoint. */
export interface TokenExchange {
  readonly grant: string;
  /** When the answer came, `Date.now()`. */
  readonly at: number;
  readonly status: number;
  /** The refresh token the request presented (refresh grant). */
  readonly presented: string | undefined;
  readonly accessToken: string | undefined;
  readonly refreshToken: string | undefined;
}

/** The records of one or more clients. */
export interface Wire {
  readonly attempts: Attempt[];
  readonly exchanges: TokenExchange[];
  /** A fetch for createClient that records, around `inner`. */
  fetch(inner: FetchLike): FetchLike;
  /** A grpc-js interceptor recording every attempt; put it after `retryInterceptor(client)`. */
  readonly grpcInterceptor: Interceptor;
}

function serviceOf(target: Target, url: string): Service | undefined {
  const origin = new URL(url).origin;
  if (origin === new URL(target.express).origin) return "express";
  if (origin === new URL(target.koa).origin) return "koa";
  return undefined;
}

async function exchangeOf(request: Request, response: Response): Promise<TokenExchange> {
  const form = new URLSearchParams(await request.clone().text());
  const body: unknown = await response.clone().json().catch(() => undefined);
  const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
  return {
    grant: form.get("grant_type") ?? "",
    at: Date.now(),
    status: response.status,
    presented: form.get("refresh_token") ?? undefined,
    accessToken: text(fields.access_token),
    refreshToken: text(fields.refresh_token),
  };
}

/** Wraps call credentials so that the kid of each token they hand out is reported. */
function observed(credentials: CallCredentials, onKid: (kid: string | undefined) => void): CallCredentials {
  return grpcCredentials.createFromMetadataGenerator((options, callback) => {
    credentials.generateMetadata(options).then(
      (metadata) => {
        const value = metadata.get("authorization")[0];
        onKid(kidOf(bearerToken(typeof value === "string" ? value : undefined) ?? ""));
        callback(null, metadata);
      },
      (error: unknown) => {
        onKid(undefined);
        callback(error instanceof Error ? error : new Error("no metadata"));
      },
    );
  });
}

/**
 * A new, empty record for the resource services of `target`.
 *
 * @example
 * ```ts
 * const wire = newWire(target);
 * const client = newClient(target, { wire });
 * ```
 */
export function newWire(target: Target): Wire {
  const attempts: Attempt[] = [];
  const exchanges: TokenExchange[] = [];
  const grpcInterceptor: Interceptor = (options, nextCall) => {
    let kid: string | undefined;
    const credentials = options.credentials === undefined ? undefined : observed(options.credentials, (k) => {
            kid = k;
          });
    return new InterceptingCall(nextCall({ ...options, ...(credentials === undefined ? {} : { credentials }) }), {
      start(metadata, listener, next) {
        next(metadata, {
          onReceiveStatus(received, nextStatus) {
            attempts.push({ service: "grpc", ok: received.code === status.OK, status: status[received.code], kid });
            nextStatus(received);
          },
        });
      },
    });
  };
  return {
    attempts,
    exchanges,
    fetch: (inner) => async (request) => {
      const service = serviceOf(target, request.url);
      const token = bearerToken(request.headers.get("authorization"));
      const isToken = request.method === "POST" && new URL(request.url).pathname.endsWith("/token");
      const copy = isToken ? request.clone() : undefined;
      const response = await inner(request);
      if (service !== undefined) {
        attempts.push({ service, ok: response.ok, status: String(response.status), kid: token === undefined ? undefined : kidOf(token) });
      }
      if (copy !== undefined) exchanges.push(await exchangeOf(copy, response));
      return response;
    },
    grpcInterceptor,
  };
}
