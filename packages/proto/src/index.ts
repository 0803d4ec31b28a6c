export {
  LOADER_OPTIONS,
  PROTO_ROOT,
  RESOURCE_METHODS,
  RESOURCE_PROTO_PATH,
  RESOURCE_SERVICE_NAME,
  loadResourceService,
} from "./load.js";
export type { LoadedResourceService } from "./load.js";
export type {
  CreateOrderRequest,
  GetMeRequest,
  ListOrdersRequest,
  ListOrdersResponse,
  Me,
  Order,
  ResourceClient,
  ResourceClientConstructor,
  ResourceServer,
  UnaryClientMethod,
} from "./messages.js";
