#!/usr/bin/env node
// The smoke scenarios against a running topology (infra/smoke runs them against the compose ports):
// the four healthchecks, alice's login, her token on Express, Koa and gRPC, a tampered token
// refused by all three, and a JWKS without private members. Dependency-free.
// Settings: ISSUER_URL, EXPRESS_URL, KOA_URL (http://host:port), GRPC_ADDR (host:port),
// EXPECTED_ISSUER (the `iss` the tokens must carry; optional).
// Prints one line per check, then "N passed, M failed"; exits 1 when any check failed.
// Never prints a token: checks report claims and status codes only.
import { decodeFields, grpcUnary, probe } from "./healthcheck.mjs";

const REQUEST_TIMEOUT_MS = 5000;
const MAX_BODY_BYTES = 64 * 1024;
const AUDIENCES = ["urn:demo:express", "urn:demo:koa", "urn:demo:grpc"];
// Members that only a private or symmetric JWK has (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2).
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
const GRPC_UNAUTHENTICATED = 16;

function setting(name) {
  const value = process.env[name];
  if (value === undefined || value === "") {
    process.stderr.write(`smoke-checks: set ${name}\n`);
    process.exit(2);
  }
  return value.replace(/\/$/, "");
}

const issuerUrl = setting("ISSUER_URL");
const expressUrl = setting("EXPRESS_URL");
const koaUrl = setting("KOA_URL");
const grpcAddr = setting("GRPC_ADDR");
const expectedIssuer = process.env.EXPECTED_ISSUER;

const results = [];

/** Runs one check; `run` returns a short detail or throws with the reason. */
async function check(name, run) {
  try {
    const detail = await run();
    results.push(true);
    console.log(`ok - ${name}${detail ? ` (${detail})` : ""}`);
  } catch (error) {
    results.push(false);
    console.log(`not ok - ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function expect(condition, reason) {
  if (!condition) throw new Error(reason);
}

/** fetch with a deadline; the body is read up to MAX_BODY_BYTES. */
async function request(url, init = {}) {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const reader = response.body?.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const next = reader === undefined ? { done: true } : await reader.read();
    if (next.done) break;
    size += next.value.length;
    if (size > MAX_BODY_BYTES) {
      await reader?.cancel();
      throw new Error(`${url}: body over ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(next.value);
  }
  return { status: response.status, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") };
}

function json(text) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error("the body is not JSON");
  }
}

function claims(token) {
  const payload = token.split(".")[1];
  expect(payload !== undefined, "the access token is not a compact JWS");
  return json(Buffer.from(payload, "base64url").toString("utf8"));
}

/** The same token with one claim changed and the signature kept: it must not verify. */
function tamper(token) {
  const [header, , signature] = token.split(".");
  const payload = Buffer.from(JSON.stringify({ ...claims(token), sub: "mallory" })).toString("base64url");
  return `${header}.${payload}.${signature}`;
}

async function login() {
  const answer = await request(`${issuerUrl}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      username: "alice",
      password: "alice-demo-password",
      client_id: "demo-cli",
    }),
  });
  expect(answer.status === 200, `POST /token answered ${answer.status}`);
  const body = json(answer.body);
  expect(typeof body.access_token === "string", "no access_token in the answer");
  expect(body.token_type === "Bearer", `token_type ${String(body.token_type)}`);
  expect(answer.headers.get("cache-control")?.includes("no-store") === true, "no Cache-Control: no-store");
  return body.access_token;
}

/** Me over gRPC: fields 1 sub, 2 client_id, 3 repeated scope, 4 service. */
async function grpcGetMe(token) {
  const answer = await grpcUnary(grpcAddr, "/demo.v1.Resource/GetMe", new Uint8Array(0), {
    authorization: `Bearer ${token}`,
  });
  const me = { sub: "", client_id: "", scope: [], service: "" };
  for (const { number, value } of decodeFields(answer.message)) {
    if (typeof value === "number") continue;
    const text = Buffer.from(value).toString("utf8");
    if (number === 1) me.sub = text;
    else if (number === 2) me.client_id = text;
    else if (number === 3) me.scope.push(text);
    else if (number === 4) me.service = text;
  }
  return { status: answer.status, me };
}

async function httpMe(url, token) {
  const answer = await request(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });
  return { ...answer, me: answer.status === 200 ? json(answer.body) : undefined };
}

async function main() {
  const healthTargets = [
    ["issuer", `${issuerUrl}/readyz`],
    ["express-resource", `${expressUrl}/readyz`],
    ["koa-resource", `${koaUrl}/readyz`],
    ["grpc-resource", `grpc://${grpcAddr}`],
  ];
  for (const [name, target] of healthTargets) {
    await check(`${name} healthcheck`, async () => {
      const { ready, detail } = await probe(target);
      expect(ready, detail);
      return detail;
    });
  }

  let token;
  await check("alice logs in (password grant, demo-cli)", async () => {
    token = await login();
    const claimed = claims(token);
    expect(claimed.sub === "alice", `sub ${String(claimed.sub)}`);
    if (expectedIssuer !== undefined && expectedIssuer !== "") {
      expect(claimed.iss === expectedIssuer, `iss ${String(claimed.iss)}, expected ${expectedIssuer}`);
    }
    const audiences = Array.isArray(claimed.aud) ? claimed.aud : [claimed.aud];
    expect(AUDIENCES.every((aud) => audiences.includes(aud)), "the token does not carry all three audiences");
    return `iss ${String(claimed.iss)}, scope ${String(claimed.scope)}`;
  });
  const needToken = () => {
    expect(token !== undefined, "no token: the login failed");
    return token;
  };

  for (const [service, url] of [["express", expressUrl], ["koa", koaUrl]]) {
    await check(`her token works on ${service} GET /me`, async () => {
      const { status, me } = await httpMe(url, needToken());
      expect(status === 200, `answered ${status}`);
      expect(me.sub === "alice" && me.service === service, `me ${me.sub}/${me.service}`);
      return `sub ${me.sub}, scope ${me.scope.join(" ")}`;
    });
  }
  await check("her token works on gRPC GetMe", async () => {
    const { status, me } = await grpcGetMe(needToken());
    expect(status === 0, `grpc status ${status}`);
    expect(me.sub === "alice" && me.service === "grpc", `me ${me.sub}/${me.service}`);
    return `sub ${me.sub}, scope ${me.scope.join(" ")}`;
  });

  for (const [service, url] of [["express", expressUrl], ["koa", koaUrl]]) {
    await check(`a tampered token gets 401 on ${service}`, async () => {
      const forged = tamper(needToken());
      const { status, headers, body } = await httpMe(url, forged);
      expect(status === 401, `answered ${status}`);
      const challenge = headers.get("www-authenticate") ?? "";
      expect(challenge.startsWith("Bearer ") && challenge.includes('error="invalid_token"'), "no invalid_token challenge");
      expect(!body.includes(forged) && !challenge.includes(forged), "the answer echoes the token");
      return "WWW-Authenticate: Bearer error=invalid_token";
    });
  }
  await check("a tampered token gets UNAUTHENTICATED on gRPC", async () => {
    const { status } = await grpcGetMe(tamper(needToken()));
    expect(status === GRPC_UNAUTHENTICATED, `grpc status ${status}`);
    return "status 16";
  });

  await check("the issuer's JWKS carries no private member", async () => {
    const { status, body } = await request(`${issuerUrl}/.well-known/jwks.json`);
    expect(status === 200, `answered ${status}`);
    const { keys } = json(body);
    expect(Array.isArray(keys) && keys.length > 0, "no keys");
    for (const key of keys) {
      const found = PRIVATE_MEMBERS.filter((member) => Object.hasOwn(key, member));
      expect(found.length === 0, `key ${String(key.kid)} has ${found.join(", ")}`);
      expect(key.use === "sig" && typeof key.kid === "string" && typeof key.alg === "string", "a key lacks kid, alg or use");
    }
    return `${keys.length} key(s): ${keys.map((key) => `${key.kid} ${key.alg}`).join(", ")}`;
  });
}

await main();
const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
