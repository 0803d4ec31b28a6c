import { describeLogging } from "@org/testkit";
import { service } from "./service.js";

describeLogging(service);
