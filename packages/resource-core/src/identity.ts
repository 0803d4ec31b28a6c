/**
 * Who a resource service is: the names it answers and logs with, the audience it demands, and the
 * variable that sets its port. Each service states it once, in its src/identity.ts.
 *
 * @example
 * ```ts
 * export const IDENTITY: ResourceIdentity = {
 *   name: "koa-resource", service: "koa", audience: "urn:demo:koa",
 *   transport: "http", portVariable: "KOA_PORT", defaultPort: 4002,
 * };
 * ```
 */
export interface ResourceIdentity {
  /** The `service` field of its log lines and the prefix of its start-up errors, e.g. "koa-resource". */
  readonly name: string;
  /** The `service` field of GET /me (GetMe) and the realm of its challenges, e.g. "koa". */
  readonly service: string;
  /** The `aud` value every accepted token must carry. */
  readonly audience: string;
  /** HTTP services also read the optional cookie transport (TOKEN_COOKIE). */
  readonly transport: "http" | "grpc";
  /** The service's own port variable (EXPRESS_PORT, KOA_PORT, GRPC_PORT) and its default. */
  readonly portVariable: string;
  readonly defaultPort: number;
}
