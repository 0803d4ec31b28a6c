// What the load generator is asked to do and what it answers: plain JSON, one object a line.

/** A fixed-duration HTTP load with autocannon. */
export interface HttpLoad {
  readonly kind: "http";
  readonly url: string;
  readonly method?: "GET" | "POST";
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly connections: number;
  readonly durationMs: number;
}

/** A fixed-duration gRPC load: `inFlight` unary calls at all times on one channel. */
export interface GrpcLoad {
  readonly kind: "grpc";
  readonly address: string;
  /** Full method path, e.g. `/demo.v1.Resource/GetMe`; its request message must be empty. */
  readonly method: string;
  readonly authorization?: string;
  readonly inFlight: number;
  readonly durationMs: number;
}

export type Load = HttpLoad | GrpcLoad;

/** What one load achieved. */
export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  /** Latency percentiles, ms. */
  readonly p50: number;
  readonly p99: number;
  /** Answers that were not 2xx (HTTP) or not OK (gRPC), and transport errors. */
  readonly failed: number;
}
