import { describeDefaultHandler } from "@org/testkit";
import { adapter } from "./app.js";

describeDefaultHandler(adapter);
