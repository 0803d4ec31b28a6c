// The shared adapter suites run against Express 4 (`express4`, an alias in the catalog): the
// peer range is ^4.21 || ^5, and Express 4 is what most applications still run.
import express4 from "express4";
import { expressDriver } from "../driver.js";

export const adapter = expressDriver(() => express4(), () => express4.Router());
