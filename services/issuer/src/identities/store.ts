// Users and clients from a JSON file, validated once at startup. Secrets exist only as scrypt hash lines.
import { readFile } from "node:fs/promises";
import { DEFAULT_PARAMS, dummyHash, parseSecretHash, type SecretHash } from "./hash.js";

export type GrantType = "password" | "client_credentials" | "refresh_token";
export const GRANT_TYPES: readonly GrantType[] = ["password", "client_credentials", "refresh_token"];

export interface User {
  readonly username: string;
  readonly password: SecretHash;
  readonly scopes: readonly string[];
}

export interface Client {
  readonly clientId: string;
  /** Public clients (RFC 6749 §2.1) have no secret and must not send one. */
  readonly type: "public" | "confidential";
  readonly secret: SecretHash | undefined;
  readonly grantTypes: readonly GrantType[];
  /** Scopes the client may hold; undefined = no limit of its own (a public client gets the user's). */
  readonly scopes: readonly string[] | undefined;
  /** May call POST /admin/revocations (a confidential client only). */
  readonly revocationAdmin: boolean;
}

/** The loaded identities plus what the token endpoint needs to treat unknown names like known ones. */
export interface Identities {
  readonly users: ReadonlyMap<string, User>;
  readonly clients: ReadonlyMap<string, Client>;
  /** Every scope some user or client defines, sorted: `scopes_supported`. */
  readonly scopes: readonly string[];
  /** Checked when a username is unknown: same scrypt cost as the users' hashes. */
  readonly dummyUser: SecretHash;
  /** Checked when a confidential client is unknown. */
  readonly dummyClient: SecretHash;
}

/**
 * A file that cannot be used; `message` says where without quoting any value.
 *
 * @example
 * throw new IdentitiesError("users[0].scopes must be an array of scope tokens");
 */
export class IdentitiesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IdentitiesError";
  }
}

const NAME = /^[A-Za-z0-9._@:-]{1,128}$/;
// RFC 6749 §3.3 scope-token.
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw new IdentitiesError(`${where} has an unknown member`);
}

function name(value: unknown, where: string): string {
  if (typeof value !== "string" || !NAME.test(value)) throw new IdentitiesError(`${where} must match ${NAME.source}`);
  return value;
}

function hash(value: unknown, where: string): SecretHash {
  const parsed = typeof value === "string" ? parseSecretHash(value) : undefined;
  if (parsed === undefined) throw new IdentitiesError(`${where} is not a scrypt hash line (use the hash-password CLI)`);
  return parsed;
}

function scopes(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((s): s is string => typeof s === "string" && SCOPE.test(s))) {
    throw new IdentitiesError(`${where} must be an array of scope tokens`);
  }
  return [...new Set(value)];
}

function grantTypes(value: unknown, where: string, mayBeEmpty: boolean): GrantType[] {
  if (!Array.isArray(value) || (value.length === 0 && !mayBeEmpty)) {
    throw new IdentitiesError(`${where} must be a non-empty array${mayBeEmpty ? "" : " (only a revocation_admin client may have none)"}`);
  }
  return value.map((g) => {
    const grant = GRANT_TYPES.find((known) => known === g);
    if (grant === undefined) throw new IdentitiesError(`${where} has an unsupported grant type`);
    return grant;
  });
}

function parseUser(value: unknown, where: string): User {
  if (!isRecord(value)) throw new IdentitiesError(`${where} must be an object`);
  onlyKeys(value, ["username", "password_hash", "scopes"], where);
  return {
    username: name(value.username, `${where}.username`),
    password: hash(value.password_hash, `${where}.password_hash`),
    scopes: scopes(value.scopes, `${where}.scopes`),
  };
}

function parseClient(value: unknown, where: string): Client {
  if (!isRecord(value)) throw new IdentitiesError(`${where} must be an object`);
  onlyKeys(value, ["client_id", "type", "secret_hash", "grant_types", "scopes", "revocation_admin"], where);
  const clientId = name(value.client_id, `${where}.client_id`);
  if (value.revocation_admin !== undefined && typeof value.revocation_admin !== "boolean") {
    throw new IdentitiesError(`${where}.revocation_admin must be true or false`);
  }
  const revocationAdmin = value.revocation_admin === true;
  const grants = grantTypes(value.grant_types, `${where}.grant_types`, revocationAdmin);
  const clientScopes = value.scopes === undefined ? undefined : scopes(value.scopes, `${where}.scopes`);
  if (value.type === "public") {
    if (value.secret_hash !== undefined) throw new IdentitiesError(`${where}: a public client has no secret_hash`);
    if (grants.includes("client_credentials")) throw new IdentitiesError(`${where}: client_credentials needs a confidential client`);
    if (revocationAdmin) throw new IdentitiesError(`${where}: a revocation_admin client must be confidential`);
    return { clientId, type: "public", secret: undefined, grantTypes: grants, scopes: clientScopes, revocationAdmin };
  }
  if (value.type !== "confidential") throw new IdentitiesError(`${where}.type must be "public" or "confidential"`);
  if (grants.includes("client_credentials") && clientScopes === undefined) {
    throw new IdentitiesError(`${where}.scopes is required for client_credentials`);
  }
  const secret = hash(value.secret_hash, `${where}.secret_hash`);
  return { clientId, type: "confidential", secret, grantTypes: grants, scopes: clientScopes, revocationAdmin };
}

function byName<T>(items: readonly T[], key: (item: T) => string, where: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(key(item))) throw new IdentitiesError(`${where} has a duplicate name`);
    map.set(key(item), item);
  }
  return map;
}

/**
 * A client's own tokens carry `sub` = its client id (RFC 9068 §2.2), so a client id equal to a username
 * would make the client's tokens that user's at every resource service (RFC 9068 §5: they must not
 * collide). Refused in either direction, naming both places.
 */
function assertDisjoint(users: readonly User[], clients: readonly Client[]): void {
  const userAt = new Map(users.map((u, i) => [u.username, i]));
  clients.forEach((client, j) => {
    const i = userAt.get(client.clientId);
    if (i !== undefined) {
      throw new IdentitiesError(
        `users[${i}].username is also clients[${j}].client_id: a client's own tokens (sub = client_id) would act as that user; rename one of them`,
      );
    }
  });
}

/**
 * Validates parsed JSON as an identities document. Throws {@link IdentitiesError}, also when a client id
 * equals a username.
 *
 * @example
 * const identities = await parseIdentities(JSON.parse(text));
 */
export async function parseIdentities(document: unknown): Promise<Identities> {
  if (!isRecord(document)) throw new IdentitiesError("must be a JSON object");
  onlyKeys(document, ["$comment", "users", "clients"], "the document");
  if (!Array.isArray(document.users)) throw new IdentitiesError("users must be an array");
  if (!Array.isArray(document.clients)) throw new IdentitiesError("clients must be an array");
  const userList = document.users.map((u, i) => parseUser(u, `users[${i}]`));
  const clientList = document.clients.map((c, i) => parseClient(c, `clients[${i}]`));
  const users = byName(userList, (u) => u.username, "users");
  const clients = byName(clientList, (c) => c.clientId, "clients");
  assertDisjoint(userList, clientList);
  const defined = new Set<string>();
  for (const item of [...users.values(), ...clients.values()]) for (const s of item.scopes ?? []) defined.add(s);
  const firstUser = users.values().next().value;
  const firstSecret = [...clients.values()].find((c) => c.secret !== undefined)?.secret;
  return {
    users,
    clients,
    scopes: [...defined].sort(),
    dummyUser: await dummyHash(firstUser?.password.params ?? DEFAULT_PARAMS),
    dummyClient: await dummyHash(firstSecret?.params ?? DEFAULT_PARAMS),
  };
}

/**
 * Reads and validates an identities file. Throws {@link IdentitiesError} for an unreadable or invalid file.
 *
 * @example
 * const identities = await loadIdentities(config.identitiesFile);
 */
export async function loadIdentities(path: string): Promise<Identities> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new IdentitiesError("cannot be read");
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new IdentitiesError("is not valid JSON");
  }
  return parseIdentities(document);
}
