// Published JWS examples, copied byte for byte from the RFCs. rfc.test.ts first checks each one
// with node:crypto alone (so a transcription error fails there, not in the library), then through
// @org/token.

/** RFC 7515 A.1-A.3 share this payload: {"iss":"joe",CRLF "exp":1300819380,CRLF "http://example.com/is_root":true} */
export const RFC7515_PAYLOAD = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
export const RFC7515_PAYLOAD_TEXT = '{"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}';
/** The examples' exp; they were valid until 2011-03-22T18:43:00Z. */
export const RFC7515_EXP = 1300819380;

export interface Vector {
  readonly name: string;
  readonly alg: "HS256" | "RS256" | "ES256" | "EdDSA";
  readonly jwk: Record<string, string>;
  readonly token: string;
}

/** RFC 7515 A.1: HMAC SHA-256. Header {"typ":"JWT",CRLF "alg":"HS256"}. */
export const A1: Vector = {
  name: "RFC 7515 A.1 (HS256)",
  alg: "HS256",
  jwk: { kty: "oct", k: "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow" },
  token: `eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.${RFC7515_PAYLOAD}.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk`,
};

/** RFC 7515 A.2: RSASSA-PKCS1-v1_5 SHA-256 (public part of the 2048-bit example key). Header {"alg":"RS256"}. */
export const A2: Vector = {
  name: "RFC 7515 A.2 (RS256)",
  alg: "RS256",
  jwk: {
    kty: "RSA",
    n:
      "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMs" +
      "D1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdV" +
      "MTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
    e: "AQAB",
  },
  token:
    `eyJhbGciOiJSUzI1NiJ9.${RFC7515_PAYLOAD}.` +
    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZ" +
    "cAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-e" +
    "OkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw",
};

/** RFC 7515 A.3: ECDSA P-256 SHA-256 (public part of the example key). Header {"alg":"ES256"}. */
export const A3: Vector = {
  name: "RFC 7515 A.3 (ES256)",
  alg: "ES256",
  jwk: {
    kty: "EC",
    crv: "P-256",
    x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
  },
  token: `eyJhbGciOiJFUzI1NiJ9.${RFC7515_PAYLOAD}.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q`,
};

/** RFC 8037 A.1 private key (A.2 is its public part, A.3 its thumbprint). */
export const RFC8037_PRIVATE_JWK = {
  kty: "OKP",
  crv: "Ed25519",
  d: "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
  x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
} as const;
export const RFC8037_THUMBPRINT = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
/** RFC 8037 A.4: the payload is the text "Example of Ed25519 signing", not a JSON claims set. */
export const RFC8037_PAYLOAD_TEXT = "Example of Ed25519 signing";
export const A4: Vector = {
  name: "RFC 8037 A.4 (EdDSA)",
  alg: "EdDSA",
  jwk: { kty: "OKP", crv: "Ed25519", x: RFC8037_PRIVATE_JWK.x },
  token:
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc." +
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg",
};

/** RFC 7638 §3.1: an RSA key and its SHA-256 thumbprint. */
export const RFC7638_JWK = {
  kty: "RSA",
  n:
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMst" +
    "n64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5haj" +
    "rn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
  e: "AQAB",
  alg: "RS256",
  kid: "2011-04-29",
} as const;
export const RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";
