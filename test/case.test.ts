import { describe, expect, it } from "vitest";
import { normalizeText } from "../pipeline/stages/normalize.js";
import { segmentSections } from "../pipeline/stages/sections.js";
import { extractCaseFindings } from "../extractors/case.js";

function caseOf(text: string) {
  const t = normalizeText(text).text;
  const f = extractCaseFindings(t, segmentSections(t));
  return Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v?.value ?? null]));
}

const TAIL = " 如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向四川省成都市中级人民法院提出上诉。 审判员赵某 二〇二一年五月十日 书记员钱某";

describe("extractCaseFindings", () => {
  it("reads a first-instance summary-procedure judgment", () => {
    expect(caseOf("四川省成都市武侯区人民法院 刑事判决书 （2021）川0107刑初88号 公诉机关成都市武侯区人民检察院。 被告人李某，男。 成都市武侯区人民检察院以武检刑诉〔2021〕80号起诉书指控被告人李某犯帮助信息网络犯罪活动罪，于2021年4月1日向本院提起公诉。本院依法适用简易程序，实行独任审判，公开开庭审理了本案。 本院认为，被告人李某构成帮助信息网络犯罪活动罪。判决如下： 被告人李某犯帮助信息网络犯罪活动罪，判处有期徒刑六个月。" + TAIL)).toEqual({
      caseNumber: "(2021)川0107刑初88号", court: "四川省成都市武侯区人民法院", courtLevel: "basic", province: "四川省",
      docType: "judgment", instance: "first", procedure: "summary", judgmentDate: "2021-05-10",
    });
  });

  it.each([
    ["本院受理后，依法适用简易程序，后于2017年10月26日转为普通程序，依法组成合议庭，公开开庭审理了本案。", "ordinary"],
    ["本院审查后，认为本案不宜适用简易程序，依法组成合议庭，公开开庭审理了本案。", "ordinary"],
    ["本院依法组成合议庭，适用简易程序，公开开庭审理了本案。", "summary"],
    ["本院依法适用速裁程序，实行独任审判，公开开庭审理了本案。", "expedited"],
    ["本院依法组成合议庭，公开开庭审理了本案。", "ordinary"],
    ["本院依法实行独任审判，公开开庭审理了本案。", "summary"],
    ["本院依法公开开庭审理了本案。", null],
  ])("procedure: %s → %s", (history, expected) => {
    const text = `某县人民法院 刑事判决书 （2017）苏0583刑初1号 公诉机关某县人民检察院。 被告人甲某，男。 某县人民检察院以起诉书指控被告人甲某犯盗窃罪，于2017年9月11日向本院提起公诉。${history} 本院认为，被告人甲某构成盗窃罪。判决如下： 被告人甲某犯盗窃罪，判处拘役一个月。${TAIL}`;
    expect(caseOf(text).procedure).toBe(expected);
  });

  it("reads an appeal ruling of an intermediate court, with the province from the case-number code", () => {
    const c = caseOf("济源中级人民法院 刑事裁定书 （2022）豫96刑终5号 原公诉机关济源市人民检察院。 上诉人（原审被告人）张某，男。 济源市人民法院审理济源市人民检察院指控原审被告人张某犯诈骗罪一案，作出刑事判决。原审被告人张某不服，提出上诉。本院依法组成合议庭审理了本案。 本院认为，原判认定事实清楚。裁定如下： 驳回上诉，维持原判。 本裁定为终审裁定。 审判长王某 二〇二二年三月一日");
    expect(c).toEqual({
      caseNumber: "(2022)豫96刑终5号", court: "济源中级人民法院", courtLevel: "intermediate", province: "河南省",
      docType: "ruling", instance: "second", procedure: "ordinary", judgmentDate: "2022-03-01",
    });
  });

  it("takes the court after a title line that names the defendant, and old-style case numbers", () => {
    const c = caseOf("被告人阮某贩卖毒品罪一审刑事判决书 江苏省南京市雨花台区人民法院 刑事判决书 （2014）雨刑初字第00275号 公诉机关南京市雨花台区人民检察院。 被告人阮某，男。 本院认为，被告人构成贩卖毒品罪。判决如下： 被告人阮某犯贩卖毒品罪，判处有期徒刑七个月。" + TAIL);
    expect(c.court).toBe("江苏省南京市雨花台区人民法院");
    expect(c.caseNumber).toBe("(2014)雨刑初字第00275号");
    expect(c.province).toBe("江苏省");
    expect(c.instance).toBe("first");
  });

  it("leaves unknown fields null", () => {
    expect(caseOf("本院认为，被告人构成犯罪。判决如下： 被告人甲某犯盗窃罪，判处拘役一个月。")).toEqual({
      caseNumber: null, court: null, courtLevel: null, province: null, docType: "judgment", instance: null, procedure: null, judgmentDate: null,
    });
  });
});
