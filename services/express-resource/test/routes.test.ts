import { describeRoutes } from "@org/resource-core/testing";
import { service } from "./service.js";

describeRoutes(service);
