// How a request's refusals challenge: its realm, the service's DPoP challenge and the scheme the
// request used. `authenticate` knows them; the guards mounted after it (requireScope, …) are not
// told, so it records them per request context here and they look them up. A WeakMap: nothing is
// added to the context, and an entry goes with its request.
import { DEFAULT_REALM, type RequestChallenge } from "@org/token-http";

const challenges = new WeakMap<object, RequestChallenge>();
const NONE: RequestChallenge = Object.freeze({ realm: DEFAULT_REALM });

/** Records what `authenticate` found out about the request, for the guards after it. */
export function rememberChallenge(ctx: object, challenge: RequestChallenge): void {
  challenges.set(ctx, challenge);
}

/** What was recorded for `ctx`, or the default realm alone when no `authenticate` ran. */
export function challengeOf(ctx: object): RequestChallenge {
  return challenges.get(ctx) ?? NONE;
}
