#!/usr/bin/env node
// Container healthcheck that needs no curl and no dependency: exit 0 when the service is ready.
//   node healthcheck.mjs http://127.0.0.1:4001/readyz   GET; ready on 200 (only the status line is read)
//   node healthcheck.mjs grpc://127.0.0.1:50051         grpc.health.v1.Health/Check over h2c; ready on SERVING
// Without an argument the URL comes from HEALTHCHECK_URL. One request, bounded in time and bytes.
// Hand-written rather than @grpc/grpc-js: the file is copied alone into every image, and a unary
// call with a one-field message is a few dozen lines of node:http2.
import { realpathSync } from "node:fs";
import http from "node:http";
import http2 from "node:http2";
import { fileURLToPath } from "node:url";

/** Under the images' 5 s HEALTHCHECK timeout, so a hung service is reported, not killed mid-check. */
export const TIMEOUT_MS = 3000;
/** A health answer is a few bytes; a GetMe answer a few hundred. Anything longer is refused. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

const HEALTH_CHECK_PATH = "/grpc.health.v1.Health/Check";
/** grpc.health.v1.HealthCheckResponse.ServingStatus */
const SERVING_STATUS = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"];

/** @typedef {{ ready: boolean, detail: string }} Probe */
/** @typedef {{ number: number, value: number | Uint8Array }} Field */

/**
 * Checks one service. Never throws: every failure is `{ ready: false, detail }`.
 *
 * @param {string} target `http://host:port/path` or `grpc://host:port[/service]`
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<Probe>}
 * @example
 * const { ready, detail } = await probe("grpc://127.0.0.1:50051");
 */
export async function probe(target, options = {}) {
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  let url;
  try {
    url = new URL(target);
  } catch {
    return { ready: false, detail: "not a URL" };
  }
  try {
    if (url.protocol === "http:") return await probeHttp(url, timeoutMs);
    if (url.protocol === "grpc:") return await probeGrpc(url, timeoutMs);
    return { ready: false, detail: `unsupported scheme ${url.protocol} (http: or grpc:)` };
  } catch (error) {
    return { ready: false, detail: error instanceof Error ? error.message : "failed" };
  }
}

/**
 * @param {URL} url
 * @param {number} timeoutMs
 * @returns {Promise<Probe>}
 */
async function probeHttp(url, timeoutMs) {
  const status = await httpStatus(url, timeoutMs);
  return { ready: status === 200, detail: `http ${status}` };
}

/**
 * The status code of a GET; the body is never read.
 *
 * @param {URL} url
 * @param {number} timeoutMs
 * @returns {Promise<number>}
 */
function httpStatus(url, timeoutMs) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { connection: "close" }, timeout: timeoutMs }, (response) => {
      resolve(response.statusCode ?? 0);
      response.destroy();
    });
    request.once("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.once("error", reject);
  });
}

/**
 * @param {URL} url
 * @param {number} timeoutMs
 * @returns {Promise<Probe>}
 */
async function probeGrpc(url, timeoutMs) {
  // The path names the service to ask about; none (or "/") asks about the whole server ("").
  const service = decodeURIComponent(url.pathname.replace(/^\//, ""));
  const request = service === "" ? new Uint8Array(0) : encodeString(1, service);
  const answer = await grpcUnary(url.host, HEALTH_CHECK_PATH, request, {}, { timeoutMs });
  if (answer.status !== 0) return { ready: false, detail: `grpc status ${answer.status}` };
  let status = 0; // proto3 omits a zero (UNKNOWN) field
  for (const field of decodeFields(answer.message)) {
    if (field.number === 1 && typeof field.value === "number") status = field.value;
  }
  const name = SERVING_STATUS[status] ?? `status ${status}`;
  return { ready: status === 1, detail: name };
}

/**
 * One unary gRPC call over cleartext HTTP/2 (h2c). Resolves with the call's grpc-status and the
 * response message (empty when there is none); rejects on a transport failure, a timeout, a reply
 * over MAX_RESPONSE_BYTES or a malformed frame.
 *
 * @param {string} authority `host:port`
 * @param {string} path `/package.Service/Method`
 * @param {Uint8Array} message the encoded request message
 * @param {Record<string, string>} metadata extra request headers (lower-case names)
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<{ status: number, message: Uint8Array }>}
 * @example
 * const { status, message } = await grpcUnary("127.0.0.1:50051", "/demo.v1.Resource/GetMe", new Uint8Array(0), { authorization: `Bearer ${token}` });
 */
export function grpcUnary(authority, path, message, metadata, options = {}) {
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://${authority}`);
    let settled = false;
    /** @param {() => void} outcome */
    const settle = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    /** @param {unknown} error */
    const fail = (error) => {
      settle(() => {
        session.destroy();
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    };
    const timer = setTimeout(() => {
      fail(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    session.on("error", fail);
    const stream = session.request({
      ...metadata,
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc",
      te: "trailers",
    });
    /** @type {number | undefined} from the trailers, or from the headers of a trailers-only answer */
    let status;
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    stream.once("response", (headers) => {
      if (headers["grpc-status"] !== undefined) status = Number(headers["grpc-status"]);
    });
    stream.once("trailers", (/** @type {http2.IncomingHttpHeaders} */ trailers) => {
      if (trailers["grpc-status"] !== undefined) status = Number(trailers["grpc-status"]);
    });
    stream.on("data", (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) fail(new Error(`answer over ${MAX_RESPONSE_BYTES} bytes`));
      else chunks.push(chunk);
    });
    stream.on("error", fail);
    stream.once("end", () => {
      const code = status;
      if (code === undefined || !Number.isInteger(code)) {
        fail(new Error("no grpc-status in the answer"));
        return;
      }
      /** @type {Uint8Array} */
      let body;
      try {
        body = code === 0 ? decodeFrame(Buffer.concat(chunks)) : new Uint8Array(0);
      } catch (error) {
        fail(error);
        return;
      }
      settle(() => {
        session.close();
        resolve({ status: code, message: body });
      });
    });
    stream.end(encodeFrame(message));
  });
}

/**
 * A gRPC length-prefixed message: flag 0 (not compressed), 4-byte big-endian length, bytes.
 *
 * @param {Uint8Array} message
 */
function encodeFrame(message) {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

/**
 * The single uncompressed message of a unary answer; no message at all decodes as empty.
 *
 * @param {Buffer} data
 * @returns {Uint8Array}
 */
function decodeFrame(data) {
  if (data.length === 0) return new Uint8Array(0);
  if (data.length < 5 || data[0] !== 0) throw new Error("malformed or compressed gRPC frame");
  const length = data.readUInt32BE(1);
  if (data.length !== 5 + length) throw new Error("gRPC frame length does not match");
  return data.subarray(5);
}

/**
 * A protobuf length-delimited field holding a UTF-8 string.
 *
 * @param {number} number field number (1..15)
 * @param {string} value
 * @example
 * encodeString(1, "demo.v1.Resource");
 */
export function encodeString(number, value) {
  const bytes = Buffer.from(value, "utf8");
  if (number < 1 || number > 15 || bytes.length > 127) throw new TypeError("encodeString: small fields only");
  return Buffer.concat([Buffer.from([(number << 3) | 2, bytes.length]), bytes]);
}

/**
 * The fields of a protobuf message, in order: varints as numbers, length-delimited ones as bytes.
 * Throws on a truncated message, a varint over 2^53 or a wire type this reader does not know.
 *
 * @param {Uint8Array} message
 * @returns {Field[]}
 * @example
 * decodeFields(Uint8Array.of(0x08, 0x01)); // [{ number: 1, value: 1 }]
 */
export function decodeFields(message) {
  /** @type {Field[]} */
  const fields = [];
  let offset = 0;
  /** @returns {number} */
  const varint = () => {
    let value = 0;
    for (let shift = 0; shift < 53; shift += 7) {
      const byte = message[offset++];
      if (byte === undefined) throw new Error("truncated protobuf varint");
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) !== 0) continue;
      if (value > Number.MAX_SAFE_INTEGER) throw new Error("protobuf varint too long");
      return value;
    }
    throw new Error("protobuf varint too long");
  };
  /** @param {number} length */
  const take = (length) => {
    if (offset + length > message.length) throw new Error("truncated protobuf field");
    const bytes = message.subarray(offset, offset + length);
    offset += length;
    return bytes;
  };
  while (offset < message.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    if (wireType === 0) fields.push({ number, value: varint() });
    else if (wireType === 2) fields.push({ number, value: take(varint()) });
    else if (wireType === 1) fields.push({ number, value: take(8) });
    else if (wireType === 5) fields.push({ number, value: take(4) });
    else throw new Error(`protobuf wire type ${wireType} not supported`);
  }
  return fields;
}

function isMain() {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) {
  const target = process.argv[2] ?? process.env.HEALTHCHECK_URL ?? "";
  if (target === "") {
    process.stderr.write("healthcheck: give a URL or set HEALTHCHECK_URL (http://127.0.0.1:<port>/readyz or grpc://127.0.0.1:<port>)\n");
    process.exit(2);
  }
  const { ready, detail } = await probe(target);
  (ready ? process.stdout : process.stderr).write(`${ready ? "ready" : "not ready"}: ${detail}\n`);
  process.exit(ready ? 0 : 1);
}
