import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { credentialFields } from "../src/index.js";

/** Sends one request with these raw header lines and hands back what the server received. */
async function received(headers: readonly (readonly [string, string])[]): Promise<IncomingMessage> {
  let seen: IncomingMessage | undefined;
  const server = createServer((req, res) => {
    seen = req;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await new Promise<void>((resolve, reject) => {
      // A flat list of names and values keeps repeated fields and their spelling as written; Node
      // adds no Host to such a list, and its server answers a request without one with 400.
      const req = request({ host: "127.0.0.1", port, path: "/me", headers: ["Host", "127.0.0.1", ...headers.flat()] }, (res) => {
        res.resume();
        res.once("end", resolve);
      });
      req.once("error", reject);
      req.end();
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  if (seen === undefined) throw new Error("the server saw no request");
  return seen;
}

describe("credentialFields", () => {
  it.each<[string, (readonly [string, string])[]]>([
    ["none", [["Accept", "*/*"]]],
    ["one Bearer", [["Authorization", "Bearer abc"]]],
    ["two Authorization fields, any spelling", [["authorization", "Bearer a"], ["X-Other", "1"], ["AUTHORIZATION", "Bearer b"]]],
    ["DPoP with its proof", [["Authorization", "DPoP abc"], ["DPoP", "p1"]]],
    ["two proofs", [["dpop", "p1"], ["Dpop", "p2"], ["Authorization", "DPoP abc"]]],
    ["look-alike names", [["Authorisation", "Bearer x"], ["DPoP-Nonce", "n"], ["X-Authorization", "Bearer y"], ["dpo", "z"]]],
    ["empty values", [["Authorization", ""], ["DPoP", ""]]],
  ])("gives what headersDistinct gives: %s", async (_name, headers) => {
    const req = await received(headers);
    // Every field sent arrived as its own raw line (Host first), so the comparison is not vacuous.
    expect(req.rawHeaders.slice(2, 2 + headers.length * 2)).toEqual(headers.flat());
    expect(credentialFields(req.rawHeaders)).toEqual({
      authorization: req.headersDistinct.authorization ?? [],
      dpop: req.headersDistinct.dpop ?? [],
    });
  });

  it("reads names case-insensitively and keeps the order of the fields", () => {
    const raw = ["Host", "api", "AUTHORIZATION", "Bearer a", "dPoP", "p", "Authorization", "Bearer b"];
    expect(credentialFields(raw)).toEqual({ authorization: ["Bearer a", "Bearer b"], dpop: ["p"] });
  });

  it("ignores a trailing name without a value", () => {
    expect(credentialFields(["Authorization"])).toEqual({ authorization: [], dpop: [] });
  });
});
