// Who this service is: the names it answers with and demands in tokens.

/** The `service` field of GET /me. */
export const SERVICE = "express";
/** The `realm` of every WWW-Authenticate challenge. */
export const REALM = "express";
/** The audience every accepted token must carry. */
export const AUDIENCE = "urn:demo:express";
/** Port variable and its default. */
export const PORT_VARIABLE = "EXPRESS_PORT";
export const DEFAULT_PORT = 4001;
