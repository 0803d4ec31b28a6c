import * as grpc from "@grpc/grpc-js";
import { loadResourceService, type Me } from "@org/proto";
import { KeySet, createSigner } from "@org/token";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { verification } from "@org/resource-core";
import { logSink } from "@org/testkit";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { IDENTITY } from "../src/identity.js";
import { ISSUER, bind, invoke } from "./helpers.js";

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
    const logs = logSink(IDENTITY.name);
    const config = loadConfig({ TOKEN_ISSUER: ISSUER, ISSUER_URL: `http://127.0.0.1:${await closedPort()}` });
    const app = createApp({ verifier: verification(IDENTITY, config).verifier, logger: logs.logger });
    const port = await bind(app.server);
    const client = new (loadResourceService().Client)(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const signer = createSigner({ keys: await KeySet.generate(), issuer: ISSUER });
    const { token } = await signer.accessToken({ sub: "alice", client_id: "demo-cli", aud: IDENTITY.audience, scope: "profile" });

    const outcome = await invoke<Record<string, never>, Me>((r, md, cb) => client.GetMe(r, md, cb), {}, token);
    client.close();
    app.server.forceShutdown();

    expect(outcome).toMatchObject({
      code: grpc.status.UNAVAILABLE,
      details: "The signing keys are temporarily unavailable",
      expiresIn: [],
    });
    expect(logs.entries("token rejected")).toMatchObject([{ code: "keys_unavailable", grpc_code: grpc.status.UNAVAILABLE }]);
    expect(logs.lines.join("\n")).not.toContain(token);
  });
});
