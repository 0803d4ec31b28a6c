import { describe, expect, it } from "vitest";
import { ClientError, LOCAL_ERRORS, isClientError } from "../../src/index.js";

describe("ClientError", () => {
  it("reads error, description and status in its message", () => {
    const error = new ClientError("invalid_grant", { description: "the refresh token is invalid", status: 400 });
    expect(error.message).toBe("invalid_grant: the refresh token is invalid (HTTP 400)");
    expect(error.name).toBe("ClientError");
    expect(isClientError(error)).toBe(true);
    expect(isClientError(new Error("x"))).toBe(false);
  });

  it("gives a local code its fixed description", () => {
    expect(new ClientError("timeout")).toMatchObject({ description: LOCAL_ERRORS.timeout, message: `timeout: ${LOCAL_ERRORS.timeout}` });
    expect(new ClientError("server_error").message).toBe("server_error");
  });

  it.each([
    ["network_error", undefined, true],
    ["invalid_response", 200, true],
    ["too_many_requests", 429, true],
    ["temporarily_unavailable", 503, true],
    ["server_error", 500, true],
    ["invalid_grant", 400, false],
    ["invalid_client", 401, false],
    ["unauthorized_client", 400, false],
    ["login_required", undefined, false],
  ] as const)("%s with status %s is temporary: %s", (code, status, temporary) => {
    expect(new ClientError(code, { status }).temporary).toBe(temporary);
  });
});
