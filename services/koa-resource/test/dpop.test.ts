import { describeDpopSettings } from "@org/testkit";
import { service } from "./service.js";

describeDpopSettings(service);
