import { describeConfig } from "@org/resource-core/testing";
import { service } from "./service.js";

describeConfig(service);
