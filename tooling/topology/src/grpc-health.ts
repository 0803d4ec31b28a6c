import { Client, credentials } from "@grpc/grpc-js";

const CHECK = "/grpc.health.v1.Health/Check";
/** HealthCheckResponse.ServingStatus.SERVING */
const SERVING = 1;

/**
 * One `grpc.health.v1.Health/Check` call. The two messages have one field each, so they are
 * encoded by hand instead of loading a .proto on every start.
 *
 * @returns true when the server answers SERVING for `service` ("" = the whole server); false on
 *   any error (not listening yet, UNIMPLEMENTED, NOT_SERVING, deadline).
 * @example
 * ```ts
 * await grpcServing("127.0.0.1:50051", "", 1_000); // true once the gRPC service is up
 * ```
 */
export function grpcServing(address: string, service: string, timeoutMs: number): Promise<boolean> {
  // A local subchannel pool: probes must not share (and inherit the reconnect backoff of)
  // the process-wide subchannels.
  const client = new Client(address, credentials.createInsecure(), {
    "grpc.use_local_subchannel_pool": 1,
  });
  return new Promise<boolean>((resolve) => {
    client.makeUnaryRequest(
      CHECK,
      encodeCheckRequest,
      (bytes: Buffer) => bytes,
      service,
      { deadline: Date.now() + timeoutMs },
      (error, response) => {
        client.close();
        resolve(error === null && response !== undefined && servingStatus(response) === SERVING);
      },
    );
  });
}

/** HealthCheckRequest { string service = 1; } */
export function encodeCheckRequest(service: string): Buffer {
  const name = Buffer.from(service, "utf8");
  if (name.length === 0) return Buffer.alloc(0);
  return Buffer.concat([Buffer.from([0x0a]), varint(name.length), name]);
}

/** HealthCheckResponse { ServingStatus status = 1; }: the status, 0 (UNKNOWN) when absent. */
export function servingStatus(bytes: Buffer): number {
  let offset = 0;
  let status = 0;
  while (offset < bytes.length) {
    const [key, afterKey] = readVarint(bytes, offset);
    const wireType = key & 7;
    if (wireType === 0) {
      const [value, next] = readVarint(bytes, afterKey);
      if (key >>> 3 === 1) status = value;
      offset = next;
    } else if (wireType === 2) {
      const [length, next] = readVarint(bytes, afterKey);
      offset = next + length;
    } else {
      return 0; // no other wire types occur in this message
    }
  }
  return status;
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function readVarint(bytes: Buffer, start: number): [number, number] {
  let value = 0;
  let shift = 0;
  let offset = start;
  for (;;) {
    const byte = bytes[offset];
    if (byte === undefined || shift > 28) return [value, bytes.length];
    value |= (byte & 0x7f) << shift;
    offset += 1;
    if ((byte & 0x80) === 0) return [value >>> 0, offset];
    shift += 7;
  }
}
