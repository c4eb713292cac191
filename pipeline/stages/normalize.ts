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
 * with one space), which must survive as boundaries. Returns one flag per line ("\n"-separated).
 */
function spacedOutLines(text: string): boolean[] {
  const flags: boolean[] = [];
  let spaced = 0;
  let tight = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x0a;
    if (c === 0x0a) {
      flags.push(spaced >= 4 && spaced > tight * 0.5);
      spaced = 0;
      tight = 0;
    } else if (isCjkCode(c) && isCjkCode(text.charCodeAt(i + 1))) tight++;
    else if (c === 0x20 && i > 0 && isCjkCode(text.charCodeAt(i - 1)) && isCjkCode(text.charCodeAt(i + 1))) spaced++;
  }
  return flags;
}

const TRADITIONAL_CODES = new Map(Object.entries(TRADITIONAL).map(([t, simple]) => [t.charCodeAt(0), simple.charCodeAt(0)]));

const CN_DIGIT = /[〇○零一二三四五六七八九]/;

function isInChineseYear(text: string, i: number): boolean {
  const prev = i > 0 ? text[i - 1] : "";
  const next = i + 1 < text.length ? text[i + 1] : "";
  const nextIsO = next === "O" || next === "Ｏ" || next === "Ο" || next === "0";
  return CN_DIGIT.test(prev) && (CN_DIGIT.test(next) || nextIsO);
}

/**
 * Build the matching view: full-width ASCII → half-width, 〇-lookalikes → 〇, common
 * traditional characters → simplified, whitespace runs → one space (or one newline when the
 * run holds a line break), and in spaced-out documents single spaces between CJK removed.
 */
export function normalizeText(original: string): TextView {
  const spacedOut = spacedOutLines(original);
  let line = 0;
  // code units are written into a buffer: building the string once is much cheaper than joining characters
  const buf = new Uint16Array(original.length);
  const map = new Int32Array(original.length + 1);
  let n = 0;
  let pendingSpace = -1; // original offset of a whitespace run not yet emitted
  let pendingNewline = false;
  for (let i = 0; i < original.length; i++) {
    let code = original.charCodeAt(i);
    // zero-width characters and soft hyphens are invisible in the source: delete them
    if (code === 0x200b || code === 0xfeff || code === 0xad || code === 0x200c || code === 0x200d) continue;
    const isWs = code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a || code === 0x3000 || code === 0xa0 ||
      code === 0x2002 || code === 0x2003 || code === 0x2009 || code === 0x200a;
    if (isWs) {
      if (pendingSpace < 0) pendingSpace = i;
      if (code === 0x0a) {
        pendingNewline = true;
        line++;
      }
      continue;
    }
    if (pendingSpace >= 0) {
      const prev = n > 0 ? buf[n - 1] : -1;
      const dropSpace = n === 0 || (spacedOut[line] && !pendingNewline && i - pendingSpace === 1 && isDenseCode(prev) && isDenseCode(code));
      if (!dropSpace) {
        buf[n] = pendingNewline ? 0x0a : 0x20;
        map[n++] = pendingSpace;
      }
      pendingSpace = -1;
      pendingNewline = false;
    }
    if ((code === 0xff2f || code === 0x039f || code === 0x4f || code === 0x30) && isInChineseYear(original, i)) {
      // O / Ｏ / Ο / 0 stand for 〇 inside a Chinese-numeral year such as 二Ｏ一七 or 二0一七
      code = 0x3007;
    } else {
      code = halfWidth(code);
      if (code >= 0x3400) code = TRADITIONAL_CODES.get(code) ?? code;
    }
    buf[n] = code;
    map[n++] = i;
  }
  map[n] = original.length;
  return { text: codesToString(buf, n), toOriginal: map.slice(0, n + 1) };
}

function codesToString(buf: Uint16Array, length: number): string {
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
