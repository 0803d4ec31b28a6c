// The published examples of RFC 9449, copied byte for byte. rfc9449.test.ts first checks each proof
// with node:crypto alone (so a transcription error fails there, not in the library), then through
// verifyDpopProof with the clock at the proof's iat.

/** The public key of every example proof (its `jwk` header). */
export const RFC9449_JWK = {
  kty: "EC",
  x: "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs",
  y: "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA",
  crv: "P-256",
} as const;

/** §6.1: the thumbprint of that key, the `cnf.jkt` of the example tokens. */
export const RFC9449_JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

const HEADER =
  "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19";

export interface ProofVector {
  readonly name: string;
  readonly proof: string;
  readonly htm: string;
  readonly htu: string;
  readonly jti: string;
  readonly iat: number;
  /** The access token the proof's ath is the hash of. */
  readonly accessToken?: string;
}

/** §4.1 and §5: the proof of the example token request. */
export const TOKEN_REQUEST: ProofVector = {
  name: "RFC 9449 §5 token request",
  proof:
    `${HEADER}.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.` +
    "2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg",
  htm: "POST",
  htu: "https://server.example.com/token",
  jti: "-BwC3ESc6acc2lTc",
  iat: 1562262616,
};

/** §5: the proof of the example refresh request (same key and jti as the token request, later iat). */
export const REFRESH_REQUEST: ProofVector = {
  name: "RFC 9449 §5 refresh request",
  proof:
    `${HEADER}.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjY1Mjk2fQ.` +
    "pAqut2IRDm_De6PR93SYmGBPXpwrAk90e8cP2hjiaG5QsGSuKDYW7_X620BxqhvYC8ynrrvZLTk41mSRroapUA",
  htm: "POST",
  htu: "https://server.example.com/token",
  jti: "-BwC3ESc6acc2lTc",
  iat: 1562265296,
};

/** §7.1: the example protected resource request, with its access token. */
export const RESOURCE_REQUEST: ProofVector = {
  name: "RFC 9449 §7.1 resource request (with ath)",
  proof:
    `${HEADER}.eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9.` +
    "2oW9RP35yRqzhrtNP86L-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA",
  htm: "GET",
  htu: "https://resource.example.org/protectedresource",
  jti: "e1j3V_bKic8-LAEB",
  iat: 1562262618,
  accessToken: "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU",
};

/** §7.1: the ath of that access token. */
export const RFC9449_ATH = "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo";

export const PROOF_VECTORS: readonly ProofVector[] = [TOKEN_REQUEST, REFRESH_REQUEST, RESOURCE_REQUEST];
