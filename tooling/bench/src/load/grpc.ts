// gRPC load: `inFlight` unary calls kept in flight on one channel (one HTTP/2 connection, as a
// grpc-js client has) for a fixed time. Requests are empty messages and answers are not decoded,
// so the client's own cost is the same for every method.
import * as grpc from "@grpc/grpc-js";
import { performance } from "node:perf_hooks";
import { percentileOfSorted } from "../harness/stats.js";
import type { GrpcLoad, LoadResult } from "./types.js";

const EMPTY = Buffer.alloc(0);
const raw = (bytes: Buffer): Buffer => bytes;
const serialize = (): Buffer => EMPTY;

/**
 * Runs one gRPC load and measures each call's latency.
 *
 * @example
 * ```ts
 * await grpcLoad({ kind: "grpc", address: "127.0.0.1:50051", method: "/grpc.health.v1.Health/Check", inFlight: 32, durationMs: 3000 });
 * ```
 */
export async function grpcLoad(load: GrpcLoad): Promise<LoadResult> {
  const client = new grpc.Client(load.address, grpc.credentials.createInsecure(), { "grpc.use_local_subchannel_pool": 1 });
  const metadata = new grpc.Metadata();
  if (load.authorization !== undefined) metadata.set("authorization", load.authorization);
  const latencies: number[] = [];
  let failed = 0;
  const call = (): Promise<void> =>
    new Promise((resolve) => {
      const start = performance.now();
      client.makeUnaryRequest(load.method, serialize, raw, EMPTY, metadata.clone(), (error) => {
        if (error === null) latencies.push(performance.now() - start);
        else failed++;
        resolve();
      });
    });
  try {
    await new Promise<void>((resolve, reject) => {
      client.waitForReady(Date.now() + 10_000, (error) => {
        if (error === undefined) resolve();
        else reject(error);
      });
    });
    const started = performance.now();
    const end = started + load.durationMs;
    const worker = async (): Promise<void> => {
      while (performance.now() < end) await call();
    };
    await Promise.all(Array.from({ length: load.inFlight }, worker));
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      requests: latencies.length + failed,
      perSecond: latencies.length / seconds,
      p50: percentileOfSorted(latencies, 50),
      p99: percentileOfSorted(latencies, 99),
      failed,
    };
  } finally {
    client.close();
  }
}
