import type { ResourceIdentity } from "@org/resource-core";

/** Who this service is: the names it answers and logs with, the audience it demands, its port. */
export const IDENTITY: ResourceIdentity = Object.freeze({
  name: "express-resource",
  service: "express",
  audience: "urn:demo:express",
  transport: "http",
  portVariable: "EXPRESS_PORT",
  defaultPort: 4001,
});
