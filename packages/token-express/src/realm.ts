// Which realm a request's refusals name. `authenticate` is told the realm; the guards mounted
// after it (requireScope, …) are not, so it records the realm per request here and they look it
// up. A WeakMap: nothing is added to the request object, and an entry goes with its request.
import type { Request } from "express";
import { DEFAULT_REALM } from "@org/token-http";

const realms = new WeakMap<Request, string>();

/** Records the realm `authenticate` was given, for the guards after it. */
export function rememberRealm(req: Request, realm: string): void {
  realms.set(req, realm);
}

/** The realm recorded for `req`, or the default one when no `authenticate` ran. */
export function realmOf(req: Request): string {
  return realms.get(req) ?? DEFAULT_REALM;
}
