import * as grpc from "@grpc/grpc-js";
import type { VerifiedToken } from "@org/token";
import { authOf } from "../src/index.js";

/*
 * A tiny JSON-over-gRPC test service, so these tests need no .proto: grpc-js only needs a
 * path and (de)serialisers per method.
 */
const json = {
  requestStream: false,
  responseStream: false,
  requestSerialize: (value: unknown) => Buffer.from(JSON.stringify(value)),
  requestDeserialize: (bytes: Buffer): unknown => JSON.parse(bytes.length === 0 ? "{}" : bytes.toString("utf8")),
  responseSerialize: (value: unknown) => Buffer.from(JSON.stringify(value)),
  responseDeserialize: (bytes: Buffer): unknown => JSON.parse(bytes.length === 0 ? "{}" : bytes.toString("utf8")),
} as const;

export const METHODS = {
  Open: "/test.v1.Echo/Open",
  Read: "/test.v1.Echo/Read",
  Write: "/test.v1.Echo/Write",
  Fail: "/test.v1.Echo/Fail",
  Unlisted: "/test.v1.Echo/Unlisted",
} as const;
export const HEALTH_CHECK = "/grpc.health.v1.Health/Check";

type Name = keyof typeof METHODS;

const echoService: grpc.ServiceDefinition = Object.fromEntries(
  Object.entries(METHODS).map(([name, path]) => [name, { path, originalName: name, ...json }]),
);
const healthService: grpc.ServiceDefinition = { Check: { path: HEALTH_CHECK, ...json } };

/** What a handler saw, so tests can check that it ran and what authOf gave it. */
export interface Seen {
  readonly method: string;
  readonly token: VerifiedToken | undefined;
  readonly authOfError: string | undefined;
  readonly request: unknown;
  /** The handler's `call.metadata` object itself, to compare identities. */
  readonly metadata: grpc.Metadata;
}

/** Builds a server with the given interceptors and handlers that record what they saw. */
export function makeServer(interceptors: grpc.ServerInterceptor[], seen: Seen[]): grpc.Server {
  const server = new grpc.Server({ interceptors });
  const record = (call: grpc.ServerUnaryCall<unknown, unknown>): Seen => {
    let token: VerifiedToken | undefined;
    let authOfError: string | undefined;
    try {
      token = authOf(call);
    } catch (error) {
      authOfError = error instanceof Error ? error.message : String(error);
    }
    const entry = { method: call.getPath(), token, authOfError, request: call.request, metadata: call.metadata };
    seen.push(entry);
    return entry;
  };
  const ok: grpc.handleUnaryCall<unknown, unknown> = (call, callback) => {
    const entry = record(call);
    callback(null, { sub: entry.token?.claims.sub ?? null });
  };
  const fail: grpc.handleUnaryCall<unknown, unknown> = (call, callback) => {
    record(call);
    callback({ code: grpc.status.FAILED_PRECONDITION, details: "handler said no" });
  };
  server.addService(echoService, { Open: ok, Read: ok, Write: ok, Fail: fail, Unlisted: ok });
  server.addService(healthService, { Check: ok });
  return server;
}

export function listen(server: grpc.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
      if (error) reject(error);
      else resolve(port);
    });
  });
}

/** The outcome of one call as a client sees it. */
export interface Outcome {
  readonly code: grpc.status;
  readonly details: string;
  readonly value: unknown;
  /** Values of `token-expires-in` in the response initial metadata. */
  readonly expiresIn: readonly string[];
}

export class TestClient {
  readonly #client: grpc.Client;
  /** `127.0.0.1:<port>`: the `:authority` of every call. */
  readonly address: string;

  constructor(port: number) {
    this.address = `127.0.0.1:${port}`;
    this.#client = new grpc.Client(this.address, grpc.credentials.createInsecure());
  }

  /** Calls a method with the given `authorization` values (none, one, or several) and `dpop` proofs. */
  call(method: Name | "Health", authorization: readonly string[] = [], request: object = {}, dpop: readonly string[] = []): Promise<Outcome> {
    const path = method === "Health" ? HEALTH_CHECK : METHODS[method];
    const metadata = new grpc.Metadata();
    for (const value of authorization) metadata.add("authorization", value);
    for (const value of dpop) metadata.add("dpop", value);
    return new Promise((resolve) => {
      let expiresIn: string[] = [];
      const call = this.#client.makeUnaryRequest(
        path,
        json.requestSerialize,
        json.responseDeserialize,
        request,
        metadata,
        (error, value) => {
          resolve({ code: error?.code ?? grpc.status.OK, details: error?.details ?? "", value, expiresIn });
        },
      );
      call.on("metadata", (received: grpc.Metadata) => {
        expiresIn = received.get("token-expires-in").map(String);
      });
    });
  }

  close(): void {
    this.#client.close();
  }
}

/** A running server with the given interceptors, a client, and what handlers saw. */
export interface Running {
  readonly client: TestClient;
  readonly seen: Seen[];
  stop(): void;
}

export async function start(interceptors: grpc.ServerInterceptor[]): Promise<Running> {
  const seen: Seen[] = [];
  const server = makeServer(interceptors, seen);
  const client = new TestClient(await listen(server));
  return {
    client,
    seen,
    stop: () => {
      client.close();
      server.forceShutdown();
    },
  };
}
