import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { fileURLToPath } from "node:url";
import type { ResourceClientConstructor, ResourceServer } from "./messages.js";

/**
 * Directory that holds `demo/`, i.e. the include root for the protos. Resolved from this
 * module's own location: src/ and dist/ both sit directly under the package root, so the
 * same relative path works from the sources (tests, tsx) and from the compiled package.
 */
export const PROTO_ROOT: string = fileURLToPath(new URL("..", import.meta.url));

/**
 * Absolute path of `demo/v1/resource.proto` (for tools and other loaders).
 *
 * @example
 * ```ts
 * protoLoader.loadSync(RESOURCE_PROTO_PATH, LOADER_OPTIONS);
 * ```
 */
export const RESOURCE_PROTO_PATH: string = fileURLToPath(
  new URL("../demo/v1/resource.proto", import.meta.url),
);

/** Fully qualified name of the service. */
export const RESOURCE_SERVICE_NAME = "demo.v1.Resource";

/**
 * Full method paths as grpc-js and interceptors see them.
 *
 * @example
 * ```ts
 * const rules = { [RESOURCE_METHODS.ListOrders]: ["orders:read"] };
 * ```
 */
export const RESOURCE_METHODS = {
  GetMe: "/demo.v1.Resource/GetMe",
  ListOrders: "/demo.v1.Resource/ListOrders",
  CreateOrder: "/demo.v1.Resource/CreateOrder",
} as const;

/** The loader options every consumer of the proto agrees on. */
export const LOADER_OPTIONS: Readonly<protoLoader.Options> = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

/** What {@link loadResourceService} returns. */
export interface LoadedResourceService {
  /** For `server.addService(service, handlers)`. */
  readonly service: grpc.ServiceDefinition<ResourceServer>;
  /** Client constructor: `new Client("127.0.0.1:50051", grpc.credentials.createInsecure())`. */
  readonly Client: ResourceClientConstructor;
}

let loaded: LoadedResourceService | undefined;

/**
 * Loads `demo.v1.Resource` once (later calls return the same objects).
 *
 * @throws {Error} when the proto on disk does not define the three methods (a broken install).
 * @example
 * ```ts
 * const { service, Client } = loadResourceService();
 * server.addService(service, handlers);
 * const client = new Client("127.0.0.1:50051", grpc.credentials.createInsecure());
 * ```
 */
export function loadResourceService(): LoadedResourceService {
  if (loaded) return loaded;
  const definition = protoLoader.loadSync("demo/v1/resource.proto", { ...LOADER_OPTIONS });
  const service = definition[RESOURCE_SERVICE_NAME];
  if (service === undefined || !isResourceService(service)) {
    throw new Error(`${RESOURCE_PROTO_PATH} does not define ${RESOURCE_SERVICE_NAME} with its three methods`);
  }
  const Client = grpc.makeClientConstructor(service, RESOURCE_SERVICE_NAME);
  if (!hasResourceMethods(Client)) {
    throw new Error(`client for ${RESOURCE_SERVICE_NAME} lacks its methods`);
  }
  loaded = { service, Client };
  return loaded;
}

function isResourceService(
  definition: protoLoader.AnyDefinition,
): definition is protoLoader.ServiceDefinition & grpc.ServiceDefinition<ResourceServer> {
  return Object.entries(RESOURCE_METHODS).every(([name, path]) => {
    const method: unknown = Reflect.get(definition, name);
    return typeof method === "object" && method !== null && "path" in method && method.path === path;
  });
}

function hasResourceMethods(
  ctor: grpc.ServiceClientConstructor,
): ctor is grpc.ServiceClientConstructor & ResourceClientConstructor {
  const prototype: unknown = ctor.prototype;
  return Object.keys(RESOURCE_METHODS).every(
    (name) => typeof prototype === "object" && prototype !== null && typeof Reflect.get(prototype, name) === "function",
  );
}
