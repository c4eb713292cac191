/**
 * Numeral layer: turns the number-like tokens of Chinese judgments (amounts, penalty terms,
 * dates, rates) into values, and exports the regex sources other extractors embed to find
 * those tokens in running text. Finders and parsers are built from the same fragments so
 * that whatever a finder matches in the normal case, the parser understands.
 *
 * Pure functions, no I/O. Every RegExp is compiled once at module load: the pipeline runs at
 * about 1000 documents/s and these parsers sit in its inner loops.
 *
 * The *_SRC patterns expect text where spaces between CJK characters have already been
 * removed (the normaliser's job, which maps offsets back). The parse* functions are lenient
 * about whitespace and full-width digits themselves because they are also called on raw spans.
 */

// ---------------------------------------------------------------------------------------------
// Character tables

/** Digit characters 1-9 in ordinary, 大写 and traditional forms. */
const CN_DIGITS = "一二两兩三四五六七八九壹贰貳叁參弎肆伍陆陸柒捌玖";
/** Zero characters: 〇 (U+3007) and the look-alike ○ (U+25CB) both occur in dates. */
const CN_ZEROS = "零〇○";
const CN_SMALL_UNITS = "十百千拾佰仟";
const CN_BIG_UNITS = "万亿萬億";
const CN_NUMERAL_CHARS = CN_DIGITS + CN_ZEROS + CN_SMALL_UNITS + CN_BIG_UNITS;
const ARABIC_DIGITS = "0-9０-９";

const DIGIT_VALUE: ReadonlyMap<string, number> = new Map<string, number>([
  ["零", 0], ["〇", 0], ["○", 0],
  ["一", 1], ["壹", 1],
  ["二", 2], ["两", 2], ["兩", 2], ["贰", 2], ["貳", 2],
  ["三", 3], ["叁", 3], ["參", 3], ["弎", 3],
  ["四", 4], ["肆", 4],
  ["五", 5], ["伍", 5],
  ["六", 6], ["陆", 6], ["陸", 6],
  ["七", 7], ["柒", 7],
  ["八", 8], ["捌", 8],
  ["九", 9], ["玖", 9],
]);

const SMALL_UNIT_VALUE: ReadonlyMap<string, number> = new Map<string, number>([
  ["十", 10], ["拾", 10],
  ["百", 100], ["佰", 100],
  ["千", 1000], ["仟", 1000],
]);

const WAN = 1e4;
const YI = 1e8;
const BIG_UNIT_VALUE: ReadonlyMap<string, number> = new Map<string, number>([
  ["万", WAN], ["萬", WAN],
  ["亿", YI], ["億", YI],
]);

// ---------------------------------------------------------------------------------------------
// Regex fragments shared by finders (*_SRC) and parsers. No capturing groups in fragments.

/** Arabic number: thousands separators only in well-formed groups of three, optional decimals. */
const ARABIC_SRC =
  `(?:[${ARABIC_DIGITS}]{1,3}(?:,[${ARABIC_DIGITS}]{3})+|[${ARABIC_DIGITS}]+)(?:[.．][${ARABIC_DIGITS}]+)?`;
/**
 * A Chinese run that can start a number. 百/千/万/亿 cannot lead ("千万" is also an adverb and
 * "万元" follows 数 in "数万元"); only 十 can, as in 十五. Decimals use 点 ("三点五万").
 */
const CN_HEAD_SRC =
  `[${CN_DIGITS}${CN_ZEROS}十拾][${CN_NUMERAL_CHARS}]*(?:点[${CN_DIGITS}${CN_ZEROS}]+[${CN_BIG_UNITS}]{0,2})?`;
/** A Chinese run following Arabic digits must start with a unit: "2.3万", "3万5千", "1亿2000万". */
const CN_TAIL_SRC = `[${CN_SMALL_UNITS}${CN_BIG_UNITS}][${CN_NUMERAL_CHARS}]*`;
/**
 * Never start inside another numeral. Besides correctness ("一七" inside "二〇一七") this keeps
 * searches linear: without it every position of a long digit run is retried.
 */
const NOT_AFTER_NUMERAL = `(?<![${ARABIC_DIGITS}${CN_NUMERAL_CHARS}])`;
/**
 * Characters a numeral can start with. Each finder opens with a lookahead on its first
 * character: V8 then skips non-candidate positions quickly instead of evaluating the
 * lookbehind and alternatives everywhere (2-3x faster scans over whole documents).
 */
const NUMBER_START_CHARS = `${ARABIC_DIGITS}${CN_DIGITS}${CN_ZEROS}十拾`;

/**
 * One numeral token: Arabic, Chinese, or mixed. Arabic and Chinese pieces alternate strictly;
 * their character sets are disjoint, so there is a single way to split a match (no
 * catastrophic backtracking when embedded in longer patterns).
 */
export const CN_NUMBER_SRC =
  `(?:(?=[${NUMBER_START_CHARS}])${NOT_AFTER_NUMERAL}(?:${ARABIC_SRC}(?:${CN_TAIL_SRC}${ARABIC_SRC})*(?:${CN_TAIL_SRC})?` +
  `|${CN_HEAD_SRC}(?:${ARABIC_SRC}${CN_TAIL_SRC})*(?:${ARABIC_SRC})?))`;

const AMOUNT_PREFIX_SRC = "大约|约|共计|合计|总计|累计|人民币|[￥¥]";
/** "余/多/许" inside an amount: "390余万元", "十多万元", "1100万余元". */
const AMOUNT_INNER_APPROX_SRC = `[余多许][${CN_BIG_UNITS}]?`;
const AMOUNT_SUFFIX_SRC = "左右|以上|之多|许";

/**
 * A money token ending in 元: "人民币390余万元", "5,965,362.34元", "2万余元", "3万元左右".
 * 元 is required so that counts ("12张") and years never match.
 */
export const AMOUNT_SRC =
  `(?:(?=[大约共合总累人￥¥${NUMBER_START_CHARS}])(?:${AMOUNT_PREFIX_SRC}){0,3}${CN_NUMBER_SRC}(?:${AMOUNT_INNER_APPROX_SRC})?[元圆]整?(?:${AMOUNT_SUFFIX_SRC})?)`;

/** Numbers inside terms: penalties never exceed a few hundred months, so 1-3 characters. */
const TERM_DIGITS = "一二两兩三四五六七八九十壹贰貳叁參肆伍陆陸柒捌玖拾";
const TERM_NUMBER_SRC = `(?:[${ARABIC_DIGITS}]{1,3}|[${TERM_DIGITS}]{1,3})`;
/** "17年6月" is a date, not a term of 17 years. */
const NOT_DATE_AFTER_YEAR = `(?![${ARABIC_DIGITS}${CN_ZEROS}一二三四五六七八九十]{1,2}月)`;
const TERM_CONNECTOR_SRC = "[又零]";
/** 年 and 月 before the token mean we are inside a date ("六月二十八日" is not 28 days). */
const TERM_NOT_AFTER = `(?<![${ARABIC_DIGITS}${CN_NUMERAL_CHARS}.．年月])`;
const TERM_YEAR_SRC = `${TERM_NUMBER_SRC}年${NOT_DATE_AFTER_YEAR}半?`;
const TERM_MONTH_SRC = `${TERM_NUMBER_SRC}个半?月`;
const TERM_DAY_SRC = `${TERM_NUMBER_SRC}[日天]`;

/** A penalty term: "一年又六个月", "十个月", "1年6个月", "十五日", "一个月零十五日", "一年半". */
export const TERM_SRC =
  `(?:(?=[${ARABIC_DIGITS}${TERM_DIGITS}])${TERM_NOT_AFTER}(?:${TERM_YEAR_SRC}(?:${TERM_CONNECTOR_SRC}?${TERM_MONTH_SRC})?(?:${TERM_CONNECTOR_SRC}?${TERM_DAY_SRC})?` +
  `|${TERM_MONTH_SRC}(?:${TERM_CONNECTOR_SRC}?${TERM_DAY_SRC})?` +
  `|${TERM_DAY_SRC}))`;

/** Year digits are read one by one ("二〇一七"); OCR sometimes gives a letter O for 〇. */
const YEAR_CHARS = `${ARABIC_DIGITS}${CN_ZEROS}一二三四五六七八九OＯ`;
/** Masked date parts: "**", "×", "X", "某". */
const DATE_MASK_SRC = "[*＊×XxＸｘ]{1,2}|某{1,2}";
const DATE_MONTH_SRC = `[${ARABIC_DIGITS}]{1,2}|[${CN_ZEROS}一二三四五六七八九十]{1,3}|元`;
const DATE_DAY_SRC = `[${ARABIC_DIGITS}]{1,2}|[${CN_ZEROS}一二三四五六七八九十廿卅]{1,3}`;
const DATE_SEPARATOR = "[.．/／-]";

/** A date: "2017年6月28日", "二〇一七年六月二十八日", "1990年**月**日", "2017年", "2017.6.28". */
export const DATE_SRC =
  `(?:(?=[${YEAR_CHARS}])(?<![${YEAR_CHARS}])(?:[${YEAR_CHARS}]{4}年(?:(?:${DATE_MONTH_SRC}|${DATE_MASK_SRC})月(?:(?:${DATE_DAY_SRC}|${DATE_MASK_SRC})[日号])?)?` +
  `|[${ARABIC_DIGITS}]{4}${DATE_SEPARATOR}[${ARABIC_DIGITS}]{1,2}${DATE_SEPARATOR}[${ARABIC_DIGITS}]{1,2}(?![${ARABIC_DIGITS}])))`;

/** A rate: "3.59‰", "千分之三点五", "百分之二", "2%". */
export const RATE_SRC =
  `(?:(?=[百千万${NUMBER_START_CHARS}])(?:(?:百分之|千分之|万分之)${CN_NUMBER_SRC}|${CN_NUMBER_SRC}[%％‰‱]))`;

// ---------------------------------------------------------------------------------------------
// Parser-side regexes, built from the same fragments, with groups where values are read.

const WHITESPACE_RE = /[\s\u200b]+/g;
const FULLWIDTH_RE = /[０-９．％]/g;
const FULLWIDTH_OFFSET = 0xfee0;
const PLAIN_ARABIC_RE = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const AMOUNT_PARSE_RE = new RegExp(
  `^((?:${AMOUNT_PREFIX_SRC})*)(.+?)[元圆]?整?(${AMOUNT_SUFFIX_SRC})?$`,
);
const AMOUNT_INNER_APPROX_RE = new RegExp(`[余多许](?=[${CN_BIG_UNITS}]|$)`);
const TERM_PARSE_RE = new RegExp(
  `^(?:(${TERM_NUMBER_SRC})年(半)?)?` +
    `(?:(${TERM_CONNECTOR_SRC})?(${TERM_NUMBER_SRC})个(半)?月)?` +
    `(?:(${TERM_CONNECTOR_SRC})?(${TERM_NUMBER_SRC})[日天])?$`,
);
const DATE_CN_PARSE_RE = new RegExp(
  `^([${YEAR_CHARS}]{4})年(?:(${DATE_MONTH_SRC}|${DATE_MASK_SRC})月(?:(${DATE_DAY_SRC}|${DATE_MASK_SRC})[日号])?)?$`,
);
const DATE_SEPARATED_PARSE_RE = new RegExp(
  `^(\\d{4})${DATE_SEPARATOR}(\\d{1,2})${DATE_SEPARATOR}(\\d{1,2})$`,
);
const DATE_MASK_RE = new RegExp(`^(?:${DATE_MASK_SRC})$`);
const RATE_PARSE_RE = /^(百分之|千分之|万分之)?(.+?)([%‰‱])?$/;

/** Inputs longer than this are not a single token; bail out before doing any work. */
const MAX_TOKEN_LENGTH = 80;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

// ---------------------------------------------------------------------------------------------
// Helpers

function toHalfWidth(ch: string): string {
  return String.fromCharCode(ch.charCodeAt(0) - FULLWIDTH_OFFSET);
}

/**
 * Whether `s` has a character the two replacements of `prepare` act on: whitespace (\s, U+200B)
 * or a full-width digit, ．or ％ (checked generously: a false alarm only costs the replacements).
 */
function mayNeedPreparation(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 ||
      c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff || (c >= 0xff05 && c <= 0xff19)) return true;
  }
  return false;
}

/** Removes whitespace (published texts space out CJK characters) and folds full-width digits. */
function prepare(s: unknown): string | null {
  if (typeof s !== "string") return null;
  // most tokens need neither replacement: skip the two regex passes for them
  const t = mayNeedPreparation(s) ? s.replace(WHITESPACE_RE, "").replace(FULLWIDTH_RE, toHalfWidth) : s;
  return t.length === 0 || t.length > MAX_TOKEN_LENGTH ? null : t;
}

function roundToCents(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Chosen so that 3.59 / 1000 gives the same double as the literal 0.00359. */
function toShortestDecimal(v: number): number {
  return Number(v.toPrecision(12));
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function digitOf(ch: string): number | undefined {
  const code = ch.charCodeAt(0);
  if (isAsciiDigit(code)) return code - 48;
  return DIGIT_VALUE.get(ch);
}

/** Digit-by-digit reading ("二〇一七", "〇六"), as used in dates. */
function readDigitSequence(t: string): number | null {
  let value = 0;
  for (const ch of t) {
    const d = ch === "O" || ch === "Ｏ" ? 0 : digitOf(ch);
    if (d === undefined) return null;
    value = value * 10 + d;
  }
  return t.length > 0 ? value : null;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/**
 * Parses a whole string as one number: Arabic ("63,500", "5965362.34", full-width digits),
 * Chinese ("一百零五", "三万五千", "一亿二千万", 大写 "壹万"), or mixed ("2.3万", "3万5千").
 * Spoken abbreviations are read as such: "一万五" = 15000, "一百一" = 110.
 * Digit-by-digit Chinese ("二三", "二〇一七") is rejected as ambiguous ("三四个月" = 3 or 4).
 * Returns null for anything else; never throws.
 */
export function parseChineseNumber(s: string): number | null {
  const t = prepare(s);
  return t === null ? null : parseNumeral(t);
}

function parseNumeral(t: string): number | null {
  if (PLAIN_ARABIC_RE.test(t)) return Number(t.replaceAll(",", ""));
  const point = t.indexOf("点");
  return point >= 0 ? parseChineseDecimal(t, point) : evaluateNumeral(t);
}

/** "三点五" = 3.5, "零点五" = 0.5, "三点五万" = 35000. The fraction is read digit by digit. */
function parseChineseDecimal(t: string, point: number): number | null {
  const whole = point === 0 ? null : evaluateNumeral(t.slice(0, point));
  if (whole === null || !Number.isInteger(whole)) return null;
  let fraction = "";
  let i = point + 1;
  for (; i < t.length; i++) {
    const d = digitOf(t[i]);
    if (d === undefined) break;
    fraction += d;
  }
  if (fraction.length === 0) return null;
  let multiplier = 1;
  for (; i < t.length; i++) {
    const big = BIG_UNIT_VALUE.get(t[i]);
    if (big === undefined) return null;
    multiplier *= big;
  }
  const value = Number(`${whole}.${fraction}`);
  return multiplier === 1 ? value : roundToCents(value * multiplier);
}

const KIND_NONE = 0;
const KIND_NUMBER = 1;
const KIND_ZERO = 2;
const KIND_UNIT = 3;

/**
 * Positional evaluation: `small` collects the part below 万, `wanPart` the 万 part of the
 * current 亿 group, `total` the 亿 part. Unit order is checked (一百二千 is rejected).
 */
function evaluateNumeral(t: string): number | null {
  let total = 0;
  let wanPart = 0;
  let small = 0;
  let pending: number | null = null;
  let pendingIsOneDigit = false;
  /** Unit right before the pending digit, for the spoken abbreviation 一万五 = 15000. */
  let pendingAfterUnit = 0;
  let lastUnit = 0;
  let smallCeiling = Infinity;
  let wanUsed = false;
  let yiUsed = false;
  let groupHasValue = false;
  let sawDecimal = false;
  let sawUnit = false;
  let previous = KIND_NONE;

  let i = 0;
  while (i < t.length) {
    const ch = t[i];
    if (isAsciiDigit(t.charCodeAt(i))) {
      if (pending !== null) return null;
      let j = i + 1;
      while (j < t.length && (isAsciiDigit(t.charCodeAt(j)) || t[j] === "," || t[j] === ".")) j++;
      const raw = t.slice(i, j);
      if (!PLAIN_ARABIC_RE.test(raw)) return null;
      if (raw.includes(".")) sawDecimal = true;
      pending = Number(raw.replaceAll(",", ""));
      pendingIsOneDigit = raw.length === 1;
      pendingAfterUnit = previous === KIND_UNIT ? lastUnit : 0;
      previous = KIND_NUMBER;
      i = j;
      continue;
    }
    const digit = DIGIT_VALUE.get(ch);
    if (digit !== undefined) {
      // A digit right after a number means digit-by-digit reading (二〇, 二三): ambiguous.
      if (pending !== null) return null;
      if (digit === 0) {
        previous = KIND_ZERO;
      } else {
        pending = digit;
        pendingIsOneDigit = true;
        pendingAfterUnit = previous === KIND_UNIT ? lastUnit : 0;
        previous = KIND_NUMBER;
      }
      i++;
      continue;
    }
    const smallUnit = SMALL_UNIT_VALUE.get(ch);
    if (smallUnit !== undefined) {
      if (smallUnit >= smallCeiling) return null;
      let multiplier: number | null = pending;
      if (multiplier === null) {
        if (smallUnit !== 10) return null;
        multiplier = 1;
      }
      small += multiplier * smallUnit;
      smallCeiling = smallUnit;
      pending = null;
      lastUnit = smallUnit;
      groupHasValue = true;
      sawUnit = true;
      previous = KIND_UNIT;
      i++;
      continue;
    }
    const bigUnit = BIG_UNIT_VALUE.get(ch);
    if (bigUnit !== undefined) {
      if (bigUnit === WAN) {
        if (wanUsed || (!groupHasValue && pending === null)) return null;
        wanPart = (small + (pending ?? 0)) * WAN;
        wanUsed = true;
      } else {
        if (yiUsed || (!groupHasValue && pending === null && !wanUsed)) return null;
        total = (wanPart + small + (pending ?? 0)) * YI;
        wanPart = 0;
        wanUsed = false;
        yiUsed = true;
      }
      small = 0;
      pending = null;
      smallCeiling = Infinity;
      groupHasValue = false;
      lastUnit = bigUnit;
      sawUnit = true;
      previous = KIND_UNIT;
      i++;
      continue;
    }
    return null;
  }

  if (previous === KIND_NONE) return null;
  let ones = 0;
  if (pending !== null) {
    ones = pendingIsOneDigit && pendingAfterUnit > 10 ? pending * (pendingAfterUnit / 10) : pending;
  }
  const value = total + wanPart + small + ones;
  return sawDecimal && sawUnit ? roundToCents(value) : value;
}

// ---------------------------------------------------------------------------------------------
// Amounts

export interface ParsedAmount {
  yuan: number;
  approx: boolean;
}

/**
 * Parses a money phrase into yuan: "人民币390余万元" → { yuan: 3900000, approx: true }.
 * Accepts leading 人民币/共计/合计/约/￥, trailing 元/元整, and marks 余/多/约/左右/以上/许 as approx.
 */
export function parseChineseAmount(s: string): ParsedAmount | null {
  const t = prepare(s);
  if (t === null) return null;
  const m = AMOUNT_PARSE_RE.exec(t);
  if (m === null) return null;
  const prefix = m[1] ?? "";
  let core = m[2] ?? "";
  let approx = m[3] !== undefined || prefix.includes("约");
  if (AMOUNT_INNER_APPROX_RE.test(core)) {
    core = core.replace(AMOUNT_INNER_APPROX_RE, "");
    approx = true;
  }
  const yuan = parseNumeral(core);
  if (yuan === null || !Number.isFinite(yuan)) return null;
  return { yuan, approx };
}

// ---------------------------------------------------------------------------------------------
// Terms

const DAYS_PER_MONTH = 30;

/**
 * Parses a penalty term into months: "一年又六个月" = 18, "十五日" = 0.5, "一年半" = 18.
 * Days count as 1/30 month and are not rounded.
 */
export function parseTermMonths(s: string): number | null {
  const t = prepare(s);
  if (t === null) return null;
  const m = TERM_PARSE_RE.exec(t);
  if (m === null) return null;
  const [, yearsRaw, halfYear, monthConnector, monthsRaw, halfMonth, dayConnector, daysRaw] = m;
  if (yearsRaw === undefined && monthsRaw === undefined && daysRaw === undefined) return null;
  // A connector (又/零) joins two parts; it cannot open the term.
  if (monthConnector !== undefined && yearsRaw === undefined) return null;
  if (dayConnector !== undefined && yearsRaw === undefined && monthsRaw === undefined) return null;

  let months = 0;
  if (yearsRaw !== undefined) {
    const years = parseNumeral(yearsRaw);
    if (years === null) return null;
    months += years * 12 + (halfYear !== undefined ? 6 : 0);
  }
  if (monthsRaw !== undefined) {
    const n = parseNumeral(monthsRaw);
    if (n === null) return null;
    months += n + (halfMonth !== undefined ? 0.5 : 0);
  }
  if (daysRaw !== undefined) {
    const days = parseNumeral(daysRaw);
    if (days === null) return null;
    months += days / DAYS_PER_MONTH;
  }
  return months;
}

// ---------------------------------------------------------------------------------------------
// Dates

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Month or day written in words (十二, 二十八, 廿八, 元), in Arabic, or digit by digit (〇六). */
function readMonthOrDay(raw: string): number | null {
  if (raw === "元") return 1;
  const first = raw[0];
  if (first === "廿" || first === "卅") {
    const rest = raw.length === 1 ? 0 : readDigitSequence(raw.slice(1));
    return rest === null || rest > 9 ? null : (first === "廿" ? 20 : 30) + rest;
  }
  return evaluateNumeral(raw) ?? readDigitSequence(raw);
}

/** A part hidden by the publisher: "**", "×", "X", "某", or a lone 〇/○ placeholder. */
function isMaskedDatePart(raw: string): boolean {
  return DATE_MASK_RE.test(raw) || raw === "〇" || raw === "○";
}

/**
 * Parses a date to ISO as precise as the text: "2017年6月28日" / "二〇一七年六月二十八日" →
 * "2017-06-28", "2017年6月" → "2017-06", "1990年**月**日" → "1990", "2017.6.28" → "2017-06-28".
 * Impossible dates (month 13, 2月30日) and years outside 1900–2100 give null.
 */
export function parseChineseDate(s: string): string | null {
  const t = prepare(s);
  if (t === null) return null;
  let yearRaw: string | undefined;
  let monthRaw: string | undefined;
  let dayRaw: string | undefined;
  const cn = DATE_CN_PARSE_RE.exec(t);
  if (cn !== null) {
    [, yearRaw, monthRaw, dayRaw] = cn;
  } else {
    const separated = DATE_SEPARATED_PARSE_RE.exec(t);
    if (separated === null) return null;
    [, yearRaw, monthRaw, dayRaw] = separated;
  }
  const year = yearRaw === undefined ? null : readDigitSequence(yearRaw);
  if (year === null || year < MIN_YEAR || year > MAX_YEAR) return null;
  const yearIso = String(year);
  if (monthRaw === undefined || isMaskedDatePart(monthRaw)) return yearIso;

  const month = readMonthOrDay(monthRaw);
  if (month === null || !Number.isInteger(month) || month < 1 || month > 12) return null;
  const monthIso = `${yearIso}-${pad2(month)}`;
  if (dayRaw === undefined || isMaskedDatePart(dayRaw)) return monthIso;

  const day = readMonthOrDay(dayRaw);
  if (day === null || !Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return null;
  return `${monthIso}-${pad2(day)}`;
}

// ---------------------------------------------------------------------------------------------
// Rates

const RATE_SCALE: Readonly<Record<string, number>> = {
  百分之: 100,
  千分之: 1000,
  万分之: 10000,
  "%": 100,
  "‰": 1000,
  "‱": 10000,
};

/** Parses a rate to a fraction: "3.59‰" → 0.00359, "千分之三点五" → 0.0035, "百分之二" → 0.02. */
export function parseRate(s: string): number | null {
  const t = prepare(s);
  if (t === null) return null;
  const m = RATE_PARSE_RE.exec(t);
  if (m === null) return null;
  const [, words, numberRaw, sign] = m;
  // Exactly one of "千分之…" and "…‰".
  const scaleKey = words ?? sign;
  if (scaleKey === undefined || (words !== undefined && sign !== undefined) || numberRaw === undefined) {
    return null;
  }
  const n = parseNumeral(numberRaw);
  const scale = RATE_SCALE[scaleKey];
  return n === null || scale === undefined ? null : toShortestDecimal(n / scale);
}
