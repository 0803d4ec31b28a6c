// Who this service is: the names it answers with and demands in tokens.

/** The `service` field of GET /me. */
export const SERVICE = "koa";
/** The `realm` of every WWW-Authenticate challenge. */
export const REALM = "koa";
/** The audience every accepted token must carry. */
export const AUDIENCE = "urn:demo:koa";
/** Port variable and its default. */
export const PORT_VARIABLE = "KOA_PORT";
export const DEFAULT_PORT = 4002;
