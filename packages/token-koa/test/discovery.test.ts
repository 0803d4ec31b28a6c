import { describeDiscovery } from "@org/testkit";
import { adapter } from "./app.js";

describeDiscovery(adapter);
