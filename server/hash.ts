/**
 * A fast 53-bit hash (the "cyrb53" construction by bryc, public domain: two 32-bit multiply-xorshift lanes) of
 * `parts.join(separator)`, without building the joined string: the importer fingerprints every record's cells with
 * it, and a million joined copies of them would only be garbage for the collector. Never for security.
 */
export function hash53Parts(parts: readonly string[], separator: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let p = 0; p < parts.length; p += 1) {
    const text = parts[p] ?? '';
    for (let i = p === 0 ? separator.length : 0; i < separator.length + text.length; i += 1) {
      const code = i < separator.length ? separator.charCodeAt(i) : text.charCodeAt(i - separator.length);
      h1 = Math.imul(h1 ^ code, 2654435761);
      h2 = Math.imul(h2 ^ code, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
