// Which realm a request's refusals name. `authenticate` is told the realm; the guards mounted
// after it (requireScope, …) are not, so it records the realm per request context here and they
// look it up. A WeakMap: nothing is added to the context, and an entry goes with its request.
import { DEFAULT_REALM } from "@org/token-http";

const realms = new WeakMap<object, string>();

/** Records the realm `authenticate` was given, for the guards after it. */
export function rememberRealm(ctx: object, realm: string): void {
  realms.set(ctx, realm);
}

/** The realm recorded for `ctx`, or the default one when no `authenticate` ran. */
export function realmOf(ctx: object): string {
  return realms.get(ctx) ?? DEFAULT_REALM;
}
