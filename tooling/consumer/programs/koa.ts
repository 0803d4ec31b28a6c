// @org/token-koa from outside the monorepo: 200 with a token and 401 with the bare challenge
// without one.
import { accessToken, authority, ISSUER } from "./lib/authority.js";
import { close, expectProtected, listen, probe } from "./lib/http.js";
import { koaServer } from "./lib/koa-app.js";
import { fail, report } from "./lib/report.js";

async function main(): Promise<void> {
  const { signer, verifier } = await authority(ISSUER);
  const server = koaServer(verifier);
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
