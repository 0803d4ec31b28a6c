import { describeKeys } from "@org/testkit";
import { service } from "./service.js";

describeKeys(service);
