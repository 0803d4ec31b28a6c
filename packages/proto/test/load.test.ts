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
    const fields = [
      "client_id",
      "repeated string scope",
      "int32 quantity",
      "created_at",
      "repeated Order orders = 1",
      "int32 page_size = 1",
      "string page_token = 2",
      "string next_page_token = 2",
    ];
    for (const field of fields) {
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

  it("decodes an empty ListOrdersRequest (a client from before paging) as the first page's defaults", () => {
    const { service } = loadResourceService();
    expect(service.ListOrders.requestDeserialize(Buffer.alloc(0))).toEqual({ page_size: 0, page_token: "" });
    const request = { page_size: -3, page_token: "AZsvbB59Sk87jiFabH2OnwE" };
    expect(service.ListOrders.requestDeserialize(service.ListOrders.requestSerialize(request))).toEqual(request);
  });

  it("keeps a ListOrdersResponse readable by a client from before paging (next_page_token is field 2)", () => {
    const { service } = loadResourceService();
    const order: Order = { id: "o1", item: "tea", quantity: 3, owner: "alice", created_at: "2026-01-01T00:00:00.000Z" };
    const bytes = service.ListOrders.responseSerialize({ orders: [order], next_page_token: "next" });
    expect(service.ListOrders.responseDeserialize(bytes)).toEqual({ orders: [order], next_page_token: "next" });
    // next_page_token travels as field 2 (tag 0x12) after the orders: a decoder from before paging
    // skips it as an unknown field.
    expect(bytes.subarray(-6)).toEqual(Buffer.from([0x12, 0x04, ...Buffer.from("next")]));
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
      ListOrders: (call, callback) => {
        const { page_size, page_token } = call.request;
        callback(null, { orders: [], next_page_token: `${page_token}+${String(page_size)}` });
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
    expect(list).toEqual({ orders: [], next_page_token: "+0" });
    const paged = await new Promise((resolve, reject) => {
      client.ListOrders({ page_size: 5, page_token: "abc" }, settle(resolve, reject));
    });
    expect(paged).toEqual({ orders: [], next_page_token: "abc+5" });
    const order = await new Promise((resolve, reject) => {
      client.CreateOrder({ item: "tea", quantity: 2 }, settle(resolve, reject));
    });
    expect(order).toEqual({ id: "x", item: "tea", quantity: 2, owner: "alice", created_at: "t" });
  });
});
