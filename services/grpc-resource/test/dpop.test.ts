// DPoP as main builds it (contract, "Sender-constrained tokens"): the proof of a gRPC call names
// POST and http://<authority>/demo.v1.Resource/<Method>; REQUIRE_DPOP; PUBLIC_BASE_URL.
import * as grpc from "@grpc/grpc-js";
import type { Me } from "@org/proto";
import { proof, proofKey, type ProofKey } from "@org/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoke, startService, START, type Outcome, type Running } from "./helpers.js";

const GET_ME = "/demo.v1.Resource/GetMe";

describe("DPoP on the gRPC service", () => {
  let plain: Running;
  let strict: Running;
  let proxied: Running;
  let client: ProofKey;

  beforeAll(async () => {
    client = proofKey("ES256");
    [plain, strict, proxied] = await Promise.all([
      startService(),
      startService({ env: { REQUIRE_DPOP: "true" } }),
      startService({ env: { PUBLIC_BASE_URL: "https://grpc.example.com" } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([plain.stop(), strict.stop(), proxied.stop()]);
  });

  const bound = (at: Running): Promise<string> => at.mint("alice", "profile", undefined, { jkt: client.jkt });
  const getMe = (at: Running, token: string, dpop?: string): Promise<Outcome<Me>> =>
    invoke<Record<string, never>, Me>((r, md, cb) => at.client.GetMe(r, md, cb), {}, token, dpop);
  const proofFor = (at: Running, token: string, htu = `http://127.0.0.1:${String(at.port)}${GET_ME}`): string =>
    proof(client, { htm: "POST", htu, token, iatMs: START });

  it("takes a bound token with its proof for http://<authority>/<package.Service>/<Method>", async () => {
    const token = await bound(plain);
    const outcome = await getMe(plain, token, proofFor(plain, token));
    expect(outcome.code).toBe(grpc.status.OK);
    expect(outcome.value).toMatchObject({ sub: "alice", service: "grpc" });
    expect((await getMe(plain, token, proofFor(plain, token, `http://127.0.0.1:${String(plain.port)}/demo.v1.Resource/ListOrders`))).code).toBe(
      grpc.status.UNAUTHENTICATED,
    );
  });

  it("refuses a bound token presented as Bearer, and takes unbound Bearer tokens as before", async () => {
    expect((await getMe(plain, await bound(plain))).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await getMe(plain, await plain.mint("alice", "profile"))).code).toBe(grpc.status.OK);
    expect(plain.logs.entries("token rejected").map((e) => e.code)).toContain("dpop_scheme_required");
  });

  it("with REQUIRE_DPOP=true, refuses an unbound Bearer token", async () => {
    expect((await getMe(strict, await strict.mint("alice", "profile"))).code).toBe(grpc.status.UNAUTHENTICATED);
    const token = await bound(strict);
    expect((await getMe(strict, token, proofFor(strict, token))).code).toBe(grpc.status.OK);
  });

  it("with PUBLIC_BASE_URL, takes proofs for the public URL only", async () => {
    const token = await bound(proxied);
    expect((await getMe(proxied, token, proofFor(proxied, token, `https://grpc.example.com${GET_ME}`))).code).toBe(grpc.status.OK);
    expect((await getMe(proxied, token, proofFor(proxied, token))).code).toBe(grpc.status.UNAUTHENTICATED);
  });
});
