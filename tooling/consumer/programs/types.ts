// Compile-time checks that the published declarations are precise, never `any`: tsc fails if
// an assignment below that must be an error is accepted (an unused @ts-expect-error is an
// error itself). Compiled with the programs, never run.
import type * as grpc from "@grpc/grpc-js";
import type { ClientOptions } from "@org/client";
import type { TokenErrorCode, VerifiedToken, Verifier } from "@org/token";
import { createAuthInterceptor } from "@org/token-grpc";
import type { Request } from "express";
import type { DefaultState } from "koa";
// For their declaration merging: req.auth (Express) and ctx.state.auth (Koa).
import type {} from "@org/token-express";
import type {} from "@org/token-koa";

/** `req.auth`, typed by @org/token-express. */
export const expressAuth = (req: Request): VerifiedToken | undefined => req.auth;

/** `ctx.state.auth`, typed by @org/token-koa. */
export const koaAuth = (state: DefaultState): VerifiedToken | undefined => state.auth;

/** The interceptor fits grpc-js's server options. */
export const interceptor = (verifier: Verifier): grpc.ServerInterceptor => createAuthInterceptor({ verifier, rules: {} });

// @ts-expect-error: TokenErrorCode is a union of the codes, not any string
export const notACode: TokenErrorCode = "no_such_code";

// @ts-expect-error: req.auth is a VerifiedToken, not a string
export const notAString = (req: Request): string | undefined => req.auth;

// @ts-expect-error: ctx.state.auth carries claims, not a number
export const notANumber = (state: DefaultState): number | undefined => state.auth?.claims;

// @ts-expect-error: clientId is required
export const noClientId: ClientOptions = { issuer: "https://issuer.example" };

// @ts-expect-error: a rule lists scopes, it is not a boolean
export const badRule = (verifier: Verifier): grpc.ServerInterceptor => createAuthInterceptor({ verifier, rules: { "/a.B/C": true } });
