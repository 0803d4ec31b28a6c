// The one error mapper: unknown errors become a bare server_error; details are logged, never sent.
import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { errorHandler, OAuthError } from "../src/errors.js";
import { createLogger } from "@org/service-kit";
import { Capture } from "./helpers.js";

async function serve(handler: express.RequestHandler): Promise<{ url: string; logs: Capture; refused: string[]; close: () => void }> {
  const logs = new Capture();
  const refused: string[] = [];
  const app = express();
  app.get("/x", handler);
  const metrics = { refused: (path: string, code: string) => refused.push(`${path} ${code}`) };
  app.use(errorHandler(createLogger({ service: "issuer", level: "info", destination: logs }), metrics));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, logs, refused, close: () => server.close() };
}

describe("errorHandler", () => {
  it("answers an unexpected error with 500 server_error and logs it without sending the detail", async () => {
    const app = await serve(() => {
      throw new Error("internal detail 42");
    });
    try {
      const res = await fetch(`${app.url}/x`);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: "server_error", error_description: "the server could not handle the request" });
      expect(text).not.toContain("internal detail");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(app.logs.text).toContain("internal detail 42");
      expect(app.refused).toEqual(["/x server_error"]);
    } finally {
      app.close();
    }
  });

  it("sends an OAuthError's status, headers and fixed description", async () => {
    const app = await serve(() => {
      throw new OAuthError("too_many_requests", "slow down", { headers: { "Retry-After": "7" } });
    });
    try {
      const res = await fetch(`${app.url}/x`);
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("7");
      expect(await res.json()).toEqual({ error: "too_many_requests", error_description: "slow down" });
      expect(app.refused).toEqual(["/x too_many_requests"]);
    } finally {
      app.close();
    }
  });
});
