import * as grpc from "@grpc/grpc-js";
import {
  TOKEN_ERRORS,
  createSigner,
  createVerifier,
  generateKey,
  remoteKeys,
  staticKeys,
  type Key,
  type Verifier,
} from "@org/token";
import { startJwksServer, type JwksServer } from "@org/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthInterceptor, type RefusedCall } from "../src/index.js";
import { METHODS, start, type Running } from "./harness.js";

const ISSUER = "https://issuer.test";
const AUDIENCE = "urn:demo:grpc";
const RULES = { [METHODS.Open]: [] };

let key: Key;
let goodToken: string;

beforeAll(async () => {
  key = await generateKey();
  const signer = createSigner({ keys: key, issuer: ISSUER });
  goodToken = (await signer.accessToken({ sub: "alice", client_id: "demo-cli", aud: AUDIENCE, scope: "profile" })).token;
});

function serve(verifier: Pick<Verifier, "verify" | "secondsLeft">, refusals: RefusedCall[] = []): Promise<Running> {
  return start([createAuthInterceptor({ verifier, rules: RULES, onRefused: (r) => refusals.push(r) })]);
}

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("while verification is pending", () => {
  it("holds the call (message included) until the verifier answers", async () => {
    const real = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: staticKeys(key) });
    const entered = deferred();
    const gate = deferred();
    const slow: Pick<Verifier, "verify" | "secondsLeft"> = {
      verify: async (token) => {
        entered.resolve();
        await gate.promise;
        return real.verify(token);
      },
      secondsLeft: (token) => real.secondsLeft(token),
    };
    const running = await serve(slow);
    const pending = running.client.call("Open", [`Bearer ${goodToken}`], { n: 1 });
    await entered.promise;
    // Let every queued I/O callback run: the message and half-close arrive, the handler must not.
    for (let i = 0; i < 20; i += 1) await new Promise((r) => setImmediate(r));
    expect(running.seen).toEqual([]);
    gate.resolve();
    const outcome = await pending;
    running.stop();
    expect(outcome.code).toBe(grpc.status.OK);
    expect(running.seen.map((s) => s.request)).toEqual([{ n: 1 }]);
  });
});

describe("when keys cannot be had", () => {
  let jwks: JwksServer;

  beforeAll(async () => {
    // An issuer that is up but cannot serve its keys.
    jwks = await startJwksServer({ status: 503 });
  });
  afterAll(async () => {
    await jwks.close();
  });

  it("answers UNAVAILABLE and does not reach the handler", async () => {
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: remoteKeys(jwks.jwksUrl) });
    const running = await serve(verifier);
    const outcome = await running.client.call("Open", [`Bearer ${goodToken}`]);
    running.stop();
    expect(outcome).toMatchObject({ code: grpc.status.UNAVAILABLE, details: TOKEN_ERRORS.keys_unavailable.description });
    expect(running.seen).toEqual([]);
  });
});

describe("when the verifier fails unexpectedly", () => {
  it("answers INTERNAL with a fixed text and reports the error server-side only", async () => {
    const refusals: RefusedCall[] = [];
    const broken: Pick<Verifier, "verify" | "secondsLeft"> = {
      verify: () => Promise.reject(new Error("database on fire")),
      secondsLeft: () => 0,
    };
    const running = await serve(broken, refusals);
    const outcome = await running.client.call("Open", [`Bearer ${goodToken}`]);
    running.stop();
    expect(outcome).toMatchObject({ code: grpc.status.INTERNAL, details: "Internal error" });
    expect(outcome.details).not.toContain("fire");
    expect(refusals).toMatchObject([{ reason: "internal", method: METHODS.Open }]);
    expect(running.seen).toEqual([]);
  });
});
