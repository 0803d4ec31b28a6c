import { KeySet } from "@org/token";
import { Readiness } from "@org/service-kit";
import { logSink, startJwksServer, type JwksServer } from "@org/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createKeys } from "../src/keys.js";
import { awaitKeys } from "../src/start.js";

// awaitKeys against a real JWKS server on loopback: one that answers, one that never does,
// one that is not there at all.
const servers: JwksServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function jwksServer(answer: boolean): Promise<JwksServer> {
  const server = await startJwksServer(answer ? { jwks: (await KeySet.generate()).publicJwks() } : "hang");
  servers.push(server);
  return server;
}

const levels = (sink: ReturnType<typeof logSink>): { msg: unknown; level: unknown }[] =>
  sink.entries().map(({ msg, level }) => ({ msg, level }));

describe("awaitKeys", () => {
  it("resolves once the issuer's keys are loaded, says so, and makes the service ready", async () => {
    const keys = createKeys({ kind: "remote", jwksUrl: new URL((await jwksServer(true)).jwksUrl), refreshSeconds: 600 });
    const sink = logSink("test");
    const readiness = new Readiness();
    await awaitKeys(keys, sink.logger, readiness, 5_000);
    expect(levels(sink)).toEqual([{ msg: "keys loaded", level: 30 }]);
    expect(readiness.state).toEqual({ status: "ready" });
    expect(keys.resolver.resolve(undefined)).not.toBeInstanceOf(Promise);
  });

  it("gives up after waitMs when the issuer hangs, warns, stays not ready, and never rejects", async () => {
    const keys = createKeys({ kind: "remote", jwksUrl: new URL((await jwksServer(false)).jwksUrl), refreshSeconds: 600 });
    const sink = logSink("test");
    const readiness = new Readiness();
    await expect(awaitKeys(keys, sink.logger, readiness, 50)).resolves.toBeUndefined();
    expect(levels(sink)).toEqual([{ level: 40, msg: "keys not loaded yet; answering 503 until the issuer is reachable" }]);
    expect(readiness.state.status).toBe("not_ready");
  });

  it("warns at once when the issuer refuses connections, and becomes ready when it comes back", async () => {
    const issuer = await jwksServer(true);
    issuer.answer = { status: 503 };
    const keys = createKeys({ kind: "remote", jwksUrl: new URL(issuer.jwksUrl), refreshSeconds: 600 });
    const sink = logSink("test");
    const readiness = new Readiness();
    await awaitKeys(keys, sink.logger, readiness, 5_000);
    expect(levels(sink).map((l) => l.level)).toEqual([40]);
    expect(readiness.state.status).toBe("not_ready");
    issuer.answer = { jwks: (await KeySet.generate()).publicJwks() };
    await expect.poll(() => readiness.state.status, { timeout: 10_000 }).toBe("ready");
    expect(levels(sink).at(-1)).toEqual({ msg: "keys loaded", level: 30 });
  });

  it("is ready at once with keys from a file or a string", async () => {
    const readiness = new Readiness();
    const jwks = JSON.stringify((await KeySet.generate()).publicJwks());
    await awaitKeys(createKeys({ kind: "inline", jwks }), logSink("test").logger, readiness);
    expect(readiness.state).toEqual({ status: "ready" });
  });
});
