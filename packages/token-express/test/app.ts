// The shared adapter suites run against Express 5 (the catalog's `express`).
import express from "express";
import { expressDriver } from "./driver.js";

export const adapter = expressDriver(() => express(), () => express.Router());
