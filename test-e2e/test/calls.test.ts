// A user and a service account on all three resource services, through @org/client: who the
// services say the caller is, an orders round trip on each, and the scope rule (contract:
// "Resource services", "gRPC resource service", "Demo identities").
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ALICE, ALICE_SCOPES, loggedIn, reportingJob } from "./support/clients.js";
import { allOrders, createdOrder } from "./support/orders.js";
import { resources, type Resources } from "./support/resources.js";
import { SERVICES, type Verdict } from "./support/verdict.js";

const target = inject("target");
const opened: Resources[] = [];
afterAll(() => {
  for (const api of opened) api.close();
});

function track(api: Resources): Resources {
  opened.push(api);
  return api;
}

/** /me (GetMe) of `sub` through `clientId` with `scope`, as `service` must answer it. */
function me(sub: string, clientId: string, scope: readonly string[], service: string): Verdict {
  return { kind: "ok", value: { sub, client_id: clientId, scope: [...scope], service } };
}

describe("alice on demo-cli", () => {
  it("logs in with the password grant and every service answers her sub, client_id, scopes and its own name", async () => {
    const client = await loggedIn(target, ALICE);
    const api = track(resources(target, client));
    for (const service of SERVICES) {
      expect(await api.me(service)).toEqual(me("alice", "demo-cli", ALICE_SCOPES, service));
    }
  });

  it("creates an order on each service and finds it in that service's list", async () => {
    const api = track(resources(target, await loggedIn(target, ALICE)));
    for (const service of SERVICES) {
      const order = { item: `e2e ${service} ${randomUUID()}`, quantity: 3 };
      const created = await api.createOrder(service, order);
      expect(created).toEqual(createdOrder(order, "alice"));
      if (created.kind !== "ok") return;
      const listed = await allOrders(api, service);
      expect(listed.filter((o) => o.item === order.item)).toEqual([created.value]);
    }
  });
});

describe("reporting-job with client credentials (scope orders:read)", () => {
  it("reads its orders on every service and is refused order creation with insufficient_scope (gRPC PERMISSION_DENIED)", async () => {
    const api = track(resources(target, await reportingJob(target)));
    for (const service of SERVICES) {
      expect(await api.me(service)).toEqual(me("reporting-job", "reporting-job", ["orders:read"], service));
      const page = await api.listOrders(service);
      expect(page).toEqual({ kind: "ok", value: { orders: expect.any(Array) as unknown, next_page_token: expect.any(String) as unknown } });
      const refusal = await api.createOrder(service, { item: "not allowed", quantity: 1 });
      expect(refusal).toEqual(service === "grpc" ? { kind: "insufficient_scope" } : { kind: "insufficient_scope", scope: "orders:write" });
    }
  });
});
