import type { ResourceIdentity } from "@org/resource-core";

/** Who this service is: the names it answers and logs with, the audience it demands, its port. */
export const IDENTITY: ResourceIdentity = Object.freeze({
  name: "koa-resource",
  service: "koa",
  audience: "urn:demo:koa",
  transport: "http",
  portVariable: "KOA_PORT",
  defaultPort: 4002,
});
