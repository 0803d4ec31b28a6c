// A full login leaves no password, secret, token or Authorization value in the logs.
import { describe, expect, it } from "vitest";
import { createLogger } from "@org/service-kit";
import { ALICE, basic, Capture, SECRETS, startIssuer, tokenBody } from "./helpers.js";

describe("log redaction", () => {
  it("logs requests with ids but none of the secrets of a full login", async () => {
    const issuer = await startIssuer({ logLevel: "trace" });
    const secrets: string[] = [...Object.values(SECRETS)];
    try {
      const login = await tokenBody(await issuer.post(ALICE, { headers: { "x-request-id": "login-1" } }));
      const refreshed = await tokenBody(await issuer.post({ grant_type: "refresh_token", refresh_token: login.refresh_token ?? "" }));
      const authorization = basic("reporting-job", SECRETS.reporting);
      const viaBasic = await tokenBody(await issuer.post({ grant_type: "client_credentials" }, { headers: { authorization } }));
      const viaBody = await tokenBody(await issuer.post({ grant_type: "client_credentials", client_id: "reporting-job", client_secret: SECRETS.reporting }));
      // Failures too: a wrong password, a wrong Basic secret, a JSON body with a password that fails to parse.
      await issuer.post({ ...ALICE, password: "wrong-password-123" });
      const wrongBasic = basic("reporting-job", "wrong-secret-456");
      await issuer.post({ grant_type: "client_credentials" }, { headers: { authorization: wrongBasic } });
      await fetch(`${issuer.url}/token`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"password":"json-secret-789"' });
      await fetch(`${issuer.url}/token?password=query-secret-000`, { method: "POST" });
      secrets.push(
        "wrong-password-123", "wrong-secret-456", "json-secret-789", "query-secret-000",
        authorization.slice(6), wrongBasic.slice(6),
        login.access_token, login.refresh_token ?? "", refreshed.access_token, refreshed.refresh_token ?? "",
        viaBasic.access_token, viaBody.access_token,
      );
      // Token parts on their own (a signature or payload must not leak either).
      for (const token of [login.access_token, login.refresh_token ?? ""]) secrets.push(...token.split("."));
    } finally {
      await issuer.close();
    }
    const logs = issuer.logs.text;
    const lines = logs.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.msg === "request").length).toBeGreaterThanOrEqual(8);
    expect(lines.some((l) => l.reqId === "login-1" && l.path === "/token" && l.status === 200)).toBe(true);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(5);
      expect(logs).not.toContain(secret);
    }
    expect(logs.toLowerCase()).not.toContain("basic ");
  });

  it("censors secret fields even if code logs them by mistake", () => {
    const out = new Capture();
    const logger = createLogger({ service: "issuer", level: "info", destination: out });
    logger.info({
      password: "p1-secret",
      client_secret: "c1-secret",
      req: { headers: { authorization: "Bearer t1-secret", cookie: "sid=k1-secret" } },
      body: { refresh_token: "r1-secret" },
      nested: { access_token: "a1-secret", token: "x1-secret" },
    }, "oops");
    for (const s of ["p1-secret", "c1-secret", "t1-secret", "k1-secret", "r1-secret", "a1-secret", "x1-secret"]) {
      expect(out.text).not.toContain(s);
    }
    expect(out.text).toContain("[redacted]");
  });
});
