/**
 * One record per judgment. Two source documents are the same judgment when
 *   - their case number, court and document type are all known and equal, or
 *   - their texts are near-identical: the Jaccard similarity of their character 5-gram sets,
 *     estimated from a 128-bin one-permutation MinHash signature, is at least SIMILARITY_THRESHOLD,
 * and never when both have a case number and the numbers differ (checked per merged group, so a
 * document without a number cannot chain two numbered judgments together).
 *
 * Candidates are blocked, never compared all against all: by the (case number, court, type) key,
 * by case number, and — only for documents without a case number — by locality-sensitive hashing
 * over bands of the signature. Pure functions: no I/O, and the result does not depend on the order
 * the documents are given in.
 */

/** Estimated Jaccard similarity at or above which two texts are the same judgment. */
export const SIMILARITY_THRESHOLD = 0.9;
const SHINGLE = 5;
const BINS = 128;
const BIN_SHIFT = 25; // 32 − log2(BINS)
/**
 * Rows per band: two texts become candidates when all rows of any band agree. With 8 rows and 16
 * bands a pair at similarity 0.9 is a candidate with probability 0.9999, one at 0.7 (judgments of
 * one court sharing the boilerplate) with 0.6 and at 0.5 with 0.06, so buckets stay small.
 */
const BAND_ROWS = 8;
const EMPTY = 0xffff;

/** murmur3's 32-bit finaliser: spreads the bits of a hash. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The text as compared: compatibility forms folded (full-width → ASCII), whitespace removed. */
function comparable(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "");
}

/**
 * MinHash signature of a text (one-permutation hashing): every 5-character shingle is hashed once,
 * the top bits choose one of 128 bins, each bin keeps the smallest low 16 bits it saw. Base64 of
 * 128 × uint16; an empty bin holds 0xffff.
 */
export function textSignature(text: string): string {
  const s = comparable(text);
  const sig = new Uint16Array(BINS).fill(EMPTY);
  for (let i = 0; i + SHINGLE <= s.length; i++) {
    let h = 0x811c9dc5; // FNV-1a over the shingle's code units
    for (let k = 0; k < SHINGLE; k++) h = Math.imul(h ^ s.charCodeAt(i + k), 0x01000193);
    h = mix32(h);
    const bin = h >>> BIN_SHIFT;
    const value = Math.min(h & 0xffff, EMPTY - 1);
    if (value < sig[bin]) sig[bin] = value;
  }
  return Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength).toString("base64");
}

function decodeSignature(sig: string): Uint16Array {
  const bytes = Buffer.from(sig, "base64");
  if (bytes.length !== BINS * 2) throw new Error(`signature has ${bytes.length} bytes, expected ${BINS * 2}`);
  const out = new Uint16Array(BINS);
  for (let i = 0; i < BINS; i++) out[i] = bytes.readUInt16LE(i * 2);
  return out;
}

/** Estimated Jaccard similarity of the two texts' shingle sets (0 when both are empty). */
export function signatureSimilarity(a: Uint16Array, b: Uint16Array): number {
  let same = 0;
  let union = 0;
  for (let i = 0; i < BINS; i++) {
    if (a[i] === EMPTY && b[i] === EMPTY) continue;
    union++;
    if (a[i] === b[i]) same++;
  }
  return union === 0 ? 0 : same / union;
}

export function textSimilarity(a: string, b: string): number {
  return signatureSimilarity(decodeSignature(textSignature(a)), decodeSignature(textSignature(b)));
}

/** Case numbers compared loosely: compatibility forms folded, whitespace removed. */
export function normalizeCaseNumber(caseNumber: string | null): string | null {
  if (caseNumber === null) return null;
  const n = caseNumber.normalize("NFKC").replace(/\s+/g, "").replace(/[〔［\[]/g, "(").replace(/[〕］\]]/g, ")");
  return n === "" ? null : n;
}

/** What dedup needs to know about one source document. */
export interface DedupDocument {
  /** Identifies the document; with contentHash and unit, orders documents deterministically. */
  uri: string;
  contentHash: string;
  /** The input the document came from (a file path, a site profile). */
  unit: string;
  caseNumber: string | null;
  court: string | null;
  docType: string | null;
  /** textSignature of its text. */
  signature: string;
  /** Evidence entries in its record: the better-extracted source becomes the primary. */
  evidence: number;
  warnings: number;
}

class Components {
  private readonly parent: Int32Array;
  /** Per root: the case number every numbered member has (null: no member has one). */
  private readonly caseNumber: (string | null)[];
  constructor(caseNumbers: (string | null)[]) {
    this.parent = Int32Array.from(caseNumbers, (_, i) => i);
    this.caseNumber = [...caseNumbers];
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  /** Join the two groups unless that would put two different case numbers in one group. */
  union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return true;
    const ca = this.caseNumber[ra];
    const cb = this.caseNumber[rb];
    if (ca !== null && cb !== null && ca !== cb) return false;
    // the smaller index stays root, so the result does not depend on the order of unions
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent[child] = root;
    this.caseNumber[root] = ca ?? cb;
    return true;
  }
  same(a: number, b: number): boolean {
    return this.find(a) === this.find(b);
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function documentOrder(a: DedupDocument, b: DedupDocument): number {
  return compareStrings(a.uri, b.uri) || compareStrings(a.contentHash, b.contentHash) || compareStrings(a.unit, b.unit);
}

/** The primary of a group: most evidence, then fewest warnings, then document order. */
function primaryOrder(a: DedupDocument, b: DedupDocument): number {
  return b.evidence - a.evidence || a.warnings - b.warnings || documentOrder(a, b);
}

/**
 * Groups of documents that are one judgment each, as indices into `docs`: the primary first, the
 * other sources in document order. Every document is in exactly one group; groups are ordered by
 * their primary's document order.
 */
export function groupDuplicates(docs: DedupDocument[]): number[][] {
  // Work in document order so that every tie is broken the same way whatever the input order.
  const order = docs.map((_, i) => i).sort((a, b) => documentOrder(docs[a], docs[b]));
  const sorted = order.map((i) => docs[i]);
  const caseNumbers = sorted.map((d) => normalizeCaseNumber(d.caseNumber));
  const components = new Components(caseNumbers);
  const signatures: (Uint16Array | undefined)[] = new Array(sorted.length);
  const sig = (i: number): Uint16Array => (signatures[i] ??= decodeSignature(sorted[i].signature));
  const similar = (i: number, j: number): boolean => signatureSimilarity(sig(i), sig(j)) >= SIMILARITY_THRESHOLD;

  // 1. same case number, court and document type
  const byKey = new Map<string, number>();
  sorted.forEach((d, i) => {
    const c = caseNumbers[i];
    if (c === null || d.court === null || d.docType === null) return;
    const key = `${c}\u0000${d.court}\u0000${d.docType}`;
    const first = byKey.get(key);
    if (first === undefined) byKey.set(key, i);
    else components.union(first, i);
  });

  // 2. same case number (court or type unknown, or differently written): near-identical text
  const byCaseNumber = new Map<string, number[]>();
  caseNumbers.forEach((c, i) => {
    if (c === null) return;
    const members = byCaseNumber.get(c);
    if (members) members.push(i);
    else byCaseNumber.set(c, [i]);
  });
  for (const members of byCaseNumber.values()) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const i = members[x];
        const j = members[y];
        if (!components.same(i, j) && similar(i, j)) components.union(i, j);
      }
    }
  }

  // 3. no case number: near-identical text anywhere, candidates from signature bands
  const unnumbered = caseNumbers.flatMap((c, i) => (c === null ? [i] : []));
  if (unnumbered.length > 0) {
    const buckets = new Map<string, number[]>();
    const bandKeys = (i: number): string[] => {
      const s = sig(i);
      const keys: string[] = [];
      for (let band = 0; band < BINS / BAND_ROWS; band++) {
        const rows = s.subarray(band * BAND_ROWS, band * BAND_ROWS + BAND_ROWS);
        if (rows.every((v) => v === EMPTY)) continue;
        keys.push(`${band}:${rows.join(",")}`);
      }
      return keys;
    };
    for (let i = 0; i < sorted.length; i++) {
      for (const key of bandKeys(i)) {
        const members = buckets.get(key);
        if (members) members.push(i);
        else buckets.set(key, [i]);
      }
    }
    for (const i of unnumbered) {
      const candidates = new Set<number>();
      for (const key of bandKeys(i)) for (const j of buckets.get(key) ?? []) if (j !== i) candidates.add(j);
      for (const j of [...candidates].sort((a, b) => a - b)) {
        if (!components.same(i, j) && similar(i, j)) components.union(i, j);
      }
    }
  }

  const groups = new Map<number, number[]>();
  for (let i = 0; i < sorted.length; i++) {
    const root = components.find(i);
    const members = groups.get(root);
    if (members) members.push(i);
    else groups.set(root, [i]);
  }
  const result: number[][] = [];
  for (const members of groups.values()) {
    const primary = members.reduce((best, i) => (primaryOrder(sorted[i], sorted[best]) < 0 ? i : best), members[0]);
    result.push([order[primary], ...members.filter((i) => i !== primary).map((i) => order[i])]);
  }
  return result.sort((a, b) => documentOrder(docs[a[0]], docs[b[0]]));
}
