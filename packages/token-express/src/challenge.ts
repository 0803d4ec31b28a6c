// How a request's refusals challenge: its realm, the service's DPoP challenge and the scheme the
// request used. `authenticate` knows them; the guards mounted after it (requireScope, …) are not
// told, so it records them per request here and they look them up. A WeakMap: nothing is added to
// the request object, and an entry goes with its request.
import type { Request } from "express";
import { DEFAULT_REALM, type RequestChallenge } from "@org/token-http";

const challenges = new WeakMap<Request, RequestChallenge>();
const NONE: RequestChallenge = Object.freeze({ realm: DEFAULT_REALM });

/** Records what `authenticate` found out about the request, for the guards after it. */
export function rememberChallenge(req: Request, challenge: RequestChallenge): void {
  challenges.set(req, challenge);
}

/** What was recorded for `req`, or the default realm alone when no `authenticate` ran. */
export function challengeOf(req: Request): RequestChallenge {
  return challenges.get(req) ?? NONE;
}
