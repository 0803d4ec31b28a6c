// @org/client and @org/client/grpc from outside the monorepo: log in with client credentials
// at a stand-in issuer, then call the Express route with client.fetch and the gRPC method with
// callCredentials.
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import * as grpc from "@grpc/grpc-js";
import { createClient } from "@org/client";
import { callCredentials } from "@org/client/grpc";
import { authority } from "./lib/authority.js";
import { expressServer } from "./lib/express-app.js";
import { getMe, startGrpc } from "./lib/grpc-server.js";
import { close, listen } from "./lib/http.js";
import { standInIssuer } from "./lib/issuer.js";
import { fail, report } from "./lib/report.js";

async function main(): Promise<void> {
  const issuerServer = createServer();
  const issuer = await listen(issuerServer);
  const { signer, verifier } = await authority(issuer);
  const known = { clientId: "reporting-job", clientSecret: randomBytes(32).toString("base64url") };
  issuerServer.on("request", standInIssuer(issuer, signer, known));
  const api = expressServer(verifier);
  const apiUrl = await listen(api);
  const grpcServer = await startGrpc(verifier);
  const stub = new grpc.Client(grpcServer.address, grpc.credentials.createInsecure());
  try {
    const client = createClient({ issuer, ...known });
    await client.loginWithClientCredentials({ scope: "profile" });
    const response = await client.fetch(`${apiUrl}/me`);
    const body: unknown = await response.json();
    const result = {
      fetch: { status: response.status, body },
      grpc: await getMe(stub, new grpc.Metadata(), { credentials: callCredentials(client) }),
    };
    assert.deepEqual(result, {
      fetch: { status: 200, body: { sub: known.clientId } },
      grpc: { code: grpc.status.OK, sub: known.clientId },
    });
    report(result);
  } finally {
    stub.close();
    grpcServer.server.forceShutdown();
    await close(api);
    await close(issuerServer);
  }
}

main().catch(fail);
