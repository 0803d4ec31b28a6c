// The scenarios' own instruments, checked without a topology: choosing the mode from the
// environment, reading an answer as exactly the contract's or not, spotting an echoed token. A
// scenario is only as strict as these.
import { Metadata, status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { modeFrom } from "./support/env.js";
import { payloadByteChanged } from "./support/tamper.js";
import { claimsOf } from "./support/jwt.js";
import { echoes, grpcTexts, httpVerdict, label } from "./support/verdict.js";

const URLS = {
  ISSUER_URL: "http://127.0.0.1:4000",
  EXPRESS_URL: "http://127.0.0.1:4001/",
  KOA_URL: "http://127.0.0.1:4002",
  GRPC_ADDR: "127.0.0.1:50051",
};

describe("the mode", () => {
  it("is local without any URL variable, and against URLs with all four (TOKEN_ISSUER defaulting to ISSUER_URL)", () => {
    expect(modeFrom({})).toEqual({ kind: "local" });
    expect(modeFrom(URLS)).toEqual({
      kind: "urls",
      target: {
        issuerUrl: "http://127.0.0.1:4000",
        issuer: "http://127.0.0.1:4000",
        express: "http://127.0.0.1:4001",
        koa: "http://127.0.0.1:4002",
        grpc: "127.0.0.1:50051",
      },
    });
    expect(modeFrom({ ...URLS, TOKEN_ISSUER: "http://issuer:4000" })).toMatchObject({ target: { issuer: "http://issuer:4000" } });
  });

  it.each([
    [{ ISSUER_URL: URLS.ISSUER_URL }, "EXPRESS_URL, KOA_URL, GRPC_ADDR are not"],
    [{ ...URLS, KOA_URL: "" }, "KOA_URL is not"],
    [{ TOKEN_ISSUER: "http://issuer:4000" }, "TOKEN_ISSUER is set but"],
    [{ ...URLS, GRPC_ADDR: "http://127.0.0.1:50051" }, "GRPC_ADDR must be host:port"],
    [{ ...URLS, EXPRESS_URL: "ftp://127.0.0.1" }, "EXPRESS_URL must be an http(s) URL"],
  ])("refuses %j, naming what is wrong", (env, message) => {
    expect(() => modeFrom(env)).toThrow(message);
  });
});

describe("an HTTP answer", () => {
  const headers = (challenge: string): Headers => new Headers({ "www-authenticate": challenge });
  const body = JSON.stringify({ error: "invalid_token", error_description: "The access token expired" });
  const good = 'Bearer realm="koa", error="invalid_token", error_description="The access token expired"';

  it("is invalid_token only with the exact challenge of its own realm and the exact body", () => {
    expect(label(httpVerdict("koa", { status: 401, headers: headers(good), text: body }))).toBe("invalid_token: The access token expired");
    for (const bad of [good.replace("koa", "express"), good.replace("expired", "revoked"), `${good}, scope="x"`, good.toLowerCase()]) {
      expect(httpVerdict("koa", { status: 401, headers: headers(bad), text: body }).kind, bad).toBe("other");
    }
    expect(httpVerdict("koa", { status: 400, headers: headers(good), text: body }).kind).toBe("other");
    expect(httpVerdict("koa", { status: 401, headers: headers(good), text: JSON.stringify({ error: "invalid_token" }) }).kind).toBe("other");
  });

  it("is unavailable only with a 503, a bare challenge and a Retry-After in seconds", () => {
    const text = JSON.stringify({ error: "keys_unavailable", error_description: "down" });
    const answer = (retryAfter: string): Headers => new Headers({ "www-authenticate": 'Bearer realm="express"', "retry-after": retryAfter });
    expect(label(httpVerdict("express", { status: 503, headers: answer("5"), text }))).toBe("unavailable: down");
    expect(httpVerdict("express", { status: 503, headers: answer("soon"), text }).kind).toBe("other");
  });
});

describe("an echo of the token", () => {
  const token = `${"h".repeat(20)}.${"p".repeat(40)}.${"s".repeat(43)}`;

  it("is found whole or in parts, in HTTP texts and in gRPC details and metadata", () => {
    expect(echoes(token, ["nothing here"])).toBe(false);
    expect(echoes(token, [`error: ${token}`])).toBe(true);
    expect(echoes(token, [`sig ${"s".repeat(43)}`])).toBe(true);
    const metadata = new Metadata();
    metadata.set("x-debug", "p".repeat(40));
    expect(echoes(token, grpcTexts({ code: status.UNAUTHENTICATED, details: "bad", value: undefined, metadata: [metadata] }))).toBe(true);
  });
});

describe("the tampered payload", () => {
  it("differs from the original in one byte of sub and nowhere else", () => {
    const claims = { iss: "http://127.0.0.1:4000", sub: "alice", scope: "profile" };
    const token = `eyJhbGciOiJFZERTQSJ9.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.c2ln`;
    const tampered = payloadByteChanged(token);
    expect(claimsOf(tampered)).toEqual({ ...claims, sub: "blice" });
    expect(tampered.split(".")[2]).toBe("c2ln");
  });
});
