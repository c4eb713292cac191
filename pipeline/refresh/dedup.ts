/**
 * One record per judgment. Two source documents are the same judgment when
 *   - their case number, court and document type are all known and equal, or
 *   - they have the same case number and near-identical texts (MinHash estimate at least
 *     SIMILARITY_THRESHOLD), or
 *   - their texts are near-identical without a case number to back it: the MinHash estimate is at
 *     least CANDIDATE_THRESHOLD and the exact Jaccard similarity of their character 5-gram sets is at
 *     least EXACT_THRESHOLD,
 * and never when a group would hold two different known values of the case number, the court, the
 * document type or the set of defendant names (checked per merged group, so a document that lacks
 * one cannot chain two different judgments together).
 *
 * Candidates are blocked, never compared all against all: by the (case number, court, type) key,
 * by case number, and — only for documents without a case number — by locality-sensitive hashing
 * over bands of the signature. No I/O of its own (the caller hands in the texts for the exact
 * check), and the result does not depend on the order the documents are given in.
 */
import type { DocItem } from "./state.js";

/** Bump when anything here changes what is merged or what a signature holds: the memo is then not reused. */
export const DEDUP_VERSION = 2;

/** Estimated Jaccard similarity at or above which two texts with the same case number are the same judgment. */
export const SIMILARITY_THRESHOLD = 0.9;
/**
 * Without equal case numbers the estimate only nominates a pair (128 bins: standard error ≈ 0.027
 * at 0.9, so within two standard errors a pair at 0.9 estimates 0.85 to 0.95); the exact Jaccard
 * similarity decides.
 */
export const CANDIDATE_THRESHOLD = 0.85;
/**
 * Exact Jaccard similarity of the 5-gram sets at or above which two texts without equal case
 * numbers are the same judgment. Measured (test/fixtures/refresh/generate.ts judgments, 60 of them):
 * one judgment as typed-up .txt (CRLF, full-width indentation), inside a CJO JSON record and as an
 * HTML page: 1.000 for every pair (the comparison folds compatibility forms and drops whitespace);
 * different judgments of one court (all same-court pairs): at most 0.699; judgment 6 with the
 * defendant renamed throughout: 0.915; judgment 6 with the defendant paragraph and sentence changed
 * (like a multi-defendant case split per defendant): 0.940; the same case with other sums (variant
 * 1, all 60): at most 0.953. 0.97 leaves room for a page
 * that adds a line or two of its own to a copy of the same judgment, and none for those.
 */
export const EXACT_THRESHOLD = 0.97;
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

/** The signature as bins, or null when it was made with another number of bins (recompute it then). */
function decodeSignature(sig: string): Uint16Array | null {
  const bytes = Buffer.from(sig, "base64");
  if (bytes.length !== BINS * 2) return null;
  // the bytes as textSignature wrote them: the Uint16Array's own (platform) byte order
  const out = new Uint16Array(BINS);
  new Uint8Array(out.buffer).set(bytes);
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

/** MinHash estimate of the Jaccard similarity of the two texts' 5-gram sets. */
export function textSimilarity(a: string, b: string): number {
  return signatureSimilarity(decodeSignature(textSignature(a))!, decodeSignature(textSignature(b))!);
}

function shingleSet(text: string): Set<string> {
  const s = comparable(text);
  const set = new Set<string>();
  for (let i = 0; i + SHINGLE <= s.length; i++) set.add(s.slice(i, i + SHINGLE));
  return set;
}

/** Exact Jaccard similarity of the two texts' 5-gram sets (0 when both are empty). */
export function exactSimilarity(a: string, b: string): number {
  const sa = shingleSet(a);
  const sb = shingleSet(b);
  let both = 0;
  for (const x of sa) if (sb.has(x)) both++;
  const union = sa.size + sb.size - both;
  return union === 0 ? 0 : both / union;
}

/** Case numbers compared loosely: compatibility forms folded, whitespace removed. */
export function normalizeCaseNumber(caseNumber: string | null): string | null {
  if (caseNumber === null) return null;
  const n = caseNumber.normalize("NFKC").replace(/\s+/g, "").replace(/[〔［\[]/g, "(").replace(/[〕］\]]/g, ")");
  return n === "" ? null : n;
}

/**
 * What dedup needs to know about one source document: uri, contentHash and unit (the input it came
 * from) order documents deterministically; evidence and warnings choose the primary.
 */
export type DedupDocument = Pick<
  DocItem,
  "uri" | "contentHash" | "caseNumber" | "court" | "docType" | "defendants" | "signature" | "evidence" | "warnings"
> & { unit: string };

/** A value that two documents of one judgment cannot have different known values of. */
type Identity = (string | null)[];

class Components {
  private readonly parent: Int32Array;
  /** Per root: per identity field the value its members have (null: no member has one known). */
  private readonly identity: Identity[];
  constructor(identities: Identity[]) {
    this.parent = Int32Array.from(identities, (_, i) => i);
    this.identity = identities.map((x) => [...x]);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  /** Join the two groups unless that would put two different known values of an identity field in one group. */
  union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return true;
    const ia = this.identity[ra];
    const ib = this.identity[rb];
    for (let k = 0; k < ia.length; k++) if (ia[k] !== null && ib[k] !== null && ia[k] !== ib[k]) return false;
    // the smaller index stays root, so the result does not depend on the order of unions
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent[child] = root;
    this.identity[root] = ia.map((v, k) => v ?? ib[k]);
    return true;
  }
  same(a: number, b: number): boolean {
    return this.find(a) === this.find(b);
  }
}

/** Code-unit order: what every sort of names and uris in the refresh uses, independent of the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The defendant names as one comparable value, or null when no defendant is known. */
function defendantKey(names: string[] | null): string | null {
  if (names === null || names.length === 0) return null;
  return [...new Set(names.map((n) => n.normalize("NFKC").replace(/\s+/g, "")))].sort(compareStrings).join("\u0000");
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
 * their primary's document order. `textOf(i)` gives the text of `docs[i]` (as extracted, or in
 * comparable form); it is asked only for the exact check of a candidate pair, and for a document
 * whose signature was made with another number of bins.
 */
export function groupDuplicates(docs: DedupDocument[], textOf: (index: number) => string): number[][] {
  // Work in document order so that every tie is broken the same way whatever the input order.
  const order = docs.map((_, i) => i).sort((a, b) => documentOrder(docs[a], docs[b]));
  const sorted = order.map((i) => docs[i]);
  const caseNumbers = sorted.map((d) => normalizeCaseNumber(d.caseNumber));
  const components = new Components(sorted.map((d, i) => [caseNumbers[i], d.court, d.docType, defendantKey(d.defendants)]));
  const signatures: (Uint16Array | undefined)[] = new Array(sorted.length);
  const sig = (i: number): Uint16Array =>
    (signatures[i] ??= decodeSignature(sorted[i].signature) ?? decodeSignature(textSignature(textOf(order[i])))!);
  const texts = new Map<number, string>();
  const text = (i: number): string => {
    let t = texts.get(i);
    if (t === undefined) texts.set(i, (t = textOf(order[i])));
    return t;
  };
  const similar = (i: number, j: number): boolean => signatureSimilarity(sig(i), sig(j)) >= SIMILARITY_THRESHOLD;
  const nearIdentical = (i: number, j: number): boolean =>
    signatureSimilarity(sig(i), sig(j)) >= CANDIDATE_THRESHOLD && exactSimilarity(text(i), text(j)) >= EXACT_THRESHOLD;

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

  // 3. no case number: near-identical text anywhere. Candidates share a band of the signature;
  // the unnumbered documents are bucketed, and every document looks up its bands there.
  const unnumbered = caseNumbers.flatMap((c, i) => (c === null ? [i] : []));
  if (unnumbered.length > 0) {
    const buckets = new Map<number, number[]>();
    const bands = BINS / BAND_ROWS;
    /** A band's rows hashed to a number (band index mixed in); -1 for a band of empty bins. */
    const bandKey = (s: Uint16Array, band: number): number => {
      let h = mix32(band + 1);
      let empty = true;
      for (let r = band * BAND_ROWS; r < band * BAND_ROWS + BAND_ROWS; r++) {
        if (s[r] !== EMPTY) empty = false;
        h = mix32(h ^ s[r]) + r;
      }
      return empty ? -1 : mix32(h) + band * 2 ** 32;
    };
    for (const i of unnumbered) {
      const s = sig(i);
      for (let band = 0; band < bands; band++) {
        const key = bandKey(s, band);
        if (key === -1) continue;
        const members = buckets.get(key);
        if (members) members.push(i);
        else buckets.set(key, [i]);
      }
    }
    // pairs (i, j) with at least one unnumbered; each checked once, smaller index first
    const candidates = new Map<number, Set<number>>();
    for (let i = 0; i < sorted.length; i++) {
      const s = sig(i);
      for (let band = 0; band < bands; band++) {
        const key = bandKey(s, band);
        if (key === -1) continue;
        for (const j of buckets.get(key) ?? []) {
          if (j === i || (caseNumbers[i] === null && j < i)) continue;
          const [a, b] = i < j ? [i, j] : [j, i];
          let set = candidates.get(a);
          if (!set) candidates.set(a, (set = new Set()));
          set.add(b);
        }
      }
    }
    for (const a of [...candidates.keys()].sort((x, y) => x - y)) {
      for (const b of [...candidates.get(a)!].sort((x, y) => x - y)) {
        if (!components.same(a, b) && nearIdentical(a, b)) components.union(a, b);
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
