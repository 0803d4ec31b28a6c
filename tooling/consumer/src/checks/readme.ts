// A README that still works once it sits in node_modules or on a registry page: each link is
// absolute (http, https, mailto), an anchor of the README itself, or a file the tarball ships.
// A relative link into the repository (`../token-http`) works only on the forge, so it is a problem.
// Markdown is parsed by marked and anchors are slugged by github-slugger (GitHub's own rules),
// rather than by regular expressions that would misread code and tables.
import GithubSlugger from "github-slugger";
import { lexer, walkTokens, type Token } from "marked";
import type { PackageFiles } from "../tarball.js";

const ABSOLUTE = /^(?:https?:\/\/|mailto:)/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The text a heading renders to, which is what GitHub slugs. */
function plainText(tokens: readonly Token[]): string {
  return tokens
    .map((token) => {
      if ("tokens" in token && Array.isArray(token.tokens)) return plainText(token.tokens);
      return "text" in token && typeof token.text === "string" ? token.text : "";
    })
    .join("");
}

/**
 * A Markdown text's link targets (links and images, inline or by reference) and heading anchors.
 *
 * @example
 * ```ts
 * const { links, anchors }: Outline = outline(readme);
 * ```
 */
export interface Outline {
  readonly links: readonly string[];
  readonly anchors: ReadonlySet<string>;
}

/**
 * Reads a Markdown text's links and the anchors of its headings.
 *
 * @example
 * ```ts
 * outline("# A b\n[x](#a-b)"); // { links: ["#a-b"], anchors: Set { "a-b" } }
 * ```
 */
export function outline(markdown: string): Outline {
  const links: string[] = [];
  const anchors = new Set<string>();
  const slugger = new GithubSlugger();
  // The callback is synchronous: the array of its results holds no promise.
  void walkTokens(lexer(markdown), (token) => {
    if (token.type === "link" || token.type === "image") links.push((token as Token & { href: string }).href);
    if (token.type === "heading") anchors.add(slugger.slug(plainText((token as Token & { tokens: Token[] }).tokens)));
  });
  return { links, anchors };
}

function decode(anchor: string): string {
  try {
    return decodeURIComponent(anchor);
  } catch {
    return anchor;
  }
}

function checkLink(href: string, own: Outline, files: PackageFiles): string | undefined {
  if (ABSOLUTE.test(href)) return undefined;
  if (SCHEME.test(href) || href.startsWith("/")) return `${href}: neither http(s) nor a file of the package`;
  const hash = href.indexOf("#");
  const path = hash === -1 ? href : href.slice(0, hash);
  const anchor = hash === -1 ? undefined : decode(href.slice(hash + 1));
  if (path === "") return anchor !== undefined && own.anchors.has(anchor) ? undefined : `${href}: no such heading`;
  const target = path.replace(/^\.\//, "");
  if (target.startsWith("../")) return `${href}: outside the package (name the package, or link to the repository)`;
  const file = files.get(target);
  if (file === undefined) return `${href}: not shipped`;
  if (anchor !== undefined && target.endsWith(".md") && !outline(file.toString("utf8")).anchors.has(anchor)) {
    return `${href}: no such heading in ${target}`;
  }
  return undefined;
}

/**
 * Problems with the links of a tarball's README.md; none is `[]`. Absolute http(s) and mailto
 * links are only read, never fetched.
 *
 * @example
 * ```ts
 * checkReadme(files); // ["../token-http: outside the package (name the package, or link to the repository)"]
 * ```
 */
export function checkReadme(files: PackageFiles): string[] {
  const readme = files.get("README.md");
  if (readme === undefined) return ["README.md: missing"];
  const own = outline(readme.toString("utf8"));
  return own.links.flatMap((href) => checkLink(href, own, files) ?? []);
}
