// The three resource services as one @org/client client uses them: HTTP through client.fetch,
// gRPC through callCredentials + retryInterceptor (the client's README, "In a dozen lines").
import type { Interceptor } from "@grpc/grpc-js";
import type { Client } from "@org/client";
import { callCredentials, retryInterceptor } from "@org/client/grpc";
import type { Target } from "./env.js";
import { resourceStub, unary, type Call } from "./grpc.js";
import { grpcVerdict, httpVerdict, type Service, type Verdict } from "./verdict.js";
import type { Wire } from "./wire.js";

/** `POST /orders` / `CreateOrder` input. */
export interface NewOrder {
  readonly item: string;
  readonly quantity: number;
}

/** What one client can do on the three services; every answer as a {@link Verdict}. */
export interface Resources {
  me(service: Service): Promise<Verdict>;
  /** One page; `pageToken` from the previous page's `next_page_token`. */
  listOrders(service: Service, pageToken?: string): Promise<Verdict>;
  createOrder(service: Service, order: NewOrder): Promise<Verdict>;
  /** Closes the gRPC channel. */
  close(): void;
}

/**
 * The resource services of `target` for `client`. With a `wire`, every attempt is recorded.
 * A call for which the client cannot get a token rejects with its ClientError (HTTP) or ends
 * with the status the client's call credentials give (gRPC).
 *
 * @example
 * ```ts
 * const api = resources(target, client);
 * await api.me("koa"); // { kind: "ok", value: { sub: "alice", … } }
 * ```
 */
export function resources(target: Target, client: Client, wire?: Wire): Resources {
  const interceptors: Interceptor[] = [retryInterceptor(client), ...(wire === undefined ? [] : [wire.grpcInterceptor])];
  const stub = resourceStub(target.grpc, interceptors);
  const credentials = callCredentials(client);
  const http = async (service: "express" | "koa", path: string, init?: RequestInit): Promise<Verdict> => {
    const response = await client.fetch(`${target[service]}${path}`, init);
    return httpVerdict(service, { status: response.status, headers: response.headers, text: await response.text() });
  };
  const grpc = async (call: Call): Promise<Verdict> => grpcVerdict(await unary(stub, call, undefined, { credentials }));
  return {
    me: (service) => (service === "grpc" ? grpc({ method: "GetMe" }) : http(service, "/me")),
    listOrders: (service, pageToken = "") =>
      service === "grpc"
        ? grpc({ method: "ListOrders", request: { page_token: pageToken } })
        : http(service, pageToken === "" ? "/orders" : `/orders?page_token=${encodeURIComponent(pageToken)}`),
    createOrder: (service, order) =>
      service === "grpc"
        ? grpc({ method: "CreateOrder", request: { ...order } })
        : http(service, "/orders", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(order) }),
    close: () => {
      stub.close();
    },
  };
}
