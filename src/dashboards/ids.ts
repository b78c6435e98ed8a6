/**
 * Identifiers derived from names, so that they are stable across runs and machines and do not move
 * when other panels are added: dashboard uids from titles, panel ids from panel keys.
 */

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text` (encoded here: no buffer per call). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  const add = (byte: number) => {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  };
  for (const ch of text) {
    const point = ch.codePointAt(0) ?? 0;
    // A lone surrogate is encoded as U+FFFD, as TextEncoder does.
    const cp = point >= 0xd800 && point <= 0xdfff ? 0xfffd : point;
    if (cp < 0x80) add(cp);
    else if (cp < 0x800) {
      add(0xc0 | (cp >> 6));
      add(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      add(0xe0 | (cp >> 12));
      add(0x80 | ((cp >> 6) & 0x3f));
      add(0x80 | (cp & 0x3f));
    } else {
      add(0xf0 | (cp >> 18));
      add(0x80 | ((cp >> 12) & 0x3f));
      add(0x80 | ((cp >> 6) & 0x3f));
      add(0x80 | (cp & 0x3f));
    }
  }
  return hash >>> 0;
}

export const uidPattern = /^[A-Za-z0-9_-]{1,40}$/;
export const maxUidLength = 40;

/** Lower-case words joined by dashes: `External Secrets / Sync` becomes `external-secrets-sync`. */
export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** A dashboard uid derived from its title: the slug, shortened with a hash suffix past 40 characters. */
export function uidFromTitle(title: string): string {
  const s = slug(title);
  const hash = fnv1a(title).toString(16).padStart(8, "0");
  if (s === "") return `d-${hash}`;
  if (s.length <= maxUidLength) return s;
  return `${s.slice(0, maxUidLength - 9).replace(/-+$/, "")}-${hash}`;
}

/** Panel ids live in 1..2^31-1, the range every consumer of the JSON model reads as an integer. */
const idSpace = 0x7fffffff;

/**
 * Unique panel ids derived from keys: each key's hash, with collisions resolved in sorted key order
 * (so the result does not depend on the order panels were added). Explicit ids are kept as they are.
 */
export function panelIds(
  keys: readonly string[],
  explicit: ReadonlyMap<string, number> = new Map(),
): Map<string, number> {
  const ids = new Map<string, number>(explicit);
  const taken = new Set(explicit.values());
  for (const key of [...new Set(keys)].sort()) {
    if (ids.has(key)) continue;
    let id = (fnv1a(key) % idSpace) + 1;
    while (taken.has(id)) id = (id % idSpace) + 1;
    ids.set(key, id);
    taken.add(id);
  }
  return ids;
}
