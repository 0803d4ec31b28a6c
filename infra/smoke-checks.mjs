#!/usr/bin/env node
// The smoke scenarios against a running topology (infra/smoke runs them against the compose ports):
// the four healthchecks, alice's login, her token on Express, Koa and gRPC, a tampered token
// refused by all three, and a JWKS without private members. Dependency-free.
// Settings: ISSUER_URL, EXPRESS_URL, KOA_URL (http://host:port), GRPC_ADDR (host:port),
// EXPECTED_ISSUER (the `iss` the tokens must carry; optional), EXPRESS_REPLICA_URLS (optional,
// space-separated: replicas of the Express service, each of which must accept her token).
// Prints one line per check, then "N passed, M failed"; exits 1 when any check failed.
// Never prints a token: checks report claims and status codes only.
import { decodeFields, grpcUnary, probe } from "./healthcheck.mjs";

const REQUEST_TIMEOUT_MS = 5000;
const MAX_BODY_BYTES = 64 * 1024;
const AUDIENCES = ["urn:demo:express", "urn:demo:koa", "urn:demo:grpc"];
// Members that only a private or symmetric JWK has (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2).
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
const GRPC_UNAUTHENTICATED = 16;

/** @typedef {{ status: number, headers: Headers, body: string }} Answer */
/** @typedef {{ sub: string, client_id: string, scope: string[], service: string }} Me */
/** @typedef {Record<string, unknown>} JsonObject */

/** @param {string} name */
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
const expectedIssuer = process.env.EXPECTED_ISSUER ?? "";
const expressReplicas = (process.env.EXPRESS_REPLICA_URLS ?? "").split(" ").filter((url) => url !== "");
/** @type {[string, string][]} the HTTP resource services: name (as /me reports it), base URL */
const HTTP_SERVICES = [
  ["express", expressUrl],
  ["koa", koaUrl],
];

/** @type {boolean[]} */
const results = [];

/**
 * Runs one check; `run` returns a short detail or throws with the reason.
 *
 * @param {string} name
 * @param {() => Promise<string>} run
 */
async function check(name, run) {
  try {
    const detail = await run();
    results.push(true);
    console.log(`ok - ${name}${detail === "" ? "" : ` (${detail})`}`);
  } catch (error) {
    results.push(false);
    console.log(`not ok - ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * @param {boolean} condition
 * @param {string} reason
 * @returns {asserts condition}
 */
function expect(condition, reason) {
  if (!condition) throw new Error(reason);
}

/**
 * fetch with a deadline; the body is read up to MAX_BODY_BYTES.
 *
 * @param {string} url
 * @param {RequestInit} [init]
 * @returns {Promise<Answer>}
 */
async function request(url, init = {}) {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  /** @type {Uint8Array[]} */
  const chunks = [];
  let size = 0;
  if (response.body !== null) {
    const reader = /** @type {ReadableStreamDefaultReader<Uint8Array>} */ (response.body.getReader());
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      const chunk = next.value;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw new Error(`${url}: body over ${MAX_BODY_BYTES} bytes`);
      }
      chunks.push(chunk);
    }
  }
  return { status: response.status, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") };
}

/**
 * @param {string} text
 * @returns {unknown}
 */
function parseJson(text) {
  return JSON.parse(text);
}

/**
 * @param {string} text
 * @returns {JsonObject}
 */
function jsonObject(text) {
  /** @type {unknown} */
  let value;
  try {
    value = parseJson(text);
  } catch {
    throw new Error("the body is not JSON");
  }
  expect(typeof value === "object" && value !== null && !Array.isArray(value), "the body is not a JSON object");
  return /** @type {JsonObject} */ (value);
}

/** @param {unknown} value */
const text = (value) => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * The token's claims, read without verifying (the services verify; this only reports).
 *
 * @param {string} token
 */
function claims(token) {
  const payload = token.split(".")[1];
  expect(payload !== undefined, "the access token is not a compact JWS");
  return jsonObject(Buffer.from(payload, "base64url").toString("utf8"));
}

/**
 * The same token with one claim changed and the signature kept: it must not verify.
 *
 * @param {string} token
 */
function tamper(token) {
  const [header, , signature] = token.split(".");
  const payload = Buffer.from(JSON.stringify({ ...claims(token), sub: "mallory" })).toString("base64url");
  return `${header ?? ""}.${payload}.${signature ?? ""}`;
}

/** alice's access token from the password grant (public client demo-cli). */
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
  const body = jsonObject(answer.body);
  expect(typeof body.access_token === "string", "no access_token in the answer");
  expect(body.token_type === "Bearer", `token_type ${text(body.token_type)}`);
  expect(answer.headers.get("cache-control")?.includes("no-store") === true, "no Cache-Control: no-store");
  return body.access_token;
}

/**
 * GetMe over gRPC. Me: fields 1 sub, 2 client_id, 3 repeated scope, 4 service.
 *
 * @param {string} token
 * @returns {Promise<{ status: number, me: Me }>}
 */
async function grpcGetMe(token) {
  const answer = await grpcUnary(grpcAddr, "/demo.v1.Resource/GetMe", new Uint8Array(0), {
    authorization: `Bearer ${token}`,
  });
  /** @type {Me} */
  const me = { sub: "", client_id: "", scope: [], service: "" };
  for (const { number, value } of decodeFields(answer.message)) {
    if (typeof value === "number") continue;
    const field = Buffer.from(value).toString("utf8");
    if (number === 1) me.sub = field;
    else if (number === 2) me.client_id = field;
    else if (number === 3) me.scope.push(field);
    else if (number === 4) me.service = field;
  }
  return { status: answer.status, me };
}

/**
 * GET /me on an HTTP resource service.
 *
 * @param {string} url
 * @param {string} token
 * @returns {Promise<Answer & { me: Me | undefined }>}
 */
async function httpMe(url, token) {
  const answer = await request(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });
  if (answer.status !== 200) return { ...answer, me: undefined };
  const body = jsonObject(answer.body);
  const scope = Array.isArray(body.scope) ? body.scope.filter((item) => typeof item === "string") : [];
  return {
    ...answer,
    me: { sub: text(body.sub), client_id: text(body.client_id), scope, service: text(body.service) },
  };
}

async function healthchecks() {
  /** @type {[string, string][]} */
  const targets = [
    ["issuer", `${issuerUrl}/readyz`],
    ["express-resource", `${expressUrl}/readyz`],
    ["koa-resource", `${koaUrl}/readyz`],
    ["grpc-resource", `grpc://${grpcAddr}`],
  ];
  for (const [name, target] of targets) {
    await check(`${name} healthcheck`, async () => {
      const { ready, detail } = await probe(target);
      expect(ready, detail);
      return detail;
    });
  }
}

/** @param {string} token */
function checkClaims(token) {
  const claimed = claims(token);
  expect(claimed.sub === "alice", `sub ${text(claimed.sub)}`);
  if (expectedIssuer !== "") {
    expect(claimed.iss === expectedIssuer, `iss ${text(claimed.iss)}, expected ${expectedIssuer}`);
  }
  const audiences = Array.isArray(claimed.aud) ? claimed.aud : [claimed.aud];
  expect(AUDIENCES.every((aud) => audiences.includes(aud)), "the token does not carry all three audiences");
  return `iss ${text(claimed.iss)}, scope ${text(claimed.scope)}`;
}

/** @param {() => string} token */
async function tokenWorks(token) {
  for (const [service, url] of HTTP_SERVICES) {
    await check(`her token works on ${service} GET /me`, async () => {
      const { status, me } = await httpMe(url, token());
      expect(status === 200 && me !== undefined, `answered ${status}`);
      expect(me.sub === "alice" && me.service === service, `me ${me.sub}/${me.service}`);
      return `sub ${me.sub}, scope ${me.scope.join(" ")}`;
    });
  }
  if (expressReplicas.length > 0) {
    await check(`her token works on each of ${expressReplicas.length} express replicas (nothing shared but the JWKS)`, async () => {
      for (const url of expressReplicas) {
        const { status, me } = await httpMe(url.replace(/\/$/, ""), token());
        expect(status === 200 && me?.sub === "alice", `${url} answered ${status}`);
      }
      return expressReplicas.join(", ");
    });
  }
  await check("her token works on gRPC GetMe", async () => {
    const { status, me } = await grpcGetMe(token());
    expect(status === 0, `grpc status ${status}`);
    expect(me.sub === "alice" && me.service === "grpc", `me ${me.sub}/${me.service}`);
    return `sub ${me.sub}, scope ${me.scope.join(" ")}`;
  });
}

/** @param {() => string} token */
async function tamperedRefused(token) {
  for (const [service, url] of HTTP_SERVICES) {
    await check(`a tampered token gets 401 on ${service}`, async () => {
      const forged = tamper(token());
      const { status, headers, body } = await httpMe(url, forged);
      expect(status === 401, `answered ${status}`);
      const challenge = headers.get("www-authenticate") ?? "";
      expect(challenge.startsWith("Bearer ") && challenge.includes('error="invalid_token"'), "no invalid_token challenge");
      expect(!body.includes(forged) && !challenge.includes(forged), "the answer echoes the token");
      return "WWW-Authenticate: Bearer error=invalid_token";
    });
  }
  await check("a tampered token gets UNAUTHENTICATED on gRPC", async () => {
    const { status } = await grpcGetMe(tamper(token()));
    expect(status === GRPC_UNAUTHENTICATED, `grpc status ${status}`);
    return "status 16";
  });
}

async function publicJwks() {
  await check("the issuer's JWKS carries no private member", async () => {
    const { status, body } = await request(`${issuerUrl}/.well-known/jwks.json`);
    expect(status === 200, `answered ${status}`);
    const { keys } = jsonObject(body);
    expect(Array.isArray(keys) && keys.length > 0, "no keys");
    /** @type {string[]} */
    const described = [];
    for (const key of /** @type {unknown[]} */ (keys)) {
      expect(typeof key === "object" && key !== null, "a key is not an object");
      const found = PRIVATE_MEMBERS.filter((member) => Object.hasOwn(key, member));
      expect(found.length === 0, `a key has ${found.join(", ")}`);
      const { kid, alg, use } = /** @type {JsonObject} */ (key);
      expect(use === "sig" && typeof kid === "string" && typeof alg === "string", "a key lacks kid, alg or use");
      described.push(`${kid} ${alg}`);
    }
    return `${described.length} key(s): ${described.join(", ")}`;
  });
}

async function main() {
  await healthchecks();
  /** @type {string | undefined} */
  let token;
  await check("alice logs in (password grant, demo-cli)", async () => {
    token = await login();
    return checkClaims(token);
  });
  const needToken = () => {
    expect(token !== undefined, "no token: the login failed");
    return token;
  };
  await tokenWorks(needToken);
  await tamperedRefused(needToken);
  await publicJwks();
}

await main();
const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
