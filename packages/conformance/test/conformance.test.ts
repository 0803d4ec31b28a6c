// Every case of the table against every transport: one test per pair, "<transport>: <case>".
import { afterAll, beforeAll, expect, it } from "vitest";
import { CASES, type Case } from "./cases.js";
import type { Check, Request } from "./model.js";
import { assertOkValue, type Principal } from "./ok-values.js";
import { startSuite, type Suite } from "./suite.js";
import { claimsOf } from "./tokens.js";
import { TRANSPORTS, type Transport } from "./transports.js";

let suite: Suite | undefined;
const passed = new Map<string, number>();
const notApplicable = new Map<string, number>();
const bump = (counts: Map<string, number>, name: string): void => {
  counts.set(name, (counts.get(name) ?? 0) + 1);
};

beforeAll(async () => {
  suite = await startSuite();
});

afterAll(async () => {
  await suite?.close();
  const counts = TRANSPORTS.map((t) => {
    const skipped = notApplicable.get(t.name) ?? 0;
    const note = skipped > 0 ? ` (${String(skipped)} not applicable)` : "";
    return `${t.name} ${String(passed.get(t.name) ?? 0)}/${String(CASES.length - skipped)}${note}`;
  });
  console.log(`conformance: ${counts.join(", ")} cases passed`);
});

for (const transport of TRANSPORTS) {
  for (const testCase of CASES) {
    it(`${transport.name}: ${testCase.name}`, async (context) => {
      const reason = testCase.needs === undefined ? undefined : transport.cannot?.[testCase.needs];
      if (reason !== undefined) {
        bump(notApplicable, transport.name);
        context.skip(reason);
        return;
      }
      await runPair(transport, testCase);
      bump(passed, transport.name);
    });
  }
}

it("has one row per case name", () => {
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});

/** Sends the case through the transport's driver; asserts the neutral outcome, then the exact one. */
async function runPair(transport: Transport, testCase: Case): Promise<void> {
  if (suite === undefined) throw new Error("the suite did not start");
  const driver = suite.drivers.get(transport.name);
  if (driver === undefined) throw new Error(`no driver for ${transport.name}`);
  const token = testCase.token === undefined ? "" : suite.tokens.get(testCase.token, transport.audience);
  const request: Request = {
    operation: testCase.operation,
    authorization: testCase.authorization(token),
    ...(testCase.input === undefined ? {} : { input: testCase.input }),
    ...(testCase.paging === undefined ? {} : { paging: testCase.paging }),
  };
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
  return { expected: testCase.expect, ttl, secrets: secretsOf(request.authorization) };
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
