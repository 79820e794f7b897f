/**
 * Which IP addresses are public. A paper URL, a callback or a platform API must not reach this machine, its
 * network, or a cloud metadata service (169.254.169.254): every address a name resolves to is checked against
 * the special-purpose ranges in data/special-purpose-addresses.json.
 */
import { BlockList, isIP } from "node:net";
import table from "../data/special-purpose-addresses.json" with { type: "json" };

interface Range {
  prefix: string;
  bits: number;
  name: string;
  embedsIpv4?: boolean;
}

const blocked = new BlockList();
const embedding = new BlockList();
const names: Array<{ list: BlockList; type: "ipv4" | "ipv6"; name: string }> = [];
for (const range of table.ipv4 as Range[]) {
  const one = new BlockList();
  one.addSubnet(range.prefix, range.bits, "ipv4");
  blocked.addSubnet(range.prefix, range.bits, "ipv4");
  names.push({ list: one, type: "ipv4", name: range.name });
}
for (const range of table.ipv6 as Range[]) {
  if (range.embedsIpv4) {
    embedding.addSubnet(range.prefix, range.bits, "ipv6");
    continue;
  }
  const one = new BlockList();
  one.addSubnet(range.prefix, range.bits, "ipv6");
  blocked.addSubnet(range.prefix, range.bits, "ipv6");
  names.push({ list: one, type: "ipv6", name: range.name });
}

/** The 16 bytes of an IPv6 address (`::` and a trailing dotted quad allowed); null when it is not one. */
function ipv6Bytes(address: string): number[] | null {
  let text = address.split("%")[0] ?? "";
  const tail: number[] = [];
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    tail.push(...quad[1]!.split(".").map(Number));
    text = text.slice(0, -quad[1]!.length) + "0:0";
  }
  const [head, rest] = text.split("::") as [string, string | undefined];
  const groups = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const fill = rest === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...Array<number>(Math.max(0, fill)).fill(0), ...right];
  if (all.length !== 8 || all.some((g) => !Number.isFinite(g))) return null;
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/**
 * Why an address is not public ("loopback", "private", "link-local ..."), or null when it is public. Anything
 * that is not an IP address at all is refused too.
 *
 * @example
 * nonPublicReason("127.0.0.1")       // "loopback"
 * nonPublicReason("::ffff:10.0.0.1") // "private"
 * nonPublicReason("93.184.216.34")   // null
 */
export function nonPublicReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return "not an IP address";
  if (family === 4) {
    if (!blocked.check(address, "ipv4")) return null;
    return names.find((n) => n.type === "ipv4" && n.list.check(address, "ipv4"))?.name ?? "reserved";
  }
  if (embedding.check(address, "ipv6")) {
    const bytes = ipv6Bytes(address);
    if (!bytes) return "not an IP address";
    return nonPublicReason(bytes.slice(12).join("."));
  }
  if (!blocked.check(address, "ipv6")) return null;
  return names.find((n) => n.type === "ipv6" && n.list.check(address, "ipv6"))?.name ?? "reserved";
}

/**
 * Whether `host` (a hostname or IP literal, no port) matches an allow-list entry: the same name, or
 * `*.example.org` for any name under example.org (not example.org itself).
 *
 * @example
 * hostAllowed("api2.openreview.net", ["*.openreview.net"]) // true
 */
export function hostAllowed(host: string, allowList: readonly string[]): boolean {
  const name = host
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  return allowList.some((entry) => {
    const pattern = entry.toLowerCase().replace(/^\[|\]$/g, "");
    if (pattern.startsWith("*.")) return name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1;
    return name === pattern;
  });
}
