/**
 * `sshCidr`: the one network allowed to reach port 22. Whatever passes is written in
 * canonical form (the form EC2 itself reports), so the security group never differs
 * from what the learner reads back in the console.
 */
import { refuse } from './errors';

const MIN_IPV4_PREFIX = 8;
const MIN_IPV6_PREFIX = 16;

/** Ranges a packet from the internet never comes from: SSH from them cannot reach a public instance. */
const NON_PUBLIC_IPV4: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, '"this network"'],
  ['10.0.0.0', 8, 'a private (RFC 1918) range'],
  ['100.64.0.0', 10, "a carrier-grade NAT range (your provider's, not your public IP)"],
  ['127.0.0.0', 8, 'the loopback range (this computer)'],
  ['169.254.0.0', 16, 'the link-local range'],
  ['172.16.0.0', 12, 'a private (RFC 1918) range'],
  ['192.168.0.0', 16, 'a private (RFC 1918) range'],
  ['224.0.0.0', 4, 'the multicast range'],
  ['240.0.0.0', 4, 'a reserved range'],
];
const NON_PUBLIC_IPV6: readonly (readonly [string, number, string])[] = [
  ['::', 128, 'the unspecified address'],
  ['::1', 128, 'the loopback address (this computer)'],
  ['fc00::', 7, 'a unique-local (private) range'],
  ['fe80::', 10, 'the link-local range'],
  ['ff00::', 8, 'the multicast range'],
];

const WORLD_WORDS = new Set(['*', 'any', 'all', 'anywhere', 'world', 'internet', 'everyone', 'public', '0.0.0.0', '::', '0/0']);

/** An IPv4 address to a number; undefined if not four decimal octets. `leadingZeros` is set if any octet had one. */
function parseIpv4(text: string): { value: number; leadingZeros: boolean } | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return {
    value: parts.reduce((acc, p) => acc * 256 + Number(p), 0),
    leadingZeros: parts.some((p) => p.length > 1 && p.startsWith('0')),
  };
}

function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** An IPv6 address (any valid spelling) to 8 groups; undefined if it is not one. */
function parseIpv6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text) || text.split('::').length > 2) return undefined;
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const headGroups = groups(head);
  const tailGroups = tail === undefined ? [] : groups(tail);
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  if (all.some((g) => g.length === 0 || g.length > 4)) return undefined;
  return all.map((g) => parseInt(g, 16));
}

/** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
export function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

function ipv6Bit(groups: readonly number[], bit: number): number {
  return (groups[Math.floor(bit / 16)] >> (15 - (bit % 16))) & 1;
}

/** The groups with every bit after `prefix` cleared. */
function ipv6Network(groups: readonly number[], prefix: number): number[] {
  return groups.map((g, i) => {
    const keep = Math.min(16, Math.max(0, prefix - i * 16));
    return keep === 0 ? 0 : g & ((0xffff << (16 - keep)) & 0xffff);
  });
}

function insideIpv4(value: number, prefix: number, [base, basePrefix]: readonly [string, number, string]): boolean {
  const size = 2 ** (32 - basePrefix);
  return prefix >= basePrefix && Math.floor(value / size) === Math.floor(parseIpv4(base)!.value / size);
}

function insideIpv6(groups: readonly number[], prefix: number, [base, basePrefix]: readonly [string, number, string]): boolean {
  const baseGroups = parseIpv6(base)!;
  if (prefix < basePrefix) return false;
  for (let bit = 0; bit < basePrefix; bit++) if (ipv6Bit(groups, bit) !== ipv6Bit(baseGroups, bit)) return false;
  return true;
}

/**
 * Parses `sshCidr`: one public IPv4 or IPv6 network written address/prefix, with no
 * host bits set, never (a large part of) the internet. Returns its canonical text.
 */
export function parseSshCidr(text: string): string {
  if (WORLD_WORDS.has(text.toLowerCase()) || /^(0\.0\.0\.0|::(0)?)\/0+$/.test(text)) {
    refuse('that opens SSH to the whole internet');
  }
  if (/\$\(|`|%[A-Za-z_]+%|\$\{?[A-Za-z_]/.test(text)) {
    refuse('your shell did not run the command inside it (look your IP up at https://checkip.amazonaws.com and paste it)');
  }
  if (/^https?:\/\//i.test(text)) refuse('that is a web address: open it, and write the IP it shows with /32');
  if (/[,;]/.test(text) || text.split('/').length > 2) refuse('one CIDR only');
  if (/\s/.test(text)) refuse('it contains a space', text.replace(/\s+/g, ''));
  if (text.includes('\\')) refuse('the prefix is written after a slash, not a backslash', text.replace('\\', '/'));
  if (/^\d{1,3}(\.\d{1,3}){3}-\d/.test(text)) refuse('an address range is written as one CIDR (address/prefix)');
  if (text.includes('%')) refuse('an IPv6 zone (%interface) only means something on your own computer', text.replace(/%[^/]*/, ''));

  const [address, prefixText] = text.split('/');
  if (address === '') refuse('the address before the slash is missing (did the command that finds your IP fail?)');
  if (prefixText === undefined) {
    if (parseIpv4(address)) refuse('a CIDR needs a prefix length after the address', `${address}/32`);
    const groups = parseIpv6(address);
    if (groups) refuse('a CIDR needs a prefix length after the address', `${formatIpv6(groups)}/128`);
    if (/[a-z]/i.test(address) && !/^[0-9a-f:]+$/i.test(address)) {
      refuse('that is a name, not an address: write the public IP of your network (https://checkip.amazonaws.com) with /32');
    }
    refuse('a CIDR is an address and a prefix length');
  }
  if (!/^\d{1,3}$/.test(prefixText)) refuse('the prefix length after the slash is a whole number');
  const prefix = Number(prefixText);
  const prefixWritten = prefixText.length > 1 && prefixText.startsWith('0');

  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped && parseIpv4(mapped[1])) {
    refuse('an IPv4-mapped IPv6 address is an IPv4 address for AWS', `${formatIpv4(parseIpv4(mapped[1])!.value)}/${Math.max(0, prefix - 96)}`);
  }

  const ipv4 = parseIpv4(address);
  if (ipv4) {
    if (prefix === 0) refuse('that opens SSH to the whole internet');
    if (prefix > 32) refuse('an IPv4 prefix is at most /32', `${formatIpv4(ipv4.value)}/32`);
    const canonical = `${formatIpv4(ipv4.value)}/${prefix}`;
    if (ipv4.leadingZeros) refuse('an octet has a leading zero (some tools read 010 as octal 8)', canonical);
    if (prefixWritten) refuse('the prefix has a leading zero', canonical);
    if (prefix < MIN_IPV4_PREFIX) refuse(`a /${prefix} is a large part of the internet (at least /${MIN_IPV4_PREFIX})`);
    const size = 2 ** (32 - prefix);
    const network = ipv4.value - (ipv4.value % size);
    if (network !== ipv4.value) {
      refuse(
        `host bits are set after /${prefix}: for this address alone write ${formatIpv4(ipv4.value)}/32`,
        `${formatIpv4(network)}/${prefix}`,
      );
    }
    const range = NON_PUBLIC_IPV4.find((r) => insideIpv4(ipv4.value, prefix, r));
    if (range) refuse(`${range[0]}/${range[1]} is ${range[2]}; AWS sees your public IP (https://checkip.amazonaws.com)`);
    return canonical;
  }

  const groups = parseIpv6(address);
  if (!groups) {
    if (/^[\d.]+$/.test(address)) refuse('that is not an IPv4 address (four numbers 0 to 255 separated by dots)');
    if (/[g-z]/i.test(address)) refuse('that is a name, not an address: write the public IP of your network (https://checkip.amazonaws.com) with /32');
    refuse('that is neither an IPv4 nor an IPv6 address');
  }
  if (prefix === 0) refuse('that opens SSH to the whole internet');
  if (prefix > 128) refuse('an IPv6 prefix is at most /128', `${formatIpv6(groups)}/128`);
  if (prefix < MIN_IPV6_PREFIX) refuse(`a /${prefix} is a large part of the internet (at least /${MIN_IPV6_PREFIX})`);
  const network = ipv6Network(groups, prefix);
  if (network.some((g, i) => g !== groups[i])) {
    refuse(`host bits are set after /${prefix}: for this address alone write ${formatIpv6(groups)}/128`, `${formatIpv6(network)}/${prefix}`);
  }
  const range = NON_PUBLIC_IPV6.find((r) => insideIpv6(groups, prefix, r));
  if (range) refuse(`${range[0]}/${range[1]} is ${range[2]}; AWS sees your public IP (https://checkip.amazonaws.com)`);
  const canonical = `${formatIpv6(groups)}/${prefix}`;
  if (prefixWritten) refuse('the prefix has a leading zero', canonical);
  // Upper case, leading zeros and long forms are unambiguous: they are rewritten, not refused.
  return canonical;
}
