import { describeCookie } from "@org/resource-core/testing";
import { service } from "./service.js";

describeCookie(service);
