// What every publishable package is checked against: facts of the repository, not of the package.

/**
 * The repository-wide expectations of {@link checkPackage}.
 *
 * @example
 * ```ts
 * const expected: Expectations = { license, engines: ">=20.19", versions: new Map([["@org/token", "0.1.0"]]) };
 * ```
 */
export interface Expectations {
  /** The repository's LICENSE; each package ships the same bytes. */
  readonly license: Buffer;
  /** The root package.json's `engines.node`; each package keeps it. */
  readonly engines: string;
  /** Name and version of every publishable package: the only internal packages one may depend on. */
  readonly versions: ReadonlyMap<string, string>;
}
