import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { normalizeText, toOriginalSpan } from "../pipeline/stages/normalize.js";

describe("normalizeText", () => {
  it.each([
    ["（２０２１）川０１０６刑初１２３号", "(2021)川0106刑初123号"],
    ["二Ｏ一七年六月二十八日", "二〇一七年六月二十八日"],
    ["二0一九年十月十日", "二〇一九年十月十日"],
    ["二○二一年", "二〇二一年"],
    ["判決如下：罰金人民幣五千元", "判决如下：罚金人民币五千元"],
    ["公诉机关:某检察院", "公诉机关：某检察院"],
    ["甲  \t 乙", "甲 乙"],
    ["甲\r\n\r\n乙", "甲\n乙"],
    ["  开头", "开头"],
    ["零\u200b宽", "零宽"],
    ["2019年 10 月", "2019年 10 月"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeText(input).text).toBe(expected);
  });

  it("removes the spaces of a document typeset with a space between every character", () => {
    const spaced = "被 告 人 方 某 ， 男 ， 1985 年 10 月 21 日 出 生 ， 汉 族 ， 高 中 文 化 ， 个 体 工 商 户 。 因 涉 嫌 犯 帮 助 信 息 网 络 犯 罪 活 动 罪 被 刑 事 拘 留 。 （ 2022 ） 赣 0102 刑 初 233 号";
    expect(normalizeText(spaced).text).toBe("被告人方某，男，1985年10月21日出生，汉族，高中文化，个体工商户。因涉嫌犯帮助信息网络犯罪活动罪被刑事拘留。(2022)赣0102刑初233号");
  });

  it("removes the spaces only in the lines typeset that way", () => {
    const text = "辽 宁 省 沈 阳 市 和 平 区 人 民 法 院\n刑 事 判 决 书\n被告人关某，男，1994年4月3日出生。 因涉嫌犯罪被刑事拘留。";
    expect(normalizeText(text).text).toBe("辽宁省沈阳市和平区人民法院\n刑事判决书\n被告人关某，男，1994年4月3日出生。 因涉嫌犯罪被刑事拘留。");
  });

  it("keeps single spaces between paragraphs in ordinary documents", () => {
    expect(normalizeText("刑事判决书 公诉机关某检察院。 被告人张三，男。").text).toBe("刑事判决书 公诉机关某检察院。 被告人张三，男。");
  });

  it("maps normalized spans back to the original text", () => {
    const original = "判决书　（２０２１）川０１０６刑初１２３号\n\n被 告 人";
    const view = normalizeText(original);
    const at = view.text.indexOf("川0106");
    const span = toOriginalSpan(view, at, at + 5);
    expect(original.slice(span.start, span.end)).toBe("川０１０６");
    const end = toOriginalSpan(view, view.text.length - 1, view.text.length);
    expect(original.slice(end.start, end.end)).toBe("人");
  });

  it("property: the offset map is monotone and every kept unit comes from its original position", () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(..."甲乙 　\n\t０１2３（）:二O〇一七年決罰\u200b".split("")), maxLength: 60 }), (s) => {
      const v = normalizeText(s);
      expect(v.toOriginal.length).toBe(v.text.length + 1);
      for (let i = 1; i < v.toOriginal.length; i++) expect(v.toOriginal[i]).toBeGreaterThan(v.toOriginal[i - 1]);
      expect(v.toOriginal[v.text.length]).toBe(s.length);
      for (let i = 0; i < v.text.length; i++) {
        const o = s[v.toOriginal[i]];
        // a kept character is the original or its normalized form; spaces stand for whitespace runs
        if (v.text[i] === " " || v.text[i] === "\n") expect(/\s|　/.test(o)).toBe(true);
        else expect(normalizeText(o).text === v.text[i] || v.text[i] === "〇").toBe(true);
      }
    }), { numRuns: 500 });
  });
});
