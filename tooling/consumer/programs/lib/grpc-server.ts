// A grpc-js server whose one method needs a valid access token, and a caller for it. JSON
// messages, no .proto: grpc-js needs only a path and (de)serialisers per method.
import * as grpc from "@grpc/grpc-js";
import type { Verifier } from "@org/token";
import { authOf, createAuthInterceptor } from "@org/token-grpc";

/**
 * The protected method.
 *
 * @example
 * ```ts
 * createAuthInterceptor({ verifier, rules: { [GET_ME]: [] } });
 * ```
 */
export const GET_ME = "/consumer.v1.Demo/GetMe";

const serialize = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const deserialize = (bytes: Buffer): unknown => JSON.parse(bytes.length === 0 ? "{}" : bytes.toString("utf8"));

const service: grpc.ServiceDefinition = {
  GetMe: {
    path: GET_ME,
    requestStream: false,
    responseStream: false,
    requestSerialize: serialize,
    requestDeserialize: deserialize,
    responseSerialize: serialize,
    responseDeserialize: deserialize,
  },
};

/**
 * A started server and its address.
 *
 * @example
 * ```ts
 * const { server, address }: GrpcServer = await startGrpc(verifier);
 * ```
 */
export interface GrpcServer {
  readonly server: grpc.Server;
  readonly address: string;
}

/**
 * Starts a plaintext server on 127.0.0.1:0 with the auth interceptor; GetMe answers `{ sub }`.
 *
 * @example
 * ```ts
 * const { server, address } = await startGrpc(verifier);
 * ```
 */
export async function startGrpc(verifier: Verifier): Promise<GrpcServer> {
  const server = new grpc.Server({ interceptors: [createAuthInterceptor({ verifier, rules: { [GET_ME]: [] } })] });
  server.addService(service, {
    GetMe(call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
      callback(null, { sub: authOf(call).claims.sub });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) reject(error);
      else resolve(bound);
    });
  });
  return { server, address: `127.0.0.1:${port}` };
}

/**
 * How a GetMe call ended.
 *
 * @example
 * ```ts
 * const outcome: Outcome = { code: grpc.status.OK, sub: "alice" };
 * ```
 */
export interface Outcome {
  readonly code: grpc.status;
  readonly sub: unknown;
}

/**
 * Calls GetMe with the given metadata and call options.
 *
 * @example
 * ```ts
 * const { code } = await getMe(client, new grpc.Metadata());
 * ```
 */
export function getMe(client: grpc.Client, metadata: grpc.Metadata, options: grpc.CallOptions = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(GET_ME, serialize, deserialize, {}, metadata, options, (error, value) => {
      const sub = typeof value === "object" && value !== null && "sub" in value ? value.sub : undefined;
      resolve({ code: error?.code ?? grpc.status.OK, sub });
    });
  });
}
