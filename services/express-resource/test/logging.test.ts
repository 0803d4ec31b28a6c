import { describeLogging } from "@org/resource-core/testing";
import { service } from "./service.js";

describeLogging(service);
