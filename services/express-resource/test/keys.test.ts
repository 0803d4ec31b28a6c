import { describeKeys } from "@org/resource-core/testing";
import { service } from "./service.js";

describeKeys(service);
