import { describeRoutes } from "@org/testkit";
import { service } from "./service.js";

describeRoutes(service);
