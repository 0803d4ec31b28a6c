import * as grpc from "@grpc/grpc-js";
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PROTO_ROOT,
  RESOURCE_METHODS,
  RESOURCE_PROTO_PATH,
  loadResourceService,
  type Order,
  type ResourceClient,
  type ResourceServer,
} from "../src/index.js";

/** Adapts a grpc-js callback to a promise's resolve/reject. */
function settle<T>(resolve: (value: T | undefined) => void, reject: (error: Error) => void) {
  return (error: grpc.ServiceError | null, value?: T): void => {
    if (error) reject(error);
    else resolve(value);
  };
}

const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));

describe("proto location", () => {
  it("is an absolute path to the shipped file under the package root", () => {
    expect(isAbsolute(RESOURCE_PROTO_PATH)).toBe(true);
    expect(RESOURCE_PROTO_PATH).toBe(join(packageRoot, "demo", "v1", "resource.proto"));
    expect(existsSync(RESOURCE_PROTO_PATH)).toBe(true);
    expect(join(PROTO_ROOT)).toBe(join(packageRoot, "/"));
  });

  it("ships demo/ next to dist/ so the same relative lookup works once compiled", () => {
    const manifest: unknown = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8"));
    expect(manifest).toMatchObject({ files: expect.arrayContaining(["dist", "demo"]) as unknown });
  });

  it("declares package demo.v1 and the contract's field names", () => {
    const text = readFileSync(RESOURCE_PROTO_PATH, "utf8");
    expect(text).toMatch(/^package demo\.v1;$/m);
    for (const field of ["client_id", "repeated string scope", "int32 quantity", "created_at", "repeated Order orders"]) {
      expect(text).toContain(field);
    }
  });
});

describe("loadResourceService", () => {
  it("returns the same definitions on every call", () => {
    expect(loadResourceService()).toBe(loadResourceService());
  });

  it("defines the three unary methods at their full paths", () => {
    const { service } = loadResourceService();
    for (const [name, path] of Object.entries(RESOURCE_METHODS)) {
      const method = service[name];
      expect(method?.path).toBe(path);
      expect(method?.requestStream).toBe(false);
      expect(method?.responseStream).toBe(false);
    }
  });

  it("keeps snake_case, encodes int32 and fills defaults", () => {
    const { service } = loadResourceService();
    const order: Order = { id: "o1", item: "tea", quantity: 3, owner: "alice", created_at: "2026-01-01T00:00:00.000Z" };
    const bytes = service.CreateOrder.responseSerialize(order);
    expect(service.CreateOrder.responseDeserialize(bytes)).toEqual(order);
    expect(service.GetMe.responseDeserialize(Buffer.alloc(0))).toEqual({ sub: "", client_id: "", scope: [], service: "" });
  });
});

describe("client and server built from it", () => {
  const { service, Client } = loadResourceService();
  const server = new grpc.Server();
  let client: ResourceClient;

  beforeAll(async () => {
    const handlers: ResourceServer = {
      GetMe: (_call, callback) => {
        callback(null, { sub: "alice", client_id: "demo-cli", scope: ["a", "b"], service: "grpc" });
      },
      ListOrders: (_call, callback) => {
        callback(null, { orders: [] });
      },
      CreateOrder: (call, callback) => {
        const { item, quantity } = call.request;
        callback(null, { id: "x", item, quantity, owner: "alice", created_at: "t" });
      },
    };
    server.addService(service, handlers);
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => {
        if (error) reject(error);
        else resolve(bound);
      });
    });
    client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  afterAll(() => {
    client.close();
    server.forceShutdown();
  });

  it("round-trips every rpc", async () => {
    const me = await new Promise((resolve, reject) => {
      client.GetMe({}, settle(resolve, reject));
    });
    expect(me).toEqual({ sub: "alice", client_id: "demo-cli", scope: ["a", "b"], service: "grpc" });
    const list = await new Promise((resolve, reject) => {
      client.ListOrders({}, settle(resolve, reject));
    });
    expect(list).toEqual({ orders: [] });
    const order = await new Promise((resolve, reject) => {
      client.CreateOrder({ item: "tea", quantity: 2 }, settle(resolve, reject));
    });
    expect(order).toEqual({ id: "x", item: "tea", quantity: 2, owner: "alice", created_at: "t" });
  });
});
