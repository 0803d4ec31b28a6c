// A JSON-over-gRPC test service (no .proto: grpc-js needs only a path and (de)serialisers per
// method) whose handlers check the bearer token with a test-supplied rule and answer the
// token's remaining seconds in `token-expires-in` initial metadata, like the resource services.
import * as grpc from "@grpc/grpc-js";

const json = {
  requestSerialize: (value: unknown) => Buffer.from(JSON.stringify(value)),
  requestDeserialize: (bytes: Buffer): unknown => JSON.parse(bytes.length === 0 ? "{}" : bytes.toString("utf8")),
  responseSerialize: (value: unknown) => Buffer.from(JSON.stringify(value)),
  responseDeserialize: (bytes: Buffer): unknown => JSON.parse(bytes.length === 0 ? "{}" : bytes.toString("utf8")),
} as const;

export const ME = "/test.v1.Echo/Me";
export const COUNT = "/test.v1.Echo/Count";

const service: grpc.ServiceDefinition = {
  Me: { path: ME, originalName: "Me", requestStream: false, responseStream: false, ...json },
  Count: { path: COUNT, originalName: "Count", requestStream: false, responseStream: true, ...json },
};

/** What a handler received. */
export interface Received {
  readonly method: string;
  readonly authorization: readonly string[];
  /** The `dpop` metadata entries. */
  readonly dpop: readonly string[];
  readonly request: unknown;
  readonly trace: string | undefined;
}

/** How the server answers a call: OK, or a status code; `expiresIn` goes into initial metadata. */
export interface Verdict {
  readonly code: grpc.status;
  readonly expiresIn?: string;
}

export class EchoServer {
  readonly received: Received[] = [];
  /** Decides each call from its bearer token; default OK. */
  judge: (token: string | undefined, index: number) => Verdict = () => ({ code: grpc.status.OK });

  private constructor(
    private readonly server: grpc.Server,
    readonly address: string,
  ) {}

  static async start(): Promise<EchoServer> {
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => {
        if (error) reject(error);
        else resolve(bound);
      });
    });
    const echo = new EchoServer(server, `127.0.0.1:${port}`);
    server.addService(service, {
      Me: (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        const verdict = echo.#judge(call);
        if (verdict.code !== grpc.status.OK) {
          callback({ code: verdict.code, details: "refused by the test" });
          return;
        }
        callback(null, { request: call.request });
      },
      Count: (call: grpc.ServerWritableStream<unknown, unknown>) => {
        const verdict = echo.#judge(call);
        if (verdict.code !== grpc.status.OK) {
          call.emit("error", { code: verdict.code, details: "refused by the test" });
          return;
        }
        call.write({ n: 1 });
        call.end();
      },
    });
    return echo;
  }

  /** The tokens received (Bearer or DPoP), in order. */
  get tokens(): (string | undefined)[] {
    return this.received.map((r) => r.authorization[0]?.replace(/^(?:Bearer|DPoP) /, ""));
  }

  #judge(call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>): Verdict {
    const authorization = call.metadata.get("authorization").map(String);
    const trace = call.metadata.get("x-trace")[0];
    const dpop = call.metadata.get("dpop").map(String);
    this.received.push({ method: call.getPath(), authorization, dpop, request: call.request, trace: trace === undefined ? undefined : String(trace) });
    const verdict = this.judge(authorization[0]?.replace(/^(?:Bearer|DPoP) /, ""), this.received.length - 1);
    if (verdict.expiresIn !== undefined) {
      const metadata = new grpc.Metadata();
      metadata.set("token-expires-in", verdict.expiresIn);
      call.sendMetadata(metadata);
    }
    return verdict;
  }

  stop(): void {
    this.server.forceShutdown();
  }
}

/** The outcome of one call as the caller sees it. */
export interface Outcome {
  readonly code: grpc.status;
  readonly details: string;
  readonly value: unknown;
  /** Values of `token-expires-in` the caller's `metadata` event saw. */
  readonly expiresIn: readonly string[];
}

/** A caller of the test service with the given interceptors and per-call credentials. */
export class EchoCaller {
  readonly #client: grpc.Client;

  constructor(
    address: string,
    private readonly credentials: grpc.CallCredentials | undefined,
    interceptors: grpc.Interceptor[],
  ) {
    this.#client = new grpc.Client(address, grpc.credentials.createInsecure(), { interceptors });
  }

  me(request: object = {}, trace?: string): Promise<Outcome> {
    const metadata = new grpc.Metadata();
    if (trace !== undefined) metadata.set("x-trace", trace);
    const options: grpc.CallOptions = this.credentials === undefined ? {} : { credentials: this.credentials };
    return new Promise((resolve) => {
      let expiresIn: string[] = [];
      const call = this.#client.makeUnaryRequest(ME, json.requestSerialize, json.responseDeserialize, request, metadata, options, (error, value) => {
        resolve({ code: error?.code ?? grpc.status.OK, details: error?.details ?? "", value, expiresIn });
      });
      call.on("metadata", (received: grpc.Metadata) => {
        expiresIn = received.get("token-expires-in").map(String);
      });
    });
  }

  count(): Promise<Outcome> {
    const options: grpc.CallOptions = this.credentials === undefined ? {} : { credentials: this.credentials };
    return new Promise((resolve) => {
      const values: unknown[] = [];
      const call = this.#client.makeServerStreamRequest(COUNT, json.requestSerialize, json.responseDeserialize, {}, new grpc.Metadata(), options);
      call.on("data", (value: unknown) => values.push(value));
      call.on("error", (error: grpc.ServiceError) => {
        resolve({ code: error.code, details: error.details, value: values, expiresIn: [] });
      });
      call.on("end", () => {
        resolve({ code: grpc.status.OK, details: "", value: values, expiresIn: [] });
      });
    });
  }

  close(): void {
    this.#client.close();
  }
}
