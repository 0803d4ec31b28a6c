import { describeDpop } from "@org/testkit";
import { adapter } from "./app.js";

describeDpop(adapter);
