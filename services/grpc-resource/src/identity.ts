import type { ResourceIdentity } from "@org/resource-core";

/** Who this service is: the names it answers and logs with, the audience it demands, its port. */
export const IDENTITY: ResourceIdentity = Object.freeze({
  name: "grpc-resource",
  service: "grpc",
  audience: "urn:demo:grpc",
  transport: "grpc",
  portVariable: "GRPC_PORT",
  defaultPort: 50051,
});
