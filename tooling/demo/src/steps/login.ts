import { performance } from "node:perf_hooks";
import type { Step } from "../step.js";
import { decodePart } from "../step.js";

export const login: Step = {
  title: "alice logs in",
  why: "One password-grant login at the issuer: the only step that checks a password (scrypt, deliberately slow).",
  async run(ctx) {
    const start = performance.now();
    const token = await ctx.login("alice", "alice", "demo-cli", { scope: "profile orders:read orders:write" });
    const ms = performance.now() - start;
    const claims = decodePart(token, 1);
    const lifetime = Number(claims.exp) - Number(claims.iat);
    ctx.check(typeof claims.sub === "string", `POST /token (grant_type=password, client demo-cli): an access token in ${ms.toFixed(0)} ms`);
    ctx.check(lifetime === 300, `lifetime ${lifetime} s (ACCESS_TOKEN_TTL), with a refresh token kept by the client, in memory only`);
    await ctx.login("bob", "bob", "demo-cli", { scope: "profile orders:read" });
    ctx.n.line("info", "bob logs in too (scope profile orders:read: he may read orders, not create them)");
    return `token in ${ms.toFixed(0)} ms`;
  },
};

const NOTES: Record<string, string> = {
  exp: "expiry, seconds since 1970",
  jti: "this token's id: what revoking one token names",
  sid: "this login and its refresh chain: what revoking the refresh token ends",
  rev: "the last revocation the issuer had seen: only later ones can apply to this token",
};

export const decode: Step = {
  title: "her token, decoded",
  why: "A JWS anyone can read but no one can change: a header, claims, and a signature over both.",
  run(ctx) {
    const token = ctx.token("alice");
    const header = decodePart(token, 0);
    const claims = decodePart(token, 1);
    const claimLines = Object.entries(claims).map(([k, v]) => `${k.padEnd(9)} ${JSON.stringify(v)}${NOTES[k] === undefined ? "" : `  (${NOTES[k]})`}`);
    ctx.n.block([`header ${JSON.stringify(header)}`, ...claimLines]);
    ctx.check(header.typ === "at+jwt" && header.kid === ctx.world.kids.active, `typ at+jwt (RFC 9068), alg ${String(header.alg)}, kid of the issuer's signing key`);
    const hasSecret = Object.keys(claims).some((k) => /password|secret/i.test(k));
    ctx.check(!hasSecret, "nothing secret inside: who (sub), for which app (client_id), where (aud), what (scope), until when (exp)");
    return Promise.resolve(`${String(header.alg)}, ${token.length} bytes, ${Object.keys(claims).length} claims`);
  },
};
