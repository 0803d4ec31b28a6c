// @org/token-grpc from outside the monorepo: GetMe is OK with a token and UNAUTHENTICATED
// without one.
import { strict as assert } from "node:assert";
import * as grpc from "@grpc/grpc-js";
import { accessToken, authority, ISSUER } from "./lib/authority.js";
import { getMe, startGrpc } from "./lib/grpc-server.js";
import { fail, report } from "./lib/report.js";

async function main(): Promise<void> {
  const { signer, verifier } = await authority(ISSUER);
  const { server, address } = await startGrpc(verifier);
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  try {
    const metadata = new grpc.Metadata();
    metadata.set("authorization", `Bearer ${await accessToken(signer, "alice")}`);
    const result = { withToken: await getMe(client, metadata), without: await getMe(client, new grpc.Metadata()) };
    assert.deepEqual(result, {
      withToken: { code: grpc.status.OK, sub: "alice" },
      without: { code: grpc.status.UNAUTHENTICATED, sub: undefined },
    });
    report(result);
  } finally {
    client.close();
    server.forceShutdown();
  }
}

main().catch(fail);
