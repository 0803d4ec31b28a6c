// healthcheck.mjs against real servers on 127.0.0.1: node:http, a raw node:http2 gRPC server
// (to control every byte of the answer), and grpc-js with grpc-health-check (the stack the
// gRPC service runs), taken from the gRPC service's own dependencies.
// Run: node --test infra/test/
import assert from "node:assert/strict";
import { once } from "node:events";
import http from "node:http";
import http2 from "node:http2";
import { describe, test } from "node:test";
import { decodeFields, encodeString, grpcUnary, MAX_RESPONSE_BYTES, probe } from "../healthcheck.mjs";
import { workspaceRequire } from "./workspace.mjs";

/** Short enough for the "never answers" cases; they assert the outcome, not the time. */
const SHORT_TIMEOUT_MS = 300;

/** @typedef {(stream: http2.ServerHttp2Stream, request: RawRequest) => void} Answer */
/** @typedef {{ headers: http2.IncomingHttpHeaders, body: Buffer }} RawRequest */
/**
 * The part of @grpc/grpc-js and grpc-health-check these tests use.
 * @typedef {{ bindAsync(address: string, credentials: unknown, callback: (error: Error | null, port: number) => void): void, forceShutdown(): void }} GrpcServer
 * @typedef {{ Server: new () => GrpcServer, ServerCredentials: { createInsecure(): unknown } }} GrpcJs
 * @typedef {{ setStatus(service: string, status: string): void, addToServer(server: GrpcServer): void }} Health
 * @typedef {{ HealthImplementation: new (statuses: Record<string, string>) => Health }} HealthCheck
 */

/**
 * @param {http.Server | http2.Http2Server} server
 * @returns {Promise<{ port: number, close: () => Promise<void> }>}
 */
async function listen(server) {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  assert.ok(typeof address === "object" && address !== null);
  return {
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/**
 * An HTTP server answering each path with a status; null: never answers.
 *
 * @param {Record<string, number | null>} statuses
 */
async function httpServer(statuses) {
  /** @type {Set<http.ServerResponse>} */
  const hung = new Set();
  const server = http.createServer((request, response) => {
    const path = request.url ?? "";
    const status = Object.hasOwn(statuses, path) ? statuses[path] : 404;
    if (status === undefined || status === null) {
      hung.add(response);
      return;
    }
    response.writeHead(status, { "content-type": "application/json" }).end("{}");
  });
  const { port, close } = await listen(server);
  return {
    url: (/** @type {string} */ path) => `http://127.0.0.1:${port}${path}`,
    close: () => {
      for (const response of hung) response.destroy();
      server.closeAllConnections();
      return close();
    },
  };
}

/**
 * The bytes of a gRPC message frame.
 *
 * @param {Uint8Array} message
 */
function frame(message) {
  const bytes = Buffer.alloc(5 + message.length);
  bytes.writeUInt32BE(message.length, 1);
  Buffer.from(message).copy(bytes, 5);
  return bytes;
}

/**
 * A raw h2c server: `answer(stream, request)` writes the reply; every request (headers and body)
 * is recorded.
 *
 * @param {Answer} answer
 */
async function rawGrpcServer(answer) {
  /** @type {RawRequest[]} */
  const requests = [];
  const server = http2.createServer();
  server.on("stream", (stream, headers) => {
    /** @type {Buffer[]} */
    const chunks = [];
    stream.on("data", (/** @type {Buffer} */ chunk) => {
      chunks.push(chunk);
    });
    stream.on("end", () => {
      const request = { headers, body: Buffer.concat(chunks) };
      requests.push(request);
      answer(stream, request);
    });
  });
  /** @type {Set<http2.ServerHttp2Session>} */
  const sessions = new Set();
  server.on("session", (session) => sessions.add(session));
  const { port, close } = await listen(server);
  return {
    authority: `127.0.0.1:${port}`,
    requests,
    close: () => {
      for (const session of sessions) session.destroy();
      return close();
    },
  };
}

/**
 * @param {Uint8Array} message
 * @param {number} [status]
 * @returns {Answer}
 */
function reply(message, status = 0) {
  return (stream) => {
    stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
    stream.once("wantTrailers", () => {
      stream.sendTrailers({ "grpc-status": String(status) });
    });
    stream.end(frame(message));
  };
}

/**
 * @param {number} status
 * @returns {Answer}
 */
function trailersOnly(status) {
  return (stream) => {
    stream.respond({ ":status": 200, "content-type": "application/grpc", "grpc-status": String(status) }, { endStream: true });
  };
}

describe("probe http", () => {
  const cases = [
    { name: "200 is ready", statuses: { "/readyz": 200 }, path: "/readyz", ready: true, detail: "http 200" },
    { name: "503 is not ready", statuses: { "/readyz": 503 }, path: "/readyz", ready: false, detail: "http 503" },
    { name: "a redirect is not ready", statuses: { "/readyz": 302 }, path: "/readyz", ready: false, detail: "http 302" },
    { name: "a 404 is not ready (no fall back to liveness)", statuses: { "/healthz": 200 }, path: "/readyz", ready: false, detail: "http 404" },
    { name: "a 503 on /readyz is not ready, whatever /healthz says", statuses: { "/readyz": 503, "/healthz": 200 }, path: "/readyz", ready: false, detail: "http 503" },
  ];
  for (const { name, statuses, path, ready, detail } of cases) {
    test(name, async () => {
      const server = await httpServer(statuses);
      try {
        assert.deepEqual(await probe(server.url(path)), { ready, detail });
      } finally {
        await server.close();
      }
    });
  }

  test("a server that never answers is not ready", async () => {
    const server = await httpServer({ "/readyz": null });
    try {
      assert.deepEqual(await probe(server.url("/readyz"), { timeoutMs: SHORT_TIMEOUT_MS }), {
        ready: false,
        detail: `no answer within ${SHORT_TIMEOUT_MS} ms`,
      });
    } finally {
      await server.close();
    }
  });

  test("a closed port is not ready", async () => {
    const server = await httpServer({});
    const url = server.url("/readyz");
    await server.close();
    const { ready, detail } = await probe(url);
    assert.equal(ready, false);
    assert.match(detail, /ECONNREFUSED/);
  });
});

describe("probe targets", () => {
  for (const [target, detail] of /** @type {[string, string][]} */ ([
    ["not a url", "not a URL"],
    ["https://127.0.0.1:1/readyz", "unsupported scheme https: (http: or grpc:)"],
    ["tcp://127.0.0.1:1", "unsupported scheme tcp: (http: or grpc:)"],
  ])) {
    test(`${target} is refused`, async () => {
      assert.deepEqual(await probe(target), { ready: false, detail });
    });
  }
});

describe("probe grpc, raw server", () => {
  const cases = [
    { name: "SERVING is ready", answer: reply(Uint8Array.of(0x08, 0x01)), ready: true, detail: "SERVING" },
    { name: "NOT_SERVING is not ready", answer: reply(Uint8Array.of(0x08, 0x02)), ready: false, detail: "NOT_SERVING" },
    { name: "an empty message is UNKNOWN", answer: reply(new Uint8Array(0)), ready: false, detail: "UNKNOWN" },
    { name: "an unknown status number", answer: reply(Uint8Array.of(0x08, 0x09)), ready: false, detail: "status 9" },
    { name: "unknown fields are skipped", answer: reply(Uint8Array.of(0x12, 0x01, 0x41, 0x08, 0x01)), ready: true, detail: "SERVING" },
    { name: "a trailers-only error", answer: trailersOnly(5), ready: false, detail: "grpc status 5" },
    { name: "an error status after a message", answer: reply(Uint8Array.of(0x08, 0x01), 14), ready: false, detail: "grpc status 14" },
  ];
  for (const { name, answer, ready, detail } of cases) {
    test(name, async () => {
      const server = await rawGrpcServer(answer);
      try {
        assert.deepEqual(await probe(`grpc://${server.authority}`), { ready, detail });
      } finally {
        await server.close();
      }
    });
  }

  test("sends a well-formed Health/Check for the whole server", async () => {
    const server = await rawGrpcServer(reply(Uint8Array.of(0x08, 0x01)));
    try {
      await probe(`grpc://${server.authority}`);
      const [request] = server.requests;
      assert.ok(request);
      assert.equal(request.headers[":method"], "POST");
      assert.equal(request.headers[":path"], "/grpc.health.v1.Health/Check");
      assert.equal(request.headers["content-type"], "application/grpc");
      assert.equal(request.headers.te, "trailers");
      assert.deepEqual([...request.body], [0, 0, 0, 0, 0]);
    } finally {
      await server.close();
    }
  });

  test("names the service given as the URL's path", async () => {
    const server = await rawGrpcServer(reply(Uint8Array.of(0x08, 0x01)));
    try {
      await probe(`grpc://${server.authority}/demo.v1.Resource`);
      const [request] = server.requests;
      assert.ok(request);
      assert.deepEqual(request.body, frame(encodeString(1, "demo.v1.Resource")));
    } finally {
      await server.close();
    }
  });

  /** @type {{ name: string, answer: Answer, detail: string }[]} */
  const broken = [
    {
      name: "a compressed frame",
      answer: (stream) => {
        stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
        stream.once("wantTrailers", () => {
          stream.sendTrailers({ "grpc-status": "0" });
        });
        const bytes = frame(Uint8Array.of(0x08, 0x01));
        bytes[0] = 1;
        stream.end(bytes);
      },
      detail: "malformed or compressed gRPC frame",
    },
    {
      name: "a frame shorter than its length",
      answer: (stream) => {
        stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
        stream.once("wantTrailers", () => {
          stream.sendTrailers({ "grpc-status": "0" });
        });
        stream.end(frame(Uint8Array.of(0x08, 0x01)).subarray(0, 6));
      },
      detail: "gRPC frame length does not match",
    },
    {
      name: "no grpc-status at all",
      answer: (stream) => {
        stream.respond({ ":status": 200, "content-type": "application/grpc" });
        stream.end(frame(Uint8Array.of(0x08, 0x01)));
      },
      detail: "no grpc-status in the answer",
    },
    {
      name: "an answer over the byte limit",
      answer: (stream) => {
        stream.respond({ ":status": 200, "content-type": "application/grpc" });
        stream.end(Buffer.alloc(MAX_RESPONSE_BYTES + 1));
      },
      detail: `answer over ${MAX_RESPONSE_BYTES} bytes`,
    },
  ];
  for (const { name, answer, detail } of broken) {
    test(`${name} is not ready`, async () => {
      const server = await rawGrpcServer(answer);
      try {
        assert.deepEqual(await probe(`grpc://${server.authority}`), { ready: false, detail });
      } finally {
        await server.close();
      }
    });
  }

  test("a server that never answers is not ready", async () => {
    const server = await rawGrpcServer(() => undefined);
    try {
      assert.deepEqual(await probe(`grpc://${server.authority}`, { timeoutMs: SHORT_TIMEOUT_MS }), {
        ready: false,
        detail: `no answer within ${SHORT_TIMEOUT_MS} ms`,
      });
    } finally {
      await server.close();
    }
  });
});

describe("probe grpc, grpc-js with grpc-health-check", () => {
  const load = workspaceRequire("@org/grpc-resource");
  const grpc = /** @type {GrpcJs} */ (load("@grpc/grpc-js"));
  const { HealthImplementation } = /** @type {HealthCheck} */ (load("grpc-health-check"));

  /** @param {Record<string, string>} statuses */
  async function start(statuses) {
    const server = new grpc.Server();
    const health = new HealthImplementation(statuses);
    health.addToServer(server);
    /** @type {number} */
    const port = await new Promise((resolve, reject) => {
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => {
        if (error) reject(error);
        else resolve(bound);
      });
    });
    return {
      health,
      authority: `127.0.0.1:${port}`,
      stop: () => {
        server.forceShutdown();
      },
    };
  }

  test("SERVING, NOT_SERVING and an unknown service", async () => {
    const server = await start({ "": "SERVING", "demo.v1.Resource": "SERVING" });
    try {
      assert.deepEqual(await probe(`grpc://${server.authority}`), { ready: true, detail: "SERVING" });
      assert.deepEqual(await probe(`grpc://${server.authority}/demo.v1.Resource`), { ready: true, detail: "SERVING" });
      server.health.setStatus("", "NOT_SERVING");
      assert.deepEqual(await probe(`grpc://${server.authority}`), { ready: false, detail: "NOT_SERVING" });
      // grpc.health.v1: an unknown service is NOT_FOUND (5).
      assert.deepEqual(await probe(`grpc://${server.authority}/no.such.Service`), { ready: false, detail: "grpc status 5" });
    } finally {
      server.stop();
    }
  });

  test("an unknown method is UNIMPLEMENTED, with no message", async () => {
    const server = await start({ "": "SERVING" });
    try {
      const answer = await grpcUnary(server.authority, "/grpc.health.v1.Health/Nope", new Uint8Array(0), {});
      assert.deepEqual(answer, { status: 12, message: new Uint8Array(0) });
    } finally {
      server.stop();
    }
  });
});

describe("decodeFields", () => {
  test("varints, length-delimited and fixed fields, in order", () => {
    const message = Uint8Array.of(0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69, 0x1d, 1, 2, 3, 4, 0x21, 1, 2, 3, 4, 5, 6, 7, 8);
    const fields = decodeFields(message);
    assert.deepEqual(
      fields.map(({ number, value }) => [number, typeof value === "number" ? value : [...value]]),
      [
        [1, 150],
        [2, [0x68, 0x69]],
        [3, [1, 2, 3, 4]],
        [4, [1, 2, 3, 4, 5, 6, 7, 8]],
      ],
    );
  });

  /** @type {[string, Uint8Array, RegExp][]} */
  const bad = [
    ["a truncated varint", Uint8Array.of(0x08, 0x96), /truncated protobuf varint/],
    ["a length past the end", Uint8Array.of(0x12, 0x05, 0x68), /truncated protobuf field/],
    ["a varint over 2^53", Uint8Array.of(0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), /too long/],
    ["a group (wire type 3)", Uint8Array.of(0x0b), /wire type 3/],
  ];
  for (const [name, message, error] of bad) {
    test(`refuses ${name}`, () => {
      assert.throws(() => decodeFields(message), error);
    });
  }

  test("encodeString refuses what it cannot encode in one byte of length", () => {
    assert.throws(() => encodeString(1, "x".repeat(128)), TypeError);
    assert.throws(() => encodeString(16, "x"), TypeError);
  });
});
