// THE table: every case once, with the one outcome every transport must produce.
import type { ProofSpec } from "@org/testkit";
import type { Expected, Operation, OrderInput, Paging, UnauthenticatedCode } from "./model.js";

/**
 * Tokens a case can send; tokens.ts obtains the real ones from the issuer and forges the bad
 * ones with the issuer's own private key, so only the property under test is wrong.
 */
export type TokenName =
  /** alice via demo-cli (password grant): profile orders:read orders:write, all audiences. */
  | "alice"
  /** alice via demo-cli with a DPoP proof by the suite's key: bound to it (cnf.jkt), token_type DPoP. */
  | "dpopAlice"
  /** the same, asking for `scope=profile` only. */
  | "dpopProfile"
  /** alice, asking for `scope=profile` only. */
  | "aliceProfile"
  /** bob: profile orders:read. */
  | "bob"
  /** reporting-job (client_credentials): orders:read. */
  | "reportingJob"
  /** alice narrowed with `resource=` to the audience of the service under test. */
  | "narrowedHere"
  /** alice narrowed with `resource=` to another service's audience. */
  | "narrowedElsewhere"
  /** alice's refresh token from the password grant. */
  | "refresh"
  /** alice's token with one bit of the signature flipped. */
  | "badSignature"
  /** Signed by the issuer's key, one hour in the past (exp long gone). */
  | "expired"
  /** Signed by the issuer's key with a clock one hour ahead (iat in the future). */
  | "notYetValid"
  /** Signed by the issuer's key, but with another `iss`. */
  | "wrongIssuer"
  /** alice's header and claims with `alg: none` and no signature. */
  | "algNone"
  /** alice's claims, `alg: HS256`, keyed with the issuer's public key (algorithm confusion). */
  | "algConfusion";

/**
 * What a case needs from a transport beyond the three operations. A transport that cannot
 * carry it says why in transports.ts, and the runner reports the pair as skipped with that reason.
 */
export type Capability = "repeated-authorization";

/**
 * Makes the DPoP proofs of one request (the runner hands it what the request's proof must name),
 * signed when the case runs: `proof()` is right for this request and token, by the token's key;
 * each change makes one thing wrong.
 */
export interface ProofMaker {
  /** What the request's proof must name on this transport. */
  readonly htm: string;
  readonly htu: string;
  /** A proof by the key the token is bound to; `change` overrides part of it (`token`: another `ath`). */
  proof(change?: Partial<ProofSpec>): string;
  /** A right proof by another key: what a thief holding the token could send. */
  thief(): string;
}

/** Where a case runs: the topology's services, or the ones started with REQUIRE_DPOP=true. */
export type Services = "default" | "dpop-required";

/** One row of the table. */
export interface Case {
  readonly name: string;
  readonly needs?: Capability;
  /** Default "default". */
  readonly services?: Services;
  /** The DPoP proofs sent, one per DPoP header / dpop metadata entry; absent: none. */
  readonly proofs?: (p: ProofMaker) => readonly string[];
  /** Send the same request (same proofs) once first, expecting it to pass: the case is the second time. */
  readonly replayed?: boolean;
  readonly operation: Operation;
  /** The token the case is about, if any. */
  readonly token?: TokenName;
  /** Turns the token (or "" when there is none) into the Authorization value(s) sent. */
  readonly authorization: (token: string) => readonly string[];
  readonly input?: OrderInput;
  /** listOrders only: the paging parameters sent. */
  readonly paging?: Paging;
  readonly expect: Expected;
}

const VALID_ORDER: OrderInput = { item: "conformance widget", quantity: 3 };

const bearer = (token: string): string[] => [`Bearer ${token}`];
const dpop = (token: string): string[] => [`DPoP ${token}`];
const one = (p: ProofMaker): string[] => [p.proof()];
const MINUTE_MS = 60_000;
const ok: Expected = { kind: "ok" };
const refused = (code: UnauthenticatedCode): Expected => ({ kind: "unauthenticated", code });
const forbidden = (scope: string): Expected => ({ kind: "forbidden", scope });

/** The token cases: Bearer presentation, verification of the token itself, scopes, the routes. */
export const TOKEN_CASES: readonly Case[] = [
  // Where the credentials are and how they are written (RFC 6750 §2.1, RFC 7235 §2.1).
  { name: "no token", operation: "me", authorization: () => [], expect: refused("token_missing") },
  { name: "lower-case bearer scheme is accepted", operation: "me", token: "alice", authorization: (t) => [`bearer ${t}`], expect: ok },
  { name: "upper-case BEARER scheme is accepted", operation: "me", token: "alice", authorization: (t) => [`BEARER ${t}`], expect: ok },
  { name: "two credentials in one header", operation: "me", token: "alice", authorization: (t) => [`Bearer ${t}, Bearer ${t}`], expect: refused("invalid_request") },
  { name: "two tokens after one scheme", operation: "me", token: "alice", authorization: (t) => [`Bearer ${t} ${t}`], expect: refused("invalid_request") },
  // RFC 9110 §5.3: Authorization is not a list; two fields are two credentials, not a choice.
  { name: "two authorization fields", needs: "repeated-authorization", operation: "me", token: "alice", authorization: (t) => [`Bearer ${t}`, `Bearer ${t}`], expect: refused("invalid_request") },
  { name: "scheme without a token", operation: "me", authorization: () => ["Bearer"], expect: refused("invalid_request") },
  // RFC 6750 §3.1: credentials of another scheme carry no Bearer token: the answer to no token.
  { name: "Basic scheme", operation: "me", authorization: () => ["Basic dXNlcjpwYXNz"], expect: refused("token_missing") },
  { name: "another scheme with the token", operation: "me", token: "alice", authorization: (t) => [`Token ${t}`], expect: refused("token_missing") },
  { name: "bare token without a scheme", operation: "me", token: "alice", authorization: (t) => [t], expect: refused("token_missing") },
  { name: "token glued to the scheme", operation: "me", token: "alice", authorization: (t) => [`Bearer${t}`], expect: refused("token_missing") },
  { name: "token that is not a JWS", operation: "me", authorization: () => ["Bearer not-a-jwt"], expect: refused("token_malformed") },

  // The token itself: each forged so that only the property under test is wrong.
  { name: "bad signature (one bit flipped)", operation: "me", token: "badSignature", authorization: bearer, expect: refused("signature_invalid") },
  // An alg:none token ends in an empty signature segment, refused by the strict three-segment
  // check before the header is read (@org/token's documented order), hence malformed.
  { name: "unsigned token (alg none)", operation: "me", token: "algNone", authorization: bearer, expect: refused("token_malformed") },
  { name: "HS256 keyed with the public key", operation: "me", token: "algConfusion", authorization: bearer, expect: refused("algorithm_not_allowed") },
  { name: "expired", operation: "me", token: "expired", authorization: bearer, expect: refused("token_expired") },
  { name: "not yet valid", operation: "me", token: "notYetValid", authorization: bearer, expect: refused("token_not_yet_valid") },
  { name: "wrong issuer", operation: "me", token: "wrongIssuer", authorization: bearer, expect: refused("issuer_invalid") },
  { name: "wrong audience (narrowed to another service)", operation: "me", token: "narrowedElsewhere", authorization: bearer, expect: refused("audience_invalid") },
  { name: "token narrowed to this service", operation: "me", token: "narrowedHere", authorization: bearer, expect: ok },
  { name: "refresh token as access token", operation: "me", token: "refresh", authorization: bearer, expect: refused("type_invalid") },

  // Scopes (RFC 6750 §3.1 insufficient_scope), checked before the request body.
  { name: "missing scope: bob creates an order", operation: "createOrder", token: "bob", authorization: bearer, input: VALID_ORDER, expect: forbidden("orders:write") },
  { name: "missing scope: profile-only token lists orders", operation: "listOrders", token: "aliceProfile", authorization: bearer, expect: forbidden("orders:read") },
  { name: "missing scope: reporting-job creates an order", operation: "createOrder", token: "reportingJob", authorization: bearer, input: VALID_ORDER, expect: forbidden("orders:write") },
  { name: "missing scope wins over an invalid body", operation: "createOrder", token: "bob", authorization: bearer, input: { item: "", quantity: 0 }, expect: forbidden("orders:write") },
  { name: "missing scope wins over invalid paging", operation: "listOrders", token: "aliceProfile", authorization: bearer, paging: { pageSize: -1 }, expect: forbidden("orders:read") },

  // Good tokens, each scope.
  { name: "GET /me with a user token", operation: "me", token: "alice", authorization: bearer, expect: ok },
  { name: "GET /me with a client token (no scope needed)", operation: "me", token: "reportingJob", authorization: bearer, expect: ok },
  { name: "list orders with orders:read (bob)", operation: "listOrders", token: "bob", authorization: bearer, expect: ok },
  { name: "list orders with orders:read (reporting-job)", operation: "listOrders", token: "reportingJob", authorization: bearer, expect: ok },
  { name: "create order with orders:write", operation: "createOrder", token: "alice", authorization: bearer, input: VALID_ORDER, expect: ok },

  // The body, once authenticated and authorised.
  { name: "create order with an empty item", operation: "createOrder", token: "alice", authorization: bearer, input: { item: "", quantity: 1 }, expect: { kind: "invalid_argument" } },
  { name: "create order with quantity 0", operation: "createOrder", token: "alice", authorization: bearer, input: { item: "widget", quantity: 0 }, expect: { kind: "invalid_argument" } },
  { name: "create order with a 201-character item", operation: "createOrder", token: "alice", authorization: bearer, input: { item: "x".repeat(201), quantity: 1 }, expect: { kind: "invalid_argument" } },

  // Paging (AIP-158), once authenticated and authorised: the same parameters on every transport.
  { name: "list orders one per page", operation: "listOrders", token: "alice", authorization: bearer, paging: { pageSize: 1 }, expect: ok },
  { name: "list orders with page size 0 (the default)", operation: "listOrders", token: "alice", authorization: bearer, paging: { pageSize: 0, pageToken: "" }, expect: ok },
  { name: "list orders with a negative page size", operation: "listOrders", token: "alice", authorization: bearer, paging: { pageSize: -1 }, expect: { kind: "invalid_argument" } },
  { name: "list orders with a page token it was never given", operation: "listOrders", token: "alice", authorization: bearer, paging: { pageToken: "AZsvbB59Sk87jiFabH2OnwE" }, expect: { kind: "invalid_argument" } },
];

/** The DPoP cases: proofs, binding, presentation of bound tokens, REQUIRE_DPOP. */
export const DPOP_CASES: readonly Case[] = [
  // DPoP (RFC 9449, contract "Sender-constrained tokens"): a token bound to the suite's key by a real
  // DPoP login, with proofs made when the case runs, each wrong in one way only.
  { name: "DPoP: a bound token with its proof", operation: "me", token: "dpopAlice", authorization: dpop, proofs: one, expect: ok },
  { name: "DPoP: lower-case dpop scheme", operation: "me", token: "dpopAlice", authorization: (t) => [`dpop ${t}`], proofs: one, expect: ok },
  { name: "DPoP: create order (the proof names its method)", operation: "createOrder", token: "dpopAlice", authorization: dpop, proofs: one, input: VALID_ORDER, expect: ok },
  { name: "DPoP: list orders with paging (the query is not in the htu)", operation: "listOrders", token: "dpopAlice", authorization: dpop, proofs: one, paging: { pageSize: 1 }, expect: ok },
  { name: "DPoP: missing scope", operation: "listOrders", token: "dpopProfile", authorization: dpop, proofs: one, expect: forbidden("orders:read") },
  { name: "DPoP: replayed proof", operation: "me", token: "dpopAlice", authorization: dpop, proofs: one, replayed: true, expect: refused("dpop_proof_invalid") },
  { name: "DPoP: proof for another method", operation: "me", token: "dpopAlice", authorization: dpop, proofs: (p) => [p.proof({ htm: p.htm === "GET" ? "POST" : "GET" })], expect: refused("dpop_proof_invalid") },
  { name: "DPoP: proof for another URL", operation: "me", token: "dpopAlice", authorization: dpop, proofs: (p) => [p.proof({ htu: `${p.htu}/elsewhere` })], expect: refused("dpop_proof_invalid") },
  { name: "DPoP: proof for another token (ath)", operation: "me", token: "dpopAlice", authorization: dpop, proofs: (p) => [p.proof({ token: "another.access.token" })], expect: refused("dpop_proof_invalid") },
  { name: "DPoP: proof by another key", operation: "me", token: "dpopAlice", authorization: dpop, proofs: (p) => [p.thief()], expect: refused("dpop_binding_mismatch") },
  { name: "DPoP: expired proof (iat 10 minutes ago)", operation: "me", token: "dpopAlice", authorization: dpop, proofs: (p) => [p.proof({ iatMs: Date.now() - 10 * MINUTE_MS })], expect: refused("dpop_proof_invalid") },
  { name: "DPoP: proof from the future (iat a minute ahead)", operation: "me", token: "dpopAlice", authorization: dpop, proofs: (p) => [p.proof({ iatMs: Date.now() + MINUTE_MS })], expect: refused("dpop_proof_invalid") },
  { name: "DPoP: HS256 proof", operation: "me", token: "dpopAlice", authorization: dpop, proofs: (p) => [p.proof({ hs256: true })], expect: refused("dpop_proof_invalid") },
  { name: "DPoP: proof whose jwk carries the private key", operation: "me", token: "dpopAlice", authorization: dpop, proofs: (p) => [p.proof({ privateJwk: true })], expect: refused("dpop_proof_invalid") },
  { name: "DPoP: two proofs", operation: "me", token: "dpopAlice", authorization: dpop, proofs: (p) => [p.proof(), p.proof()], expect: refused("dpop_proof_invalid") },
  { name: "DPoP: no proof", operation: "me", token: "dpopAlice", authorization: dpop, expect: refused("dpop_proof_missing") },
  { name: "DPoP: bound token presented as Bearer", operation: "me", token: "dpopAlice", authorization: bearer, expect: refused("dpop_scheme_required") },
  { name: "DPoP: bound token as Bearer with its proof beside it", operation: "me", token: "dpopAlice", authorization: bearer, proofs: one, expect: refused("dpop_scheme_required") },
  { name: "DPoP: proof without a token", operation: "me", token: "dpopAlice", authorization: () => [], proofs: one, expect: refused("dpop_proof_without_token") },
  { name: "DPoP: unbound token with the DPoP scheme", operation: "me", token: "alice", authorization: dpop, proofs: one, expect: refused("dpop_binding_mismatch") },
  { name: "DPoP: scheme without a token", operation: "me", authorization: () => ["DPoP"], proofs: one, expect: refused("invalid_request") },

  // REQUIRE_DPOP=true (contract): the same services started with it refuse Bearer tokens.
  { name: "REQUIRE_DPOP: a Bearer token is refused", services: "dpop-required", operation: "me", token: "alice", authorization: bearer, expect: refused("dpop_required") },
  { name: "REQUIRE_DPOP: a bound token with its proof is accepted", services: "dpop-required", operation: "me", token: "dpopAlice", authorization: dpop, proofs: one, expect: ok },
  { name: "REQUIRE_DPOP: no token", services: "dpop-required", operation: "me", authorization: () => [], expect: refused("token_missing") },
];

/** Every case, run once per transport. */
export const CASES: readonly Case[] = [...TOKEN_CASES, ...DPOP_CASES];
