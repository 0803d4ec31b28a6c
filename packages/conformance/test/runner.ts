// Runs rows of the table against every transport of one suite: one test per pair,
// "<transport>: <case>", and the per-transport counts printed at the end.
import { proof, proofKey, type ProofKey } from "@org/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Case, ProofMaker } from "./cases.js";
import type { Check, ProofTarget, Request } from "./model.js";
import { assertOkValue, type Principal } from "./ok-values.js";
import { startSuite, type Suite, type SuiteOptions } from "./suite.js";
import { claimsOf } from "./tokens.js";
import { TRANSPORTS, type Transport } from "./transports.js";

export interface TableRun {
  /** Printed before the counts, e.g. "conformance". */
  readonly label: string;
  readonly cases: readonly Case[];
  readonly suite: SuiteOptions;
  /** Why a row does not apply to this run (it is then skipped with that reason), or undefined. */
  readonly notApplicable?: (testCase: Case) => string | undefined;
}

/**
 * Registers the run's tests: the suite starts once (beforeAll), every row runs on every transport,
 * a row that a transport or the run cannot offer is skipped with its reason.
 *
 * @returns the running suite, for tests of the run's own setting (undefined before it starts)
 */
export function runTable(run: TableRun): () => Suite | undefined {
  let suite: Suite | undefined;
  const passed = new Map<string, number>();
  const skipped = new Map<string, number>();
  const bump = (counts: Map<string, number>, name: string): void => {
    counts.set(name, (counts.get(name) ?? 0) + 1);
  };
  beforeAll(async () => {
    suite = await startSuite(run.suite);
  });
  afterAll(async () => {
    await suite?.close();
    const counts = TRANSPORTS.map((t) => {
      const n = skipped.get(t.name) ?? 0;
      const note = n > 0 ? ` (${String(n)} not applicable)` : "";
      return `${t.name} ${String(passed.get(t.name) ?? 0)}/${String(run.cases.length - n)}${note}`;
    });
    console.log(`${run.label}: ${counts.join(", ")} cases passed`);
  });
  for (const transport of TRANSPORTS) {
    for (const testCase of run.cases) {
      it(`${transport.name}: ${testCase.name}`, async (context) => {
        const reason = run.notApplicable?.(testCase) ?? (testCase.needs === undefined ? undefined : transport.cannot?.[testCase.needs]);
        if (reason !== undefined) {
          bump(skipped, transport.name);
          context.skip(reason);
          return;
        }
        await runPair(suite, transport, testCase);
        bump(passed, transport.name);
      });
    }
  }
  return () => suite;
}

/** Sends the case through the transport's driver; asserts the neutral outcome, then the exact one. */
async function runPair(suite: Suite | undefined, transport: Transport, testCase: Case): Promise<void> {
  if (suite === undefined) throw new Error("the suite did not start");
  const driver = suite.drivers.get(testCase.services ?? "default")?.get(transport.name);
  if (driver === undefined) throw new Error(`no driver for ${transport.name}`);
  const token = testCase.token === undefined ? "" : suite.tokens.get(testCase.token, transport.audience);
  const proofs = testCase.proofs?.(proofMaker(suite.dpopKey, driver.proofTarget(testCase.operation), token)) ?? [];
  const request: Request = {
    operation: testCase.operation,
    authorization: testCase.authorization(token),
    ...(proofs.length === 0 ? {} : { dpop: proofs }),
    ...(testCase.input === undefined ? {} : { input: testCase.input }),
    ...(testCase.paging === undefined ? {} : { paging: testCase.paging }),
  };
  if (testCase.replayed === true) {
    const first = await driver.send(request);
    expect(first.result.kind, `the first use: ${first.summary}`).toBe("ok");
  }
  const exchange = await driver.send(request);
  expect(exchange.result.kind, exchange.summary).toBe(testCase.expect.kind);
  exchange.assertExact(checkFor(testCase, request, token));
  if (exchange.result.kind === "ok") {
    const expected = { principal: principalOf(token), service: transport.service, input: testCase.input, paging: testCase.paging };
    assertOkValue(testCase.operation, exchange.result.value, expected);
  }
}

function checkFor(testCase: Case, request: Request, token: string): Check {
  const { exp, iat } = claimsOf(token);
  const ttl = typeof exp === "number" && typeof iat === "number" ? exp - iat : undefined;
  const secrets = [...secretsOf(request.authorization), ...(token.length >= 16 ? [token] : []), ...secretsOf((request.dpop ?? []).map((p) => `DPoP ${p}`))];
  return { expected: testCase.expect, ttl, secrets };
}

/** Proofs for one request, made now: by the suite's key, or a thief's made for the purpose. */
function proofMaker(key: ProofKey, target: ProofTarget, token: string): ProofMaker {
  const base = { htm: target.htm, htu: target.htu, token };
  return {
    htm: target.htm,
    htu: target.htu,
    proof: (change = {}) => proof(key, { ...base, ...change }),
    thief: () => proof(proofKey("ES256"), base),
  };
}

/** Everything after the scheme of each value sent, and each JWS signature: never to be echoed. */
function secretsOf(authorization: readonly string[]): string[] {
  const secrets: string[] = [];
  for (const value of authorization) {
    const credentials = value.slice(value.indexOf(" ") + 1);
    if (value.includes(" ") && credentials.length >= 8) secrets.push(credentials);
    for (const part of credentials.split(/[ ,]+/)) {
      const signature = part.split(".")[2];
      if (signature !== undefined && signature.length >= 16) secrets.push(signature);
    }
  }
  return secrets;
}

/** Who the service must report: the claims of the token that was sent. */
function principalOf(token: string): Principal {
  const { sub, client_id: clientId, scope } = claimsOf(token);
  return {
    sub: typeof sub === "string" ? sub : "",
    client_id: typeof clientId === "string" ? clientId : "",
    scope: typeof scope === "string" ? scope.split(" ").filter((s) => s !== "") : [],
  };
}
