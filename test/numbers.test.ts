import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  AMOUNT_SRC,
  CN_NUMBER_SRC,
  DATE_SRC,
  RATE_SRC,
  TERM_SRC,
  parseChineseAmount,
  parseChineseDate,
  parseChineseNumber,
  parseRate,
  parseTermMonths,
} from "../extractors/numbers.js";

// ---------------------------------------------------------------------------------------------
// Helpers

const SOURCES = { CN_NUMBER_SRC, AMOUNT_SRC, TERM_SRC, DATE_SRC, RATE_SRC };

function fullMatch(src: string, s: string, flags = ""): boolean {
  return new RegExp(`^(?:${src})$`, flags).test(s);
}

function firstMatch(src: string, s: string): string | null {
  return new RegExp(src, "u").exec(s)?.[0] ?? null;
}

function allMatches(src: string, s: string): string[] {
  return [...s.matchAll(new RegExp(src, "gu"))].map((m) => m[0]);
}

/** Asserts both the finder and the parser accept the token, so they cannot drift apart. */
function expectFound(src: string, s: string): void {
  expect(fullMatch(src, s), `${s} should fully match`).toBe(true);
  expect(fullMatch(src, s, "u"), `${s} should fully match with u flag`).toBe(true);
}

// ---------------------------------------------------------------------------------------------
// Renderers for property tests: standard readings of integers in Chinese numerals.

const LOWER_DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
const UPPER_DIGITS = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];

interface RenderStyle {
  upper: boolean; // 大写 壹贰叁
  liang: boolean; // 两 for 2 before 千/百 and for a bare 2 before 万/亿
  bareTen: boolean; // 十二 rather than 一十二 at the start of the number
  traditionalBigUnits: boolean; // 萬/億
}

const STANDARD: RenderStyle = { upper: false, liang: false, bareTen: true, traditionalBigUnits: false };

function renderGroup(group: number, leading: boolean, style: RenderStyle, bigUnitFollows: boolean): string {
  const digits = style.upper ? UPPER_DIGITS : LOWER_DIGITS;
  const units = style.upper ? ["", "拾", "佰", "仟"] : ["", "十", "百", "千"];
  let out = "";
  let begun = false;
  let zeroPending = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(group / 10 ** pos) % 10;
    if (d === 0) {
      if (begun) zeroPending = true;
      continue;
    }
    if (zeroPending) {
      out += "零";
      zeroPending = false;
    }
    const isBareTen = pos === 1 && d === 1 && leading && !begun && style.bareTen;
    const useLiang = d === 2 && style.liang && !style.upper && (pos >= 2 || (pos === 0 && group === 2 && bigUnitFollows));
    out += (isBareTen ? "" : useLiang ? "两" : digits[d]) + units[pos];
    begun = true;
  }
  return out;
}

function renderChinese(n: number, style: RenderStyle = STANDARD): string {
  if (n === 0) return "零";
  const bigUnits = style.traditionalBigUnits ? ["億", "萬", ""] : ["亿", "万", ""];
  const groups = [Math.floor(n / 1e8), Math.floor(n / 1e4) % 1e4, n % 1e4];
  let out = "";
  let started = false;
  let skippedGroup = false;
  groups.forEach((group, k) => {
    if (group === 0) {
      if (started) skippedGroup = true;
      return;
    }
    if (started && (skippedGroup || group < 1000)) out += "零";
    out += renderGroup(group, !started, style, k < 2) + bigUnits[k];
    started = true;
    skippedGroup = false;
  });
  return out;
}

function withThousandsSeparators(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

const FULLWIDTH_DIGITS = "０１２３４５６７８９";
function toFullWidth(s: string): string {
  return s.replace(/[0-9]/g, (d) => FULLWIDTH_DIGITS[Number(d)]);
}

const styleArb: fc.Arbitrary<RenderStyle> = fc.record({
  upper: fc.boolean(),
  liang: fc.boolean(),
  bareTen: fc.boolean(),
  traditionalBigUnits: fc.boolean(),
});

// ---------------------------------------------------------------------------------------------
// parseChineseNumber

describe("parseChineseNumber", () => {
  const cases: Array<[string, number]> = [
    ["0", 0],
    ["7", 7],
    ["63,500", 63500],
    ["5,965,362.34", 5965362.34],
    ["5965362.34", 5965362.34],
    ["１２３", 123],
    ["１２．５", 12.5],
    ["零", 0],
    ["〇", 0],
    ["十", 10],
    ["十一", 11],
    ["十五", 15],
    ["二十", 20],
    ["三十六", 36],
    ["一百", 100],
    ["一百零五", 105],
    ["一百一十", 110],
    ["一百一", 110],
    ["一千零一十", 1010],
    ["一千零五十", 1050],
    ["两千五百", 2500],
    ["两万", 20000],
    ["三万五千", 35000],
    ["一万五", 15000],
    ["十万", 100000],
    ["一亿二千万", 120000000],
    ["一亿零五", 100000005],
    ["壹万", 10000],
    ["壹仟贰佰叁拾肆", 1234],
    ["貳拾", 20],
    ["壹拾伍", 15],
    ["叁萬伍仟", 35000],
    ["2.3万", 23000],
    ["93.9488万", 939488],
    ["1100万", 11000000],
    ["9.4万", 94000],
    ["0.5万", 5000],
    ["3万5千", 35000],
    ["1万5000", 15000],
    ["1亿2000万", 120000000],
    ["1,100万", 11000000],
    ["三点五", 3.5],
    ["零点五", 0.5],
    ["三点五九", 3.59],
    ["三点五万", 35000],
    [" 一 万 ", 10000],
  ];
  it.each(cases)("%s → %d", (input, expected) => {
    expect(parseChineseNumber(input)).toBe(expected);
  });

  const garbage = [
    "", "元", "abc", "年", "**", "万", "亿", "百", "千万", "十十", "一百二千", "二三", "二〇一七",
    "一零", "3五", "1,00", "12,3456", "3.", ".5", "-5", "点五", "三点", "三点五元", "万万", "一万二万",
    "一亿二亿", "1e5", "Infinity", "NaN", "0x10",
  ];
  it.each(garbage)("%j → null", (input) => {
    expect(parseChineseNumber(input)).toBeNull();
  });

  it("returns null rather than throwing on non-strings", () => {
    expect(parseChineseNumber(undefined as unknown as string)).toBeNull();
    expect(parseChineseNumber(42 as unknown as string)).toBeNull();
  });

  it("round-trips integers 0..999,999,999,999 read in standard Chinese (小写/大写, 两, 十/一十)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999 }), styleArb, (n, style) => {
        const text = renderChinese(n, style);
        expect(parseChineseNumber(text)).toBe(n);
        expect(fullMatch(CN_NUMBER_SRC, text)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("round-trips small integers, where the zero and 十 rules bite hardest", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_100 }), styleArb, (n, style) => {
        expect(parseChineseNumber(renderChinese(n, style))).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it("renderer sanity: the property generator produces standard readings", () => {
    expect(renderChinese(10)).toBe("十");
    expect(renderChinese(105)).toBe("一百零五");
    expect(renderChinese(1010)).toBe("一千零一十");
    expect(renderChinese(10010)).toBe("一万零一十");
    expect(renderChinese(100000005)).toBe("一亿零五");
    expect(renderChinese(120000000)).toBe("一亿二千万");
    expect(renderChinese(100050000)).toBe("一亿零五万");
    expect(renderChinese(1234, { ...STANDARD, upper: true })).toBe("壹仟贰佰叁拾肆");
  });

  it("round-trips integers with thousands separators, also in full-width digits", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999 }), fc.boolean(), (n, fullWidth) => {
        const plain = withThousandsSeparators(n);
        const text = fullWidth ? toFullWidth(plain) : plain;
        expect(parseChineseNumber(text)).toBe(n);
        expect(fullMatch(CN_NUMBER_SRC, text)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("round-trips mixed Arabic + 万/亿 forms (1亿2000万, 3万5千)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 9999 }), (yi, wan) => {
        const text = wan === 0 ? `${yi}亿` : `${yi}亿${wan}万`;
        expect(parseChineseNumber(text)).toBe(yi * 1e8 + wan * 1e4);
        expect(fullMatch(CN_NUMBER_SRC, text)).toBe(true);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// parseChineseAmount

describe("parseChineseAmount", () => {
  const cases: Array<[string, number, boolean]> = [
    ["人民币390余万元", 3900000, true],
    ["390余万元", 3900000, true],
    ["1100万余元", 11000000, true],
    ["2.3万余元", 23000, true],
    ["93.9488万元", 939488, false],
    ["5965362.34元", 5965362.34, false],
    ["10万余元", 100000, true],
    ["200余万元", 2000000, true],
    ["63,500元", 63500, false],
    ["5,965,362.34元", 5965362.34, false],
    ["人民币一万元", 10000, false],
    ["人民币2万元", 20000, false],
    ["五千元", 5000, false],
    ["约3万元", 30000, true],
    ["3万元左右", 30000, true],
    ["1万元以上", 10000, true],
    ["一万多元", 10000, true],
    ["3000多元", 3000, true],
    ["壹万元整", 10000, false],
    ["人民币1.5万元", 15000, false],
    ["9.4万元", 94000, false],
    ["10000元", 10000, false],
    ["两千五百元", 2500, false],
    ["一千零五十元", 1050, false],
    ["十余万元", 100000, true],
    ["二十多万元", 200000, true],
    ["共计人民币36000元", 36000, false],
    ["合计5万元", 50000, false],
    ["约人民币5000元", 5000, true],
    ["3万元许", 30000, true],
    ["￥5000元", 5000, false],
    ["人民币叁万伍仟元整", 35000, false],
    ["1亿2000万元", 120000000, false],
    ["３０００元", 3000, false],
    ["人民币 5 000 元", 5000, false],
    ["390余万", 3900000, true],
  ];
  it.each(cases)("%s → %d (approx %s)", (input, yuan, approx) => {
    expect(parseChineseAmount(input)).toEqual({ yuan, approx });
  });

  it.each(cases.filter(([s]) => s.endsWith("元") || s.endsWith("整") || /左右|以上|许$/.test(s)))(
    "AMOUNT_SRC fully matches %s",
    (input) => {
      expectFound(AMOUNT_SRC, input.replace(/\s+/g, ""));
    },
  );

  it.each(["", "元", "abc", "年", "**", "人民币", "人民币元", "数万元", "十几万元", "万元", "5000美元", "三年", "12张"])(
    "%j → null",
    (input) => {
      expect(parseChineseAmount(input)).toBeNull();
    },
  );

  it("round-trips 万 decimal forms within 0.005 yuan", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom("", "人民币", "共计"),
        fc.constantFrom("元", "余元", "多元"),
        (mantissa, decimals, prefix, suffix) => {
          const digits = String(mantissa).padStart(decimals + 1, "0");
          const wan = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
          const text = `${prefix}${wan}万${suffix}`;
          const parsed = parseChineseAmount(text);
          expect(parsed).not.toBeNull();
          expect(Math.abs(parsed!.yuan - (mantissa / 10 ** decimals) * 1e4)).toBeLessThanOrEqual(0.005);
          expect(parsed!.approx).toBe(suffix !== "元");
          expect(fullMatch(AMOUNT_SRC, text)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("2.3万 and 93.9488万 come out exact, not 22999.999999999996", () => {
    expect(parseChineseAmount("2.3万元")?.yuan).toBe(23000);
    expect(parseChineseAmount("93.9488万元")?.yuan).toBe(939488);
    expect(parseChineseAmount("0.0001万元")?.yuan).toBe(1);
  });

  it("round-trips Chinese-numeral amounts with 余 before 万", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), styleArb, (n, style) => {
        const text = `人民币${renderChinese(n, style)}余万元`;
        expect(parseChineseAmount(text)).toEqual({ yuan: n * 1e4, approx: true });
        expect(fullMatch(AMOUNT_SRC, text)).toBe(true);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// parseTermMonths

describe("parseTermMonths", () => {
  const cases: Array<[string, number]> = [
    ["十个月", 10],
    ["七个月", 7],
    ["六个月", 6],
    ["三十六个月", 36],
    ["36个月", 36],
    ["1年", 12],
    ["一年", 12],
    ["二年", 24],
    ["两年", 24],
    ["三年", 36],
    ["一年又六个月", 18],
    ["一年零三个月", 15],
    ["2年又1个月", 25],
    ["一年六个月", 18],
    ["1年6个月", 18],
    ["1年零6个月", 18],
    ["十五日", 0.5],
    ["15天", 0.5],
    ["一个月零十五日", 1.5],
    ["一年半", 18],
    ["六个半月", 6.5],
    ["一年又二个月零十五天", 14.5],
    ["１年６个月", 18],
    ["一 年 又 六 个 月", 18],
  ];
  it.each(cases)("%s → %d", (input, expected) => {
    expect(parseTermMonths(input)).toBe(expected);
    expectFound(TERM_SRC, input.replace(/\s+/g, ""));
  });

  it.each(["", "元", "abc", "年", "**", "个月", "又六个月", "零十五日", "年六个月", "十十个月", "一年一年", "2017年6月", "五千元"])(
    "%j → null",
    (input) => {
      expect(parseTermMonths(input)).toBeNull();
    },
  );

  const connectorArb = fc.constantFrom("", "又", "零");
  it("round-trips random (years, months, days) in several shapes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 0, max: 29 }),
        fc.boolean(),
        fc.boolean(),
        connectorArb,
        connectorArb,
        fc.constantFrom("日", "天"),
        (years, months, days, chinese, liang, monthConnector, dayConnector, dayWord) => {
          fc.pre(years + months + days > 0);
          const num = (n: number): string => (chinese ? renderChinese(n, { ...STANDARD, liang }) : String(n));
          let text = "";
          if (years > 0) text += `${num(years)}年`;
          if (months > 0) text += `${text ? monthConnector : ""}${num(months)}个月`;
          if (days > 0) text += `${text ? dayConnector : ""}${num(days)}${dayWord}`;
          const expected = years * 12 + months + days / 30;
          expect(parseTermMonths(text)).toBeCloseTo(expected, 12);
          expect(fullMatch(TERM_SRC, text)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// parseChineseDate

describe("parseChineseDate", () => {
  const cases: Array<[string, string]> = [
    ["2017年6月28日", "2017-06-28"],
    ["2017年06月28日", "2017-06-28"],
    ["二〇一七年六月二十八日", "2017-06-28"],
    ["二○一七年六月二十八日", "2017-06-28"],
    ["二零一七年六月二十八日", "2017-06-28"],
    ["二0一七年六月二十八日", "2017-06-28"],
    ["二〇二〇年十二月三十一日", "2020-12-31"],
    ["二〇一九年十月十日", "2019-10-10"],
    ["二〇一九年十一月一日", "2019-11-01"],
    ["2017年6月", "2017-06"],
    ["二〇一七年六月", "2017-06"],
    ["2017年", "2017"],
    ["２０１７年６月２８日", "2017-06-28"],
    ["1990年**月**日", "1990"],
    ["1990年×月×日", "1990"],
    ["1990年X月X日", "1990"],
    ["1990年某月某日", "1990"],
    ["1990年5月**日", "1990-05"],
    ["1990年5月", "1990-05"],
    ["2017.6.28", "2017-06-28"],
    ["2017-06-28", "2017-06-28"],
    ["2017/6/28", "2017-06-28"],
    ["2016年2月29日", "2016-02-29"],
    ["2000年2月29日", "2000-02-29"],
    ["2017年6月28号", "2017-06-28"],
    ["二〇一七年元月五日", "2017-01-05"],
    ["二〇一七年六月廿八日", "2017-06-28"],
  ];
  it.each(cases)("%s → %s", (input, expected) => {
    expect(parseChineseDate(input)).toBe(expected);
    expectFound(DATE_SRC, input);
  });

  it.each([
    "", "元", "abc", "年", "**", "2017年13月1日", "2017年6月32日", "2017年2月29日", "1900年2月29日",
    "2017年0月1日", "2017-13-01", "2017.6.31", "十年", "17年6月", "1800年", "一年", "二〇一七", "2017",
  ])("%j → null", (input) => {
    expect(parseChineseDate(input)).toBeNull();
  });

  it("round-trips random valid dates written in Chinese numerals", () => {
    const dateArb = fc
      .record({ year: fc.integer({ min: 1900, max: 2100 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
      .filter(({ year, month, day }) => new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day);
    fc.assert(
      fc.property(dateArb, fc.constantFrom("〇", "○", "零", "0"), fc.constantFrom("日", "号"), ({ year, month, day }, zero, dayWord) => {
        const yearText = [...String(year)].map((d) => (d === "0" ? zero : LOWER_DIGITS[Number(d)])).join("");
        const text = `${yearText}年${renderChinese(month)}月${renderChinese(day)}${dayWord}`;
        const iso = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
        expect(parseChineseDate(text)).toBe(iso);
        expect(fullMatch(DATE_SRC, text)).toBe(true);
        expect(parseChineseDate(`${year}年${month}月${day}日`)).toBe(iso);
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// parseRate

describe("parseRate", () => {
  const cases: Array<[string, number]> = [
    ["3.59‰", 0.00359],
    ["千分之三点五", 0.0035],
    ["千分之3.59", 0.00359],
    ["百分之二", 0.02],
    ["百分之十五", 0.15],
    ["2%", 0.02],
    ["2％", 0.02],
    ["1.5%", 0.015],
    ["万分之五", 0.0005],
    ["5‱", 0.0005],
  ];
  it.each(cases)("%s → %d", (input, expected) => {
    expect(parseRate(input)).toBe(expected);
    expectFound(RATE_SRC, input);
  });

  it.each(["", "%", "千分之", "abc", "千分之三‰", "3.59", "**"])("%j → null", (input) => {
    expect(parseRate(input)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Finder sources in running text

describe("*_SRC finders", () => {
  it.each(Object.entries(SOURCES))("%s compiles with and without the u flag and has no capturing groups", (_name, src) => {
    expect(() => new RegExp(src)).not.toThrow();
    expect(() => new RegExp(src, "u")).not.toThrow();
    // An alternative that matches empty plus the whole source reveals the number of groups.
    const groups = new RegExp(`${src}|`).exec("")!.length - 1;
    expect(groups).toBe(0);
  });

  const sentence = "判处有期徒刑一年又六个月，缓刑二年，并处罚金人民币五千元。";

  it("finds the term and the fine in a result sentence", () => {
    expect(firstMatch(TERM_SRC, sentence)).toBe("一年又六个月");
    expect(allMatches(TERM_SRC, sentence)).toEqual(["一年又六个月", "二年"]);
    expect(firstMatch(AMOUNT_SRC, sentence)).toBe("人民币五千元");
  });

  it("finds amounts in facts", () => {
    const facts = "其银行卡进账流水共计人民币390余万元，其中涉诈骗金额2.3万余元，非法获利63,500元，按转出金额的3.59‰计算。";
    expect(allMatches(AMOUNT_SRC, facts)).toEqual(["共计人民币390余万元", "2.3万余元", "63,500元"]);
    expect(allMatches(RATE_SRC, facts)).toEqual(["3.59‰"]);
    expect(allMatches(CN_NUMBER_SRC, facts)).toEqual(["390", "2.3万", "63,500", "3.59"]);
  });

  it("does not read dates or custody periods as terms", () => {
    const bracket = "（刑期自2021年1月1日起至2022年12月31日止。）被告人于二〇二〇年六月二十八日被刑事拘留";
    expect(allMatches(TERM_SRC, bracket)).toEqual([]);
    expect(allMatches(DATE_SRC, bracket)).toEqual(["2021年1月1日", "2022年12月31日", "二〇二〇年六月二十八日"]);
  });

  it("finds dates with masks and in birth lines", () => {
    const text = "被告人张某，男，1990年**月**日出生，汉族；被告人李某，女，1995年5月**日出生。二〇二一年六月三十日";
    expect(allMatches(DATE_SRC, text)).toEqual(["1990年**月**日", "1995年5月**日", "二〇二一年六月三十日"]);
  });

  it("does not start a number inside another numeral", () => {
    expect(allMatches(CN_NUMBER_SRC, "二〇一七年")).toEqual(["二〇一七"]);
    expect(allMatches(AMOUNT_SRC, "罚金人民币一万五千元")).toEqual(["人民币一万五千元"]);
    expect(allMatches(AMOUNT_SRC, "数万元")).toEqual([]);
    expect(allMatches(AMOUNT_SRC, "5000美元")).toEqual([]);
  });

  it("stays linear on adversarial input (no catastrophic backtracking)", () => {
    const inputs = [
      "十".repeat(20000) + "x",
      "1".repeat(20000) + "x",
      "1,".repeat(10000) + "x",
      "1万".repeat(10000) + "x",
      "一年".repeat(10000),
      "二〇".repeat(10000),
      "余".repeat(20000),
    ];
    for (const [name, src] of Object.entries(SOURCES)) {
      const re = new RegExp(src, "gu");
      for (const input of inputs) {
        const start = performance.now();
        for (const _ of input.matchAll(re)) void _;
        expect(performance.now() - start, `${name} on ${input.slice(0, 6)}…`).toBeLessThan(500);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Robustness

describe("never throws", () => {
  const numeralAlphabet = [
    ..."0123456789０５,.．点零〇○一二两三四五六七八九十百千万亿壹贰叁拾佰仟萬億年个月日天号又半元整余多许约左右以上人民币共计%‰*×X某-/ ",
  ];
  const parsers = { parseChineseNumber, parseChineseAmount, parseTermMonths, parseChineseDate, parseRate };
  const arbitraries: Array<[string, fc.Arbitrary<string>]> = [
    ["fc.string()", fc.string()],
    ["full unicode (fc.string binary units)", fc.string({ unit: "binary" })],
    ["numeral alphabet", fc.string({ unit: fc.constantFrom(...numeralAlphabet), maxLength: 20 })],
  ];
  for (const [arbName, arb] of arbitraries) {
    it(`parsers return a value or null on ${arbName}`, () => {
      fc.assert(
        fc.property(arb, (s) => {
          for (const parse of Object.values(parsers)) {
            const result = parse(s);
            if (typeof result === "number") expect(Number.isFinite(result)).toBe(true);
          }
          const amount = parseChineseAmount(s);
          if (amount !== null) expect(amount.yuan).toBeGreaterThanOrEqual(0);
        }),
        { numRuns: 3000 },
      );
    });
  }
});
