// Every transport the suite runs against. Adding one = writing a driver + one entry here.
import type { Topology } from "@org/topology";
import type { Capability } from "./cases.js";
import { grpcDriver } from "./drivers/grpc.js";
import { httpDriver } from "./drivers/http.js";
import type { Driver } from "./model.js";
import type { Audience } from "./tokens.js";

/** A resource service as the suite sees it. */
export interface Transport {
  /** Prefix of the test names, e.g. "express". */
  readonly name: string;
  /** The audience its tokens must carry. */
  readonly audience: Audience;
  /** What it answers in `service` of GET /me / GetMe. */
  readonly service: string;
  /** Capabilities it cannot offer, each with the reason (the runner skips those pairs with it). */
  readonly cannot?: Partial<Record<Capability, string>>;
  /** A driver bound to the running service; `requireDpop`: the topology runs with REQUIRE_DPOP=true. */
  connect(topology: Topology, requireDpop: boolean): Driver;
}

export const TRANSPORTS: readonly Transport[] = [
  {
    name: "express",
    audience: "urn:demo:express",
    service: "express",
    connect: (topology, requireDpop) => httpDriver({ baseUrl: topology.urls.express, realm: "express", requireDpop }),
  },
  {
    name: "koa",
    audience: "urn:demo:koa",
    service: "koa",
    connect: (topology, requireDpop) => httpDriver({ baseUrl: topology.urls.koa, realm: "koa", requireDpop }),
  },
  {
    name: "grpc",
    audience: "urn:demo:grpc",
    service: "grpc",
    cannot: {
      "repeated-authorization":
        "gRPC on Node cannot carry two authorization entries: grpc-js refuses to send them " +
        "(INTERNAL before the call leaves) and Node's HTTP/2 keeps only the first on receipt",
    },
    connect: (topology) => grpcDriver(topology.urls.grpc),
  },
];
