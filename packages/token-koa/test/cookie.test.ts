import { describeCookieTransport } from "@org/testkit";
import { adapter } from "./app.js";

describeCookieTransport(adapter);
