import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { ConfigError } from "@org/service-kit";
import { exportPublicJwk, generateKey } from "@org/token";
import { describe, expect, it } from "vitest";
import { killAfterTest } from "../child.js";
import { tokenMaker } from "../fixtures.js";
import type { HttpResourceService } from "./service.js";

/**
 * The service's settings: defaults, every variable, bad values named in one line, and the built
 * main.js refusing a bad setting, serving, logging "listening" and stopping on SIGTERM.
 *
 * @example
 * describeConfig(service);
 */
export function describeConfig(service: HttpResourceService): void {
  const { portVariable: PORT_VARIABLE, defaultPort: DEFAULT_PORT, name: SERVICE } = service.identity;
  const MAIN = service.main;
  const parse = (env: Record<string, string>) => service.parseConfig(env);

  describe("parseConfig", () => {
    it("has the contract's defaults", () => {
      expect(parse({})).toEqual({
        host: "127.0.0.1",
        port: DEFAULT_PORT,
        issuer: "http://127.0.0.1:4000",
        keys: { kind: "remote", jwksUrl: new URL("http://127.0.0.1:4000/.well-known/jwks.json"), refreshSeconds: 600 },
        logLevel: "info",
        cookieName: undefined,
        maxTokenLifetime: 3600,
        dpop: { required: false, publicBaseUrl: undefined },
      });
    });

    it("reads every setting", () => {
      const config = parse({
        HOST: "0.0.0.0",
        [PORT_VARIABLE]: "0",
        TOKEN_ISSUER: "https://issuer.example",
        ISSUER_URL: "http://issuer:4000/auth",
        ALLOW_INSECURE_ISSUER_URL: "true",
        LOG_LEVEL: "warn",
        TOKEN_COOKIE: "access_token",
        MAX_TOKEN_LIFETIME: "900",
        REDIS_URL: "redis://:secret@redis:6379/0",
        REVOCATION_MAX_STALENESS: "10",
        REVOCATION_FAIL_OPEN: "true",
        JWKS_REFRESH_SECONDS: "60",
        REQUIRE_DPOP: "true",
        PUBLIC_BASE_URL: "https://api.example.com/orders-api",
      });
      expect(config).toMatchObject({ host: "0.0.0.0", port: 0, issuer: "https://issuer.example", logLevel: "warn", maxTokenLifetime: 900 });
      expect(config.keys).toEqual({ kind: "remote", jwksUrl: new URL("http://issuer:4000/auth/.well-known/jwks.json"), refreshSeconds: 60 });
      expect(config.cookieName).toBe("access_token");
      expect(config.revocation).toEqual({ redisUrl: "redis://:secret@redis:6379/0", maxStalenessMs: 10_000, failOpen: true });
      expect(config.dpop).toEqual({ required: true, publicBaseUrl: "https://api.example.com/orders-api" });
    });

    it("lets a JWKS file or string win over ISSUER_URL, and treats empty values as unset", () => {
      expect(parse({ JWKS_FILE: "/keys.json", ISSUER_URL: "http://x" }).keys).toEqual({ kind: "file", path: "/keys.json" });
      expect(parse({ JWKS: '{"keys":[]}' }).keys).toEqual({ kind: "inline", jwks: '{"keys":[]}' });
      expect(parse({ JWKS_FILE: "", [PORT_VARIABLE]: "" }).keys.kind).toBe("remote");
    });

    const bad: [Record<string, string>, string][] = [
      [{ [PORT_VARIABLE]: "abc" }, PORT_VARIABLE],
      [{ [PORT_VARIABLE]: "65536" }, PORT_VARIABLE],
      [{ [PORT_VARIABLE]: "-1" }, PORT_VARIABLE],
      [{ [PORT_VARIABLE]: "40.5" }, PORT_VARIABLE],
      [{ TOKEN_ISSUER: "not a url" }, "TOKEN_ISSUER"],
      [{ ISSUER_URL: "ftp://issuer" }, "ISSUER_URL"],
      [{ ISSUER_URL: "issuer:4000" }, "ISSUER_URL"],
      [{ JWKS_FILE: "/a.json", JWKS: "{}" }, "JWKS"],
      [{ LOG_LEVEL: "verbose" }, "LOG_LEVEL"],
      [{ ISSUER_URL: "http://issuer:4000" }, "ISSUER_URL"],
      [{ MAX_TOKEN_LIFETIME: "0" }, "MAX_TOKEN_LIFETIME"],
      [{ JWKS_REFRESH_SECONDS: "0" }, "JWKS_REFRESH_SECONDS"],
      [{ JWKS_REFRESH_SECONDS: "86401" }, "JWKS_REFRESH_SECONDS"],
      [{ REDIS_URL: "http://127.0.0.1:6379" }, "REDIS_URL"],
      [{ REDIS_URL: "not a url" }, "REDIS_URL"],
      [{ REVOCATION_MAX_STALENESS: "0" }, "REVOCATION_MAX_STALENESS"],
      [{ REVOCATION_FAIL_OPEN: "yes" }, "REVOCATION_FAIL_OPEN"],
      [{ TOKEN_COOKIE: "a b" }, "TOKEN_COOKIE"],
      [{ TOKEN_COOKIE: "a=b" }, "TOKEN_COOKIE"],
      [{ REQUIRE_DPOP: "1" }, "REQUIRE_DPOP"],
      [{ PUBLIC_BASE_URL: "api.example.com" }, "PUBLIC_BASE_URL"],
      [{ PUBLIC_BASE_URL: "https://api.example.com/?q" }, "PUBLIC_BASE_URL"],
    ];
    it.each(bad)("refuses %o naming %s", (env, variable) => {
      let error: ConfigError | undefined;
      try {
        parse(env);
      } catch (err) {
        if (err instanceof ConfigError) error = err;
      }
      expect(error?.variable).toBe(variable);
      expect(error?.message).toMatch(new RegExp(`^${variable}: `));
    });
  });

  interface Exit {
    code: number | null;
    stdout: string;
    stderr: string;
  }

  async function run(env: Record<string, string>, onLine?: (line: string, stop: () => void) => void): Promise<Exit> {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    killAfterTest(child);
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on("line", (line) => {
      stdout += `${line}\n`;
      onLine?.(line, () => child.kill("SIGTERM"));
    });
    const [code] = (await once(child, "exit")) as [number | null];
    return { code, stdout, stderr };
  }

  describe("dist/main.js", () => {
    it("exits 1 with one stderr line naming a bad variable", async () => {
      const { code, stderr, stdout } = await run({ [PORT_VARIABLE]: "not-a-port" });
      expect(code).toBe(1);
      expect(stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(stderr).toMatch(new RegExp(`^${SERVICE}: ${PORT_VARIABLE}: `));
      expect(stdout).toBe("");
    });

    it("serves with an inline JWKS, logs 'listening' with its port, keeps tokens out of the logs, stops on SIGTERM", async () => {
      const key = await generateKey();
      // A separate process verifies on the real clock, so this token is signed on it too.
      const token = await tokenMaker(key, { clock: Date.now })();
      let status = 0;
      const { code, stdout } = await run(
        {
          [PORT_VARIABLE]: "0",
          JWKS: JSON.stringify({ keys: [exportPublicJwk(key)] }),
          TOKEN_ISSUER: "http://127.0.0.1:4000",
        },
        (line, stop) => {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg !== "listening") return;
          // cookieTransport, not "cookie": the redaction of cookie headers must not hide the setting.
          expect(entry).toMatchObject({ service: SERVICE, host: "127.0.0.1", cookieTransport: false });
          void fetch(`http://127.0.0.1:${String(entry.port)}/me`, { headers: { authorization: `Bearer ${token}` } })
            .then((res) => (status = res.status))
            .finally(stop);
        },
      );
      expect(status).toBe(200);
      expect(code).toBe(0);
      expect(stdout).toContain('"msg":"stopped"');
      expect(stdout).not.toContain(token);
      expect(stdout).not.toContain(token.split(".")[2]);
    });
  });
}
