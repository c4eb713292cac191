import { describe, expect, it } from "vitest";
import { normalizeText } from "../pipeline/stages/normalize.js";
import { segmentSections } from "../pipeline/stages/sections.js";
import { extractFactors } from "../extractors/factors.js";
import type { FactorKey } from "../extractors/patterns/zh/factors.js";

/** The factors found for each defendant of a judgment whose reasoning is `reasoning`. */
function factorsOf(reasoning: string, names: string[], appealPrefix = ""): FactorKey[][] {
  const text = normalizeText(`某县人民法院 刑事判决书 （2021）川0107刑初1号 公诉机关某县人民检察院。 ${names.map((n) => `被告人${n}，男。`).join(" ")} ${appealPrefix} 本院认为，${reasoning} 依照《中华人民共和国刑法》第六十七条、《最高人民法院关于处理自首和立功具体应用法律若干问题的解释》之规定，判决如下： 被告人${names[0]}犯盗窃罪，判处拘役一个月。`).text;
  const r = extractFactors(text, segmentSections(text), names, appealPrefix !== "");
  return r.perDefendant.map((f) => (Object.keys(f) as FactorKey[]).filter((k) => f[k].length > 0));
}

describe("extractFactors", () => {
  it.each<[string, FactorKey[]]>([
    ["被告人张某到案后如实供述自己的罪行，可以从轻处罚。", ["confession"]],
    ["被告人张某系坦白，自愿认罪认罚，可以从宽处理。", ["confession", "plea"]],
    ["被告人张某主动到公安机关投案，并如实供述自己的犯罪事实，是自首。", ["surrender", "confession"]],
    ["被告人张某在共同犯罪中起次要作用，系从犯，应当从轻处罚。", ["accessory"]],
    ["被告人张某已着手实施犯罪，因意志以外的原因未得逞，系犯罪未遂。", ["attempt"]],
    ["被告人张某退缴全部违法所得，可酌情从轻处罚。", ["restitution"]],
    ["被告人张某已将挪用的资金退还给单位，可酌情从轻处罚。", ["restitution"]],
    ["被告人张某赔偿了被害人的经济损失并取得谅解。", ["restitution", "forgiveness"]],
    ["被告人张某协助公安机关抓获同案犯，有立功表现。", ["meritorious"]],
    ["被告人张某犯罪时已满十六周岁不满十八周岁，系未成年人。", ["minor"]],
    ["被告人张某曾因犯盗窃罪被判处有期徒刑，刑罚执行完毕后五年内再犯，系累犯，应当从重处罚。", ["recidivist"]],
    ["被告人张某签署了认罪认罚具结书。", ["plea"]],
    // negations and rejected claims
    ["被告人张某的行为不构成自首。", []],
    ["被告人张某未取得被害人谅解。", []],
    ["被告人张某超过三个月未归还。", []],
    ["辩护人提出被告人张某系从犯的辩护意见，经查，张某在犯罪中起主要作用，该辩护意见不能成立，本院不予采纳。", []],
    ["关于被告人张某的辩护人提出被告人张某具有自首情节的辩护意见。经查，其系被抓获归案。", []],
    ["辩护人提出被告人张某获得被害人谅解，请求从轻处罚的辩护意见，本院予以采纳。", ["forgiveness"]],
    ["对于自首的犯罪分子，可以从轻或者减轻处罚。", []],
    ["被告人张某到案后认罪态度较好，可酌情从轻处罚。", []],
  ])("%s", (reasoning, expected) => {
    expect(factorsOf(reasoning, ["张某"])[0]).toEqual(expected);
  });

  it("ignores factor words inside cited titles (《关于处理自首和立功…》)", () => {
    expect(factorsOf("被告人张某构成盗窃罪。", ["张某"])[0]).toEqual([]);
  });

  it("attributes factors to the defendants each sentence names", () => {
    const f = factorsOf("被告人甲某系主犯。被告人乙某系从犯，依法应当从轻处罚。被告人甲某、乙某到案后均如实供述，系坦白。被告人丙某自动投案，系自首。其积极退赃。", ["甲某", "乙某", "丙某"]);
    expect(f).toEqual([["confession"], ["confession", "accessory"], ["surrender", "restitution"]]);
  });

  it("does not give a masked short name the factors of a longer one (王某 vs 王某某)", () => {
    expect(factorsOf("被告人王某某系从犯。被告人王某系坦白。", ["王某", "王某某"])).toEqual([["confession"], ["accessory"]]);
  });

  it("reads the first-instance reasoning an appeal quotes", () => {
    expect(factorsOf("原判认定事实清楚，量刑适当。", ["杨某"], "某县人民法院审理某县人民检察院指控原审被告人杨某犯帮助信息网络犯罪活动罪一案，作出刑事判决。宣判后，杨某不服，提出上诉。 原审法院认为，被告人杨某系累犯，应依法从重处罚。杨某到案后如实供述，系坦白。")[0]).toEqual(["confession", "recidivist"]);
  });
});

describe("extractFactors with a unit defendant", () => {
  it("gives 被告单位 findings to the unit, and 被告单位及二被告人 findings to everyone", () => {
    const names = ["某某科技有限公司", "邱某", "宋某"];
    const text = normalizeText(`某县人民法院 刑事判决书 （2021）粤1971刑初1号 公诉机关某县人民检察院。 被告单位某某科技有限公司。 被告人邱某，男。 被告人宋某，男。 本院认为，被告单位某某科技有限公司构成帮助信息网络犯罪活动罪。被告人邱某经电话通知主动到案，如实供述自己的罪行，系自首。被告单位及二被告人均自愿认罪认罚。被告单位已退缴全部违法所得，可酌情从轻处罚。判决如下： 被告单位某某科技有限公司犯帮助信息网络犯罪活动罪，判处罚金人民币五万元。`).text;
    const r = extractFactors(text, segmentSections(text), names, false, [true, false, false]);
    const found = r.perDefendant.map((f) => (Object.keys(f) as FactorKey[]).filter((k) => f[k].length > 0));
    expect(found).toEqual([["plea", "restitution"], ["surrender", "confession", "plea"], ["plea"]]);
  });
});
