// Every shared adapter suite, against an Express 4 app. What differs from Express 5: a rejected
// promise of a middleware is not forwarded (ours call next(err) themselves), and the default
// handler (finalhandler 1.x) logs err.stack rather than util.inspect(err).
import {
  describeAuthenticate,
  describeCookieTransport,
  describeDefaultHandler,
  describeDiscovery,
  describeDpop,
  describeGuards,
} from "@org/testkit";
import { describe } from "vitest";
import { adapter } from "./app.js";

describe("Express 4", () => {
  describeAuthenticate(adapter);
  describeCookieTransport(adapter);
  describeGuards(adapter);
  describeDefaultHandler(adapter);
  describeDiscovery(adapter);
  describeDpop(adapter);
});
