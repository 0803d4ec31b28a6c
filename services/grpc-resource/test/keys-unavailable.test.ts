import * as grpc from "@grpc/grpc-js";
import { loadResourceService, type Me } from "@org/proto";
import { KeySet, createSigner } from "@org/token";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { AUDIENCE, createApp } from "../src/app.js";
import { createKeys } from "@org/resource-core";
import { createLogger } from "../src/logging.js";
import { ISSUER, LogSink, bind, invoke } from "./helpers.js";

/** A loopback port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("an issuer unreachable since start", () => {
  it("fails closed with UNAVAILABLE and logs why without the token", async () => {
    const logs = new LogSink();
    const keys = createKeys({ kind: "remote", jwksUrl: new URL(`http://127.0.0.1:${await closedPort()}/.well-known/jwks.json`) });
    const app = createApp({ issuer: ISSUER, keys: keys.resolver, logger: createLogger("info", logs) });
    const port = await bind(app.server);
    const client = new (loadResourceService().Client)(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const signer = createSigner({ keys: await KeySet.generate(), issuer: ISSUER });
    const { token } = await signer.accessToken({ sub: "alice", client_id: "demo-cli", aud: AUDIENCE, scope: "profile" });

    const outcome = await invoke<Record<string, never>, Me>((r, md, cb) => client.GetMe(r, md, cb), {}, token);
    client.close();
    app.server.forceShutdown();

    expect(outcome).toMatchObject({
      code: grpc.status.UNAVAILABLE,
      details: "The signing keys are temporarily unavailable",
      expiresIn: [],
    });
    expect(logs.entries("refused")).toMatchObject([{ reason: "keys_unavailable", code: grpc.status.UNAVAILABLE }]);
    expect(logs.lines.join("\n")).not.toContain(token);
  });
});
