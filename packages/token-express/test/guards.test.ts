import { describeGuards } from "@org/testkit";
import { adapter } from "./app.js";

describeGuards(adapter);
