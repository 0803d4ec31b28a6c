import { describeCookie } from "@org/testkit";
import { service } from "./service.js";

describeCookie(service);
