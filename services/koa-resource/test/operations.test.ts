import { describeOperations } from "@org/testkit";
import { service } from "./service.js";

describeOperations(service);
