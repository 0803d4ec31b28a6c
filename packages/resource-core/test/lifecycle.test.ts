import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { KeySet } from "@org/token";
import { afterEach, describe, expect, it } from "vitest";
import { createKeys } from "../src/keys.js";
import { awaitKeys } from "../src/lifecycle.js";
import { createLogger } from "../src/logging.js";

// awaitKeys against a real JWKS server on loopback: one that answers, one that never does,
// one that is not there at all.
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => { resolve(); }));
  }
});

async function jwksServer(answer: boolean): Promise<URL> {
  const jwks = JSON.stringify((await KeySet.generate()).publicJwks());
  const server = createServer((_req, res) => {
    if (answer) res.writeHead(200, { "content-type": "application/json" }).end(jwks);
    // else: hold the request open, like an issuer that hangs
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return new URL(`http://127.0.0.1:${String(port)}/.well-known/jwks.json`);
}

function capture(): { lines: () => { msg: string; level: number }[]; logger: ReturnType<typeof createLogger> } {
  const raw: string[] = [];
  const logger = createLogger("test", "info", { destination: { write: (line: string) => raw.push(line) } });
  return { logger, lines: () => raw.map((l) => JSON.parse(l) as { msg: string; level: number }) };
}

describe("awaitKeys", () => {
  it("resolves once the issuer's keys are loaded and says so", async () => {
    const keys = createKeys({ kind: "remote", jwksUrl: await jwksServer(true) });
    const log = capture();
    await awaitKeys(keys, log.logger, 5_000);
    expect(log.lines().map((l) => l.msg)).toEqual(["keys loaded"]);
    expect(keys.resolver.resolve(undefined)).not.toBeInstanceOf(Promise);
  });

  it("gives up after waitMs when the issuer hangs, warns, and never rejects", async () => {
    const keys = createKeys({ kind: "remote", jwksUrl: await jwksServer(false) });
    const log = capture();
    await expect(awaitKeys(keys, log.logger, 50)).resolves.toBeUndefined();
    expect(log.lines()).toEqual([expect.objectContaining({ level: 40, msg: "keys not loaded yet; answering 503 until the issuer is reachable" })]);
  });

  it("warns at once when the issuer refuses connections", async () => {
    const url = await jwksServer(true);
    const closed = servers.pop();
    await new Promise<void>((resolve) => closed?.close(() => { resolve(); }));
    const keys = createKeys({ kind: "remote", jwksUrl: url });
    const log = capture();
    await awaitKeys(keys, log.logger, 5_000);
    expect(log.lines().map((l) => l.level)).toEqual([40]);
  });
});
