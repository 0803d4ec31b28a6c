import { describeAuthenticate } from "@org/testkit";
import { adapter } from "./app.js";

describeAuthenticate(adapter);
