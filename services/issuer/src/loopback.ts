// Whether a host name or address stays on this machine: 127.0.0.0/8, ::1 (also IPv4-mapped), localhost.
import { BlockList, isIP } from "node:net";

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/**
 * True for a loopback address or `localhost`; a URL's bracketed IPv6 host (`[::1]`) is accepted as well.
 * Anything else, including the wildcard addresses `0.0.0.0` and `::`, is not loopback.
 *
 * @example
 * isLoopback("127.0.0.1"); // true
 * isLoopback("[::1]");     // true
 * isLoopback("0.0.0.0");   // false
 */
export function isLoopback(host: string): boolean {
  const inner = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : undefined;
  const bare = inner !== undefined && isIP(inner) === 6 ? inner : host;
  if (bare.toLowerCase() === "localhost") return true;
  const family = isIP(bare);
  // BlockList checks an IPv4-mapped IPv6 address (::ffff:127.0.0.1) against the IPv4 rules.
  return family !== 0 && LOOPBACK.check(bare, family === 6 ? "ipv6" : "ipv4");
}
