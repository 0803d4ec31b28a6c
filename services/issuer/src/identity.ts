/** Who this service is: the name it logs with and the variable that sets its port. */
export const IDENTITY = Object.freeze({
  name: "issuer",
  portVariable: "ISSUER_PORT",
  defaultPort: 4000,
});
