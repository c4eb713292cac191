/**
 * Normalized view of a document's text for matching, with a map back to the original.
 *
 * Extractors match against `view.text`; evidence must point into the original text
 * (schema.md: offsets are UTF-16 offsets into `text` as loaded). Every transformation here
 * is either a 1:1 code-unit replacement or a deletion, so a single index array is enough
 * (the idea of eyecite-ts's transformation map, specialised to what we need).
 */

export interface TextView {
  /** The normalized text patterns run on. */
  readonly text: string;
  /** toOriginal[i] = offset in the original text of normalized code unit i; has length text.length + 1. */
  readonly toOriginal: Int32Array;
}

/** Half-width equivalents for full-width forms that carry numbers, case numbers and masks. */
function halfWidth(code: number): number {
  // Full-width digits, Latin letters, parentheses, %, ., *, +, -, /, :, comma is kept (，is CJK punctuation)
  if (code >= 0xff10 && code <= 0xff19) return code - 0xfee0; // ０-９
  if (code >= 0xff21 && code <= 0xff3a) return code - 0xfee0; // Ａ-Ｚ
  if (code >= 0xff41 && code <= 0xff5a) return code - 0xfee0; // ａ-ｚ
  switch (code) {
    case 0xff08: return 0x28; // （
    case 0xff09: return 0x29; // ）
    case 0xff05: return 0x25; // ％
    case 0xff0e: return 0x2e; // ．
    case 0xff0a: return 0x2a; // ＊
    case 0xff0b: return 0x2b; // ＋
    case 0xff0d: return 0x2d; // －
    case 0xff0f: return 0x2f; // ／
    case 0x3014: return 0x5b; // 〔 (document numbers)
    case 0x3015: return 0x5d; // 〕
    case 0xff3b: return 0x5b; // ［
    case 0xff3d: return 0x5d; // ］
    case 0x2236: return 0xff1a; // ∶ (ratio sign used as a colon) → ：
    case 0x003a: return 0xff1a; // : → ： so patterns need only the CJK colon
    case 0x3000: return 0x20; // ideographic space
    case 0x00a0: return 0x20;
    case 0x2002: case 0x2003: case 0x2009: case 0x200a: return 0x20;
    case 0x0009: return 0x20;
    case 0x000d: return 0x20;
    case 0x25cb: return 0x3007; // ○ (white circle) written for 〇 in dates
    default: return code;
  }
}

/** Traditional → simplified for characters that legal patterns rely on (a few HK/TW-sourced texts). */
const TRADITIONAL: Record<string, string> = {
  "決": "决", "罰": "罚", "處": "处", "緩": "缓", "與": "与", "幣": "币", "萬": "万", "億": "亿", "元": "元",
  "銀": "银", "銷": "销", "詐": "诈", "騙": "骗", "幫": "帮", "網": "网", "絡": "络", "動": "动", "犯": "犯",
  "罪": "罪", "訴": "诉", "審": "审", "書": "书", "號": "号", "條": "条", "規": "规", "認": "认", "緝": "缉",
  "個": "个", "數": "数", "額": "额", "獲": "获", "違": "违", "為": "为", "東": "东", "歲": "岁", "屬": "属",
  "實": "实", "據": "据", "證": "证", "傳": "传", "簡": "简", "職": "职", "業": "业", "學": "学", "歷": "历",
  "參": "叁", "貳": "贰", "陸": "陆", "圓": "元",
};

function isCjkCode(code: number): boolean {
  return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);
}

/** Characters that never take a space between them in Chinese typesetting. */
function isDenseCode(code: number): boolean {
  return isCjkCode(code) || (code >= 0x30 && code <= 0x39) || (code >= 0x3000 && code <= 0x303f) ||
    (code >= 0xff00 && code <= 0xffef) || code === 0x201c || code === 0x201d || code === 0x2018 || code === 0x2019 ||
    code === 0x2e || code === 0x25 || code === 0x28 || code === 0x29 || code === 0x5b || code === 0x5d;
}

/**
 * Some published texts put a space between every pair of CJK characters ("被 告 人 张 三"),
 * sometimes only in some paragraphs (the header and first party paragraph of a converted PDF).
 * Such lines are recognisable by the share of CJK–CJK adjacencies that are spaced; in ordinary
 * text the few single spaces between CJK characters are paragraph joins (JuDGE joins paragraphs
 * with one space), which must survive as boundaries. This tells for the line that starts at
 * `start` (up to the next "\n"); normalizeText asks only about lines where a space could be dropped.
 */
function isSpacedOutLine(text: string, start: number): boolean {
  let spaced = 0;
  let tight = 0;
  // Tight pairs count CJK–CJK adjacencies; spaced pairs count a single space between dense
  // characters, so that a short line such as "（ 2022 ） 赣 0102 刑 初 233 号" is recognised too.
  let prevDense = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) break;
    const cls = CHAR_CLASS[c];
    // the line break (or the end) after the last character is neither CJK nor dense
    const nextClass = i + 1 < text.length ? CHAR_CLASS[text.charCodeAt(i + 1)] : 0;
    if (cls & CJK) {
      if (nextClass & CJK) tight++;
    } else if (c === 0x20 && prevDense && nextClass & DENSE) spaced++;
    prevDense = (cls & DENSE) !== 0;
  }
  return spaced >= 4 && spaced > tight * 0.5;
}

// isCjkCode / isDenseCode of every code unit, as bits of one table (read per character above)
const CJK = 1;
const DENSE = 2;
const CHAR_CLASS = new Uint8Array(0x10000);
for (let code = 0; code < CHAR_CLASS.length; code++) CHAR_CLASS[code] = (isCjkCode(code) ? CJK : 0) | (isDenseCode(code) ? DENSE : 0);

const TRADITIONAL_CODES = new Map(Object.entries(TRADITIONAL).map(([t, simple]) => [t.charCodeAt(0), simple.charCodeAt(0)]));

/**
 * What each UTF-16 code unit becomes: halfWidth, then traditional → simplified. Computed once for
 * all 65,536 units from the rules above, so the per-character work is one table read.
 */
const FOLD = new Uint16Array(0x10000);
for (let code = 0; code < FOLD.length; code++) {
  const half = halfWidth(code);
  FOLD[code] = half >= 0x3400 ? TRADITIONAL_CODES.get(half) ?? half : half;
}

// What a code unit is to the normalizer (one table read instead of a chain of comparisons);
// 0 is ordinary text.
const SPACE = 1; // whitespace, collapsed into runs
const NEWLINE = 2; // whitespace that makes its run a line break
const DELETED = 3; // zero-width characters and soft hyphens: invisible in the source
const ZERO_LIKE = 4; // O / Ｏ / Ο / 0: 〇 inside a Chinese-numeral year
const KIND = new Uint8Array(0x10000);
for (const code of [0x20, 0x09, 0x0d, 0x3000, 0xa0, 0x2002, 0x2003, 0x2009, 0x200a]) KIND[code] = SPACE;
KIND[0x0a] = NEWLINE;
for (const code of [0x200b, 0xfeff, 0xad, 0x200c, 0x200d]) KIND[code] = DELETED;
for (const code of [0xff2f, 0x039f, 0x4f, 0x30]) KIND[code] = ZERO_LIKE;

const CN_DIGIT_CODES = new Set([..."〇○零一二三四五六七八九"].map((c) => c.charCodeAt(0)));

function isInChineseYear(text: string, i: number): boolean {
  const prev = i > 0 ? text.charCodeAt(i - 1) : -1;
  const next = i + 1 < text.length ? text.charCodeAt(i + 1) : -1;
  const nextIsO = next === 0x4f || next === 0xff2f || next === 0x039f || next === 0x30; // O Ｏ Ο 0
  return CN_DIGIT_CODES.has(prev) && (CN_DIGIT_CODES.has(next) || nextIsO);
}

/** Scratch buffer for the normalized code units (grown as needed; the string is copied out of it). */
let scratch = new Uint16Array(8192);

/**
 * Build the matching view: full-width ASCII → half-width, 〇-lookalikes → 〇, common
 * traditional characters → simplified, whitespace runs → one space (or one newline when the
 * run holds a line break), and in spaced-out documents single spaces between CJK removed.
 */
export function normalizeText(original: string): TextView {
  // whether the current line is spaced out: -1 not known yet (most lines never need to know)
  let lineStart = 0;
  let lineSpacedOut = -1;
  // code units are written into a buffer: building the string once is much cheaper than joining characters
  if (scratch.length < original.length) scratch = new Uint16Array(original.length * 2);
  const buf = scratch;
  const map = new Int32Array(original.length + 1);
  let n = 0;
  let pendingSpace = -1; // original offset of a whitespace run not yet emitted
  let pendingNewline = false;
  for (let i = 0; i < original.length; i++) {
    let code = original.charCodeAt(i);
    const kind = KIND[code];
    if (kind === DELETED) continue;
    if (kind === SPACE || kind === NEWLINE) {
      if (pendingSpace < 0) pendingSpace = i;
      if (kind === NEWLINE) {
        pendingNewline = true;
        lineStart = i + 1;
        lineSpacedOut = -1;
      }
      continue;
    }
    if (pendingSpace >= 0) {
      const prev = n > 0 ? buf[n - 1] : -1;
      let dropSpace = n === 0;
      if (!dropSpace && !pendingNewline && i - pendingSpace === 1 && isDenseCode(prev) && isDenseCode(code)) {
        if (lineSpacedOut === -1) lineSpacedOut = isSpacedOutLine(original, lineStart) ? 1 : 0;
        dropSpace = lineSpacedOut === 1;
      }
      if (!dropSpace) {
        buf[n] = pendingNewline ? 0x0a : 0x20;
        map[n++] = pendingSpace;
      }
      pendingSpace = -1;
      pendingNewline = false;
    }
    // O / Ｏ / Ο / 0 stand for 〇 inside a Chinese-numeral year such as 二Ｏ一七 or 二0一七
    code = kind === ZERO_LIKE && isInChineseYear(original, i) ? 0x3007 : FOLD[code];
    buf[n] = code;
    map[n++] = i;
  }
  map[n] = original.length;
  return { text: codesToString(buf, n), toOriginal: map.subarray(0, n + 1) };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The string of the first `length` UTF-16 code units in `buf`. */
export function codesToString(buf: Uint16Array, length: number): string {
  // a Uint16Array holds UTF-16LE on little-endian machines: Node decodes that in one copy
  if (LITTLE_ENDIAN) return Buffer.from(buf.buffer, buf.byteOffset, length * 2).toString("ucs2");
  let out = "";
  for (let i = 0; i < length; i += 8192) {
    out += String.fromCharCode.apply(null, buf.subarray(i, Math.min(length, i + 8192)) as unknown as number[]);
  }
  return out;
}

/** Map a span of the normalized view back to the original text. */
export function toOriginalSpan(view: TextView, start: number, end: number): { start: number; end: number } {
  const s = view.toOriginal[Math.max(0, Math.min(start, view.text.length))];
  // end is exclusive: map the last included unit and step past it, so trailing deletions are not swallowed
  const e = end <= start ? s : view.toOriginal[Math.min(end - 1, view.text.length - 1)] + 1;
  return { start: s, end: e };
}
