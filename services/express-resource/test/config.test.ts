import { describeConfig } from "@org/testkit";
import { service } from "./service.js";

describeConfig(service);
