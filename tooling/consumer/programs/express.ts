// @org/token-express from outside the monorepo: GET /me answers 200 with a token and 401 with
// the bare challenge without one.
import { accessToken, authority, ISSUER } from "./lib/authority.js";
import { expressServer } from "./lib/express-app.js";
import { close, expectProtected, listen, probe } from "./lib/http.js";
import { fail, report } from "./lib/report.js";

async function main(): Promise<void> {
  const { signer, verifier } = await authority(ISSUER);
  const server = expressServer(verifier);
  const url = await listen(server);
  try {
    const result = await probe(`${url}/me`, await accessToken(signer, "alice"));
    expectProtected(result, "alice");
    report(result);
  } finally {
    await close(server);
  }
}

main().catch(fail);
