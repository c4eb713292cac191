/**
 * Judgment results → per-defendant sentences. Table-driven: one row per phrasing. The
 * snippets are invented, modelled on how courts write results (帮信 and neighbouring charges).
 */
import { describe, expect, it } from "vitest";
import { normalizeText } from "../pipeline/stages/normalize.js";
import { segmentSections } from "../pipeline/stages/sections.js";
import {
  extractCaseCharges, extractJudgmentResult, sentenceValues, workingText,
  type DefendantRef, type DefendantResult, type Instance,
} from "../extractors/sentence.js";

const BX = "帮助信息网络犯罪活动罪";

/** A first-instance judgment around `result` (the items after 判决如下：). */
function firstInstance(result: string, parties = "被告人张三，男，1995年3月2日出生，汉族，初中文化，无业。", verb = "判决如下："): string {
  return `某某省某某市某某区人民法院 刑事判决书 (2021)某0102刑初345号 公诉机关某某市某某区人民检察院。 ${parties} ` +
    `某某市某某区人民检察院以某检刑诉(2021)300号起诉书指控被告人犯${BX}，于2021年6月1日向本院提起公诉。本院依法适用简易程序，公开开庭审理了本案。现已审理终结。 ` +
    `经审理查明，2020年10月，被告人将本人银行卡出售给他人，该卡被用于电信网络诈骗，支付结算金额共计人民币30万余元，获利人民币1500元。 ` +
    `本院认为，被告人明知他人利用信息网络实施犯罪，为其犯罪提供支付结算帮助，情节严重，其行为已构成${BX}。依照《中华人民共和国刑法》第二百八十七条之二第一款、第六十七条第三款、第五十二条、第五十三条之规定，${verb} ` +
    `${result} 如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向某某市中级人民法院提出上诉。 审判员李明 二〇二一年七月八日 书记员王芳`;
}

/** An appeal: `original` is how the appeal quotes the first-instance result, `result` its own. */
function appeal(original: string, result: string, parties = "上诉人(原审被告人)张三，男，1995年3月2日出生，汉族，无业。", verb = "判决如下："): string {
  return `某某省某某市中级人民法院 刑事${verb.startsWith("裁定") ? "裁定" : "判决"}书 (2021)某01刑终88号 原公诉机关某某市某某区人民检察院。 ${parties} ` +
    `某某市某某区人民法院审理某某市某某区人民检察院指控原审被告人张三犯${BX}一案，于2021年7月8日作出(2021)某0102刑初345号刑事判决。原审被告人张三不服，提出上诉。本院依法组成合议庭审理了本案，现已审理终结。 ` +
    `原判认定，2020年10月，被告人张三将本人银行卡出售给他人，支付结算金额共计人民币30万余元。原判认为，被告人张三的行为已构成${BX}。${original} ` +
    `上诉人张三上诉提出，原判量刑过重，请求从轻处罚。 经审理查明的事实与原判一致。 ` +
    `本院认为，上诉人张三的行为已构成${BX}。依照《中华人民共和国刑事诉讼法》第二百三十六条第一款之规定，${verb} ${result} 本${verb.startsWith("裁定") ? "裁定" : "判决"}为终审${verb.startsWith("裁定") ? "裁定" : "判决"}。 审判长赵一 审判员钱二 审判员孙三 二〇二一年十月九日 书记员周四`;
}

const ZS: DefendantRef[] = [{ name: "张三", kind: "person" }];
const ZS_LS: DefendantRef[] = [{ name: "张三", kind: "person" }, { name: "李四", kind: "person" }];
const PARTIES_2 = "被告人张三，男，1995年3月2日出生，汉族，无业。 被告人李四，男，1996年5月6日出生，汉族，务工。";

interface Want {
  principal: string | null;
  termMonths?: number | null;
  probationMonths?: number | null;
  fineYuan?: number | null;
  property?: boolean;
  charges?: string[];
  confiscated?: number | null;
}

interface Row {
  name: string;
  text: string;
  defendants?: DefendantRef[];
  instance?: Instance;
  /** null: no sentence for that defendant. */
  want: (Want | null)[];
}

function run(text: string, defendants: DefendantRef[], instance: Instance): { results: DefendantResult[]; view: string } {
  const view = normalizeText(text);
  return { results: extractJudgmentResult(view.text, segmentSections(view.text), defendants, instance), view: view.text };
}

const ROWS: Row[] = [
  // principal kinds
  { name: "fixed-term with 并处罚金人民币", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑七个月，并处罚金人民币三万元。`),
    want: [{ principal: "fixed-term", termMonths: 7, probationMonths: null, fineYuan: 30000, charges: [BX] }] },
  { name: "numbered item, 罚金 without 并处", text: firstInstance(`一、被告人张三犯${BX}，判处有期徒刑十个月，罚金人民币三千元。 二、扣押在案的手机一部予以没收。`),
    want: [{ principal: "fixed-term", termMonths: 10, fineYuan: 3000, confiscated: null }] },
  { name: "detention", text: firstInstance(`被告人张三犯${BX}，判处拘役五个月，并处罚金人民币三千元。`),
    want: [{ principal: "detention", termMonths: 5, probationMonths: null, fineYuan: 3000 }] },
  { name: "surveillance", text: firstInstance(`被告人张三犯寻衅滋事罪，判处管制一年。`),
    want: [{ principal: "surveillance", termMonths: 12, fineYuan: null, charges: ["寻衅滋事罪"] }] },
  { name: "单处罚金", text: firstInstance(`被告人张三犯${BX}，单处罚金人民币五千元。`),
    want: [{ principal: "fine-only", termMonths: null, probationMonths: null, fineYuan: 5000 }] },
  { name: "only a fine (判处罚金)", text: firstInstance(`被告人张三犯${BX}，判处罚金人民币八千元。`),
    want: [{ principal: "fine-only", termMonths: null, fineYuan: 8000 }] },
  { name: "免予刑事处罚", text: firstInstance(`被告人张三犯${BX}，免予刑事处罚。`),
    want: [{ principal: "exempt", termMonths: null, probationMonths: null, fineYuan: null, charges: [BX] }] },
  { name: "无期徒刑 with 没收个人全部财产", text: firstInstance(`被告人张三犯诈骗罪，判处无期徒刑，剥夺政治权利终身，并处没收个人全部财产。`),
    want: [{ principal: "life", termMonths: null, fineYuan: null, property: true, charges: ["诈骗罪"] }] },
  { name: "死刑，缓期二年执行", text: firstInstance(`被告人张三犯贩卖毒品罪，判处死刑，缓期二年执行，剥夺政治权利终身，并处没收个人全部财产。`),
    want: [{ principal: "death-suspended", termMonths: null, probationMonths: null, property: true }] },
  { name: "死刑 (immediate)", text: firstInstance(`被告人张三犯故意杀人罪，判处死刑，剥夺政治权利终身。`),
    want: [{ principal: "death", termMonths: null, probationMonths: null, property: false }] },
  // term shapes
  { name: "一年又六个月", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑一年又六个月，并处罚金人民币一万元。`),
    want: [{ principal: "fixed-term", termMonths: 18, fineYuan: 10000 }] },
  { name: "一年零三个月", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑一年零三个月，并处罚金人民币八千元。`),
    want: [{ principal: "fixed-term", termMonths: 15, fineYuan: 8000 }] },
  { name: "2年又1个月 in Arabic digits", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑2年又1个月，并处罚金人民币20000元。`),
    want: [{ principal: "fixed-term", termMonths: 25, fineYuan: 20000 }] },
  { name: "有期徒刑1年, 罚金10000元", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑1年，罚金10000元。`),
    want: [{ principal: "fixed-term", termMonths: 12, fineYuan: 10000 }] },
  { name: "拘役一个月零十五天", text: firstInstance(`被告人张三犯危险驾驶罪，判处拘役一个月零十五天，并处罚金人民币二千元。`),
    want: [{ principal: "detention", termMonths: 1.5, fineYuan: 2000 }] },
  { name: "full-width digits", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑８个月，并处罚金人民币５０００元。`),
    want: [{ principal: "fixed-term", termMonths: 8, fineYuan: 5000 }] },
  // probation shapes
  { name: "缓刑一年", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑十个月，缓刑一年，并处罚金人民币五千元。 （缓刑考验期限，从判决确定之日起计算。）`),
    want: [{ principal: "fixed-term", termMonths: 10, probationMonths: 12, fineYuan: 5000 }] },
  { name: "宣告缓刑二年", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑一年，宣告缓刑二年，并处罚金人民币一万元。`),
    want: [{ principal: "fixed-term", termMonths: 12, probationMonths: 24, fineYuan: 10000 }] },
  { name: "缓刑考验期限为…", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑八个月，缓刑考验期限为一年六个月，并处罚金人民币四千元。`),
    want: [{ principal: "fixed-term", termMonths: 8, probationMonths: 18, fineYuan: 4000 }] },
  { name: "缓刑 without comma", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑一年缓刑一年（缓刑考验期限，从判决确定之日起计算），并处罚金人民币二千元。`),
    want: [{ principal: "fixed-term", termMonths: 12, probationMonths: 12, fineYuan: 2000 }] },
  { name: "detention with 宣告缓刑", text: firstInstance(`被告人张三犯危险驾驶罪，判处拘役三个月，宣告缓刑六个月，并处罚金人民币五千元。`),
    want: [{ principal: "detention", termMonths: 3, probationMonths: 6, fineYuan: 5000 }] },
  // fine shapes
  { name: "人民币2万元", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币2万元。`),
    want: [{ principal: "fixed-term", termMonths: 12, fineYuan: 20000 }] },
  { name: "9.4万元", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑二年，并处罚金9.4万元。`),
    want: [{ principal: "fixed-term", termMonths: 24, fineYuan: 94000 }] },
  { name: "amount before 人民币", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑六个月，并处罚金五万元人民币。`),
    want: [{ principal: "fixed-term", termMonths: 6, fineYuan: 50000 }] },
  { name: "大写 amount", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑六个月，并处罚金人民币壹万元。`),
    want: [{ principal: "fixed-term", termMonths: 6, fineYuan: 10000 }] },
  { name: "thousands separator as full-width comma", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑八个月，并处罚金人民币2，000元（已缴纳）。`),
    want: [{ principal: "fixed-term", termMonths: 8, fineYuan: 2000 }] },
  { name: "罚金 with no amount", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑九个月，并处罚金。`),
    want: [{ principal: "fixed-term", termMonths: 9, fineYuan: null }] },
  { name: "（已缴纳） ignored", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑六个月，缓刑一年，并处罚金人民币三千元（已缴纳）。`),
    want: [{ principal: "fixed-term", termMonths: 6, probationMonths: 12, fineYuan: 3000 }] },
  { name: "no fine at all", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑六个月。`),
    want: [{ principal: "fixed-term", termMonths: 6, fineYuan: null, property: false }] },
  // the 刑期 bracket
  { name: "刑期 bracket after the item is not a sentence",
    text: firstInstance(`被告人张三犯${BX}，判处有期徒刑七个月，并处罚金人民币三万元。 （刑期从判决执行之日起计算。判决执行以前先行羁押的，羁押一日折抵刑期一日，即自2017年4月28日起至2017年11月27日止。罚金于本判决生效后10日内缴纳。）`),
    want: [{ principal: "fixed-term", termMonths: 7, probationMonths: null, fineYuan: 30000 }] },
  { name: "刑期 bracket between term and fine",
    text: firstInstance(`被告人张三犯${BX}，判处有期徒刑一年九个月（刑期从判决执行之日起计算。判决执行以前先行羁押的，羁押一日折抵刑期一日，即自2021年1月18日起至2022年10月17日止），并处罚金人民币三千元（于判决生效之日起五日内缴纳）。`),
    want: [{ principal: "fixed-term", termMonths: 21, fineYuan: 3000 }] },
  // several defendants
  { name: "one item per defendant", defendants: ZS_LS,
    text: firstInstance(`一、被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元。 二、被告人李四犯${BX}，判处有期徒刑八个月，缓刑一年，并处罚金人民币五千元。`, PARTIES_2),
    want: [{ principal: "fixed-term", termMonths: 12, probationMonths: null, fineYuan: 10000 }, { principal: "fixed-term", termMonths: 8, probationMonths: 12, fineYuan: 5000 }] },
  { name: "分别判处 … 和 …", defendants: ZS_LS,
    text: firstInstance(`被告人张三、李四犯${BX}，分别判处有期徒刑一年和十个月，并处罚金人民币五千元和三千元。`, PARTIES_2),
    want: [{ principal: "fixed-term", termMonths: 12, fineYuan: 5000, charges: [BX] }, { principal: "fixed-term", termMonths: 10, fineYuan: 3000, charges: [BX] }] },
  { name: "分别判处 the same penalty", defendants: ZS_LS,
    text: firstInstance(`被告人张三、李四犯${BX}，分别判处有期徒刑六个月，缓刑一年，并处罚金人民币二千元。`, PARTIES_2),
    want: [{ principal: "fixed-term", termMonths: 6, probationMonths: 12, fineYuan: 2000 }, { principal: "fixed-term", termMonths: 6, probationMonths: 12, fineYuan: 2000 }] },
  { name: "分别判处 different terms, 均 one probation and one fine", defendants: ZS_LS,
    text: firstInstance(`被告人张三、李四犯${BX}，分别判处有期徒刑八个月、七个月，均宣告缓刑一年，均并处罚金人民币三千元。`, PARTIES_2),
    want: [{ principal: "fixed-term", termMonths: 8, probationMonths: 12, fineYuan: 3000 }, { principal: "fixed-term", termMonths: 7, probationMonths: 12, fineYuan: 3000 }] },
  { name: "分别判处 different terms, one probation without 均 stays with the last", defendants: ZS_LS,
    text: firstInstance(`被告人张三、李四犯${BX}，分别判处有期徒刑一年、八个月，缓刑一年。`, PARTIES_2),
    want: [{ principal: "fixed-term", termMonths: 12, probationMonths: null }, { principal: "fixed-term", termMonths: 8, probationMonths: 12 }] },
  { name: "以Y罪分别判处被告人A…，判处被告人B…", defendants: ZS_LS,
    text: firstInstance(`以${BX}分别判处被告人张三有期徒刑一年，并处罚金人民币六千元；判处被告人李四拘役四个月，并处罚金人民币二千元。`, PARTIES_2),
    want: [{ principal: "fixed-term", termMonths: 12, fineYuan: 6000, charges: [BX] }, { principal: "detention", termMonths: 4, fineYuan: 2000, charges: [BX] }] },
  { name: "item without role word", defendants: ZS_LS,
    text: firstInstance(`一、被告人张三犯${BX}，判处有期徒刑一年三个月，并处罚金人民币25000元； 二、李四犯${BX}，判处有期徒刑六个月，缓刑一年，并处罚金人民币20000元；`, PARTIES_2),
    want: [{ principal: "fixed-term", termMonths: 15, fineYuan: 25000 }, { principal: "fixed-term", termMonths: 6, probationMonths: 12, fineYuan: 20000 }] },
  { name: "defendant without an item gets nothing", defendants: ZS_LS,
    text: firstInstance(`被告人张三犯${BX}，判处有期徒刑七个月，并处罚金人民币五千元。`, PARTIES_2),
    want: [{ principal: "fixed-term", termMonths: 7, fineYuan: 5000 }, null] },
  { name: "unnamed single defendant", text: firstInstance(`被告人犯${BX}，判处有期徒刑七个月，并处罚金人民币五千元。`),
    want: [{ principal: "fixed-term", termMonths: 7, fineYuan: 5000, charges: [BX] }] },
  { name: "以Y罪判处被告人X", text: firstInstance(`以${BX}判处被告人张三有期徒刑八个月，并处罚金人民币四千元。`),
    want: [{ principal: "fixed-term", termMonths: 8, fineYuan: 4000, charges: [BX] }] },
  { name: "charge containing 、", text: firstInstance(`被告人张三犯掩饰、隐瞒犯罪所得罪，判处有期徒刑一年，并处罚金人民币五千元。`),
    want: [{ principal: "fixed-term", termMonths: 12, fineYuan: 5000, charges: ["掩饰、隐瞒犯罪所得罪"] }] },
  // several counts
  { name: "数罪并罚 with a total fine",
    text: firstInstance(`被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元；犯掩饰、隐瞒犯罪所得罪，判处有期徒刑六个月，并处罚金人民币五千元，决定执行有期徒刑一年三个月，并处罚金人民币一万五千元。`),
    want: [{ principal: "fixed-term", termMonths: 15, fineYuan: 15000, charges: [BX, "掩饰、隐瞒犯罪所得罪"] }] },
  { name: "数罪并罚 without a total fine: the counts' fines add up",
    text: firstInstance(`被告人张三犯诈骗罪，判处有期徒刑三年，并处罚金人民币三万元；犯${BX}，判处有期徒刑八个月，并处罚金人民币五千元。数罪并罚，决定执行有期徒刑三年四个月。`),
    want: [{ principal: "fixed-term", termMonths: 40, fineYuan: 35000, charges: ["诈骗罪", BX] }] },
  { name: "数罪并罚 with 合并执行罚金",
    text: firstInstance(`被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元；犯非法经营罪，判处有期徒刑二年，并处罚金人民币二万元，决定执行有期徒刑二年六个月，合并执行罚金人民币三万元。`),
    want: [{ principal: "fixed-term", termMonths: 30, fineYuan: 30000, charges: [BX, "非法经营罪"] }] },
  { name: "new count joined with an unserved earlier sentence",
    text: firstInstance(`被告人张三犯${BX}，判处有期徒刑八个月，并处罚金人民币二千元，与本院(2019)某0102刑初12号刑事判决所判处尚未执行的有期徒刑七个月，并处罚金人民币二千元，实行数罪并罚，决定执行有期徒刑一年二个月，并处罚金人民币四千元。`),
    want: [{ principal: "fixed-term", termMonths: 14, fineYuan: 4000, charges: [BX] }] },
  { name: "repeated subject per count, 决定执行 after 。",
    text: firstInstance(`被告人张三犯抢劫罪，判处有期徒刑三年，并处罚金人民币三千元；被告人张三犯${BX}，判处有期徒刑一年。决定执行有期徒刑三年六个月，并处罚金人民币三千元。`),
    want: [{ principal: "fixed-term", termMonths: 42, fineYuan: 3000, charges: ["抢劫罪", BX] }] },
  // units
  { name: "unit fined, person sentenced", defendants: [{ name: "某某网络科技有限公司", kind: "unit" }, { name: "张三", kind: "person" }],
    text: firstInstance(`一、被告单位某某网络科技有限公司犯${BX}，判处罚金人民币二十万元。 二、被告人张三犯${BX}，判处有期徒刑一年，缓刑二年，并处罚金人民币二万元。`,
      "被告单位某某网络科技有限公司，住所地某某市某某区。 诉讼代表人王某，该公司员工。 被告人张三，男，1985年1月1日出生，该公司法定代表人。"),
    want: [{ principal: "fine-only", termMonths: null, fineYuan: 200000, charges: [BX] }, { principal: "fixed-term", termMonths: 12, probationMonths: 24, fineYuan: 20000 }] },
  { name: "判处被告单位…罚金", defendants: [{ name: "某某贸易有限公司", kind: "unit" }],
    text: firstInstance(`对被告单位某某贸易有限公司以${BX}判处罚金人民币十万元。`, "被告单位某某贸易有限公司，住所地某某市。"),
    want: [{ principal: "fine-only", fineYuan: 100000, charges: [BX] }] },
  // additional penalties and confiscation
  { name: "没收个人财产 is not a fine", text: firstInstance(`一、被告人张三犯运输毒品罪，判处有期徒刑十五年，剥夺政治权利二年，并处没收个人财产人民币三万元。 二、对涉案毒品予以没收。`),
    want: [{ principal: "fixed-term", termMonths: 180, fineYuan: null, property: true }] },
  { name: "追缴违法所得 with amount", text: firstInstance(`一、被告人张三犯${BX}，判处有期徒刑七个月，并处罚金人民币三千元。 二、追缴被告人张三违法所得人民币五千元，上缴国库。`),
    want: [{ principal: "fixed-term", termMonths: 7, fineYuan: 3000, confiscated: 5000 }] },
  { name: "退缴的违法所得予以没收", text: firstInstance(`一、被告人张三犯${BX}，判处拘役四个月，并处罚金人民币二千元。 二、被告人张三退缴的违法所得人民币1.3万元，予以没收，上缴国库。`),
    want: [{ principal: "detention", termMonths: 4, fineYuan: 2000, confiscated: 13000 }] },
  { name: "seized cards and phones are not money", text: firstInstance(`一、被告人张三犯${BX}，判处有期徒刑六个月，并处罚金人民币二千元。 二、扣押的银行卡、手机予以没收。 三、继续追缴被告人张三的违法所得。`),
    want: [{ principal: "fixed-term", termMonths: 6, fineYuan: 2000, confiscated: null }] },
  { name: "confiscation per defendant", defendants: ZS_LS,
    text: firstInstance(`一、被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元。 二、被告人李四犯${BX}，判处有期徒刑八个月，并处罚金人民币五千元。 三、追缴被告人张三违法所得人民币六千元，被告人李四违法所得人民币二千元，上缴国库。`, PARTIES_2),
    want: [{ principal: "fixed-term", termMonths: 12, confiscated: 6000 }, { principal: "fixed-term", termMonths: 8, confiscated: 2000 }] },
  { name: "acquittal: no sentence", text: firstInstance(`被告人张三无罪。`), want: [null] },
  // appeals and rulings
  { name: "appeal: 驳回上诉，维持原判 with the original quoted as 判决：", instance: "second",
    text: appeal(`依照《中华人民共和国刑法》第二百八十七条之二第一款之规定，判决：一、被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元。二、追缴被告人张三违法所得人民币三千元。`,
      "驳回上诉，维持原判。", undefined, "裁定如下："),
    want: [{ principal: "fixed-term", termMonths: 12, probationMonths: null, fineYuan: 10000, charges: [BX], confiscated: 3000 }] },
  { name: "appeal: 驳回上诉 with 原判以Y罪判处", instance: "second",
    text: appeal(`据此，原判以${BX}判处被告人张三有期徒刑十个月，并处罚金人民币五千元。`, "驳回上诉，维持原判。", undefined, "裁定如下："),
    want: [{ principal: "fixed-term", termMonths: 10, fineYuan: 5000, charges: [BX] }] },
  { name: "appeal: 撤销 the judgment and 改判", instance: "second",
    text: appeal(`遂判决：被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元。`,
      `一、撤销某某市某某区人民法院(2021)某0102刑初345号刑事判决； 二、上诉人(原审被告人)张三犯${BX}，判处有期徒刑八个月，并处罚金人民币四千元。`),
    want: [{ principal: "fixed-term", termMonths: 8, fineYuan: 4000, charges: [BX] }] },
  { name: "appeal: the 撤销 item quotes the old sentence, which is not the new one", instance: "second",
    text: appeal(`判决：被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元。`,
      `一、撤销某某市某某区人民法院(2021)某0102刑初345号刑事判决，即：被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元。 二、上诉人(原审被告人)张三犯${BX}，判处有期徒刑十个月，缓刑一年，并处罚金人民币一万元。`),
    want: [{ principal: "fixed-term", termMonths: 10, probationMonths: 12, fineYuan: 10000 }] },
  { name: "appeal: partial 维持 for one defendant, 改判 for the other", instance: "second", defendants: ZS_LS,
    text: appeal(`判决：一、被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元。二、被告人李四犯${BX}，判处有期徒刑十个月，并处罚金人民币五千元。`,
      `一、维持某某市某某区人民法院(2021)某0102刑初345号刑事判决第一项，即被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元。 二、撤销某某市某某区人民法院(2021)某0102刑初345号刑事判决第二项。 三、上诉人(原审被告人)李四犯${BX}，判处有期徒刑八个月，缓刑一年，并处罚金人民币五千元。`,
      "原审被告人张三，男，1995年3月2日出生。 上诉人(原审被告人)李四，男，1996年5月6日出生。"),
    want: [{ principal: "fixed-term", termMonths: 12, probationMonths: null, fineYuan: 10000, charges: [BX] }, { principal: "fixed-term", termMonths: 8, probationMonths: 12, fineYuan: 5000 }] },
  { name: "appeal: 维持定罪, 撤销量刑 and 改判 without fine: the fine went with the 量刑", instance: "second",
    text: appeal(`判决：被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元。`,
      `一、维持某某市某某区人民法院(2021)某0102刑初345号刑事判决对上诉人张三的定罪部分； 二、撤销某某市某某区人民法院(2021)某0102刑初345号刑事判决对上诉人张三的量刑部分； 三、上诉人张三犯${BX}，判处有期徒刑十个月。`),
    want: [{ principal: "fixed-term", termMonths: 10, fineYuan: null }] },
  { name: "retrial: only the principal is revoked, the fine stands", instance: "retrial",
    text: appeal(`判决：被告人张三犯${BX}，判处有期徒刑一年六个月，并处罚金人民币一万元（已缴纳）。`,
      `一、维持本院(2021)某0102刑初345号刑事判决主文中罚金部分，即被告人张三犯${BX}，并处罚金人民币一万元。 二、撤销本院(2021)某0102刑初345号刑事判决主文中有期徒刑的内容，即被告人张三犯${BX}，判处有期徒刑一年六个月。 三、原审被告人张三犯${BX}，判处有期徒刑一年。`),
    want: [{ principal: "fixed-term", termMonths: 12, fineYuan: 10000, charges: [BX] }] },
  { name: "appeal: the co-defendant who did not appeal keeps the first-instance sentence", instance: "second", defendants: ZS_LS,
    text: appeal(`判决：一、被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元。二、被告人李四犯${BX}，判处拘役五个月，并处罚金人民币三千元。`,
      "驳回上诉人张三的上诉，维持原判。", "上诉人(原审被告人)张三，男。 原审被告人李四，男。", "裁定如下："),
    want: [{ principal: "fixed-term", termMonths: 12, fineYuan: 10000 }, { principal: "detention", termMonths: 5, fineYuan: 3000 }] },
  { name: "appeal: the procedure states the original as 作出…判决，以Y罪判处…", instance: "second", defendants: ZS_LS,
    text: appeal(`宣判后查明，一审法院作出刑事判决，以${BX}判处被告人张三有期徒刑一年，并处罚金人民币一万元；判处被告人李四有期徒刑十个月，并处罚金人民币八千元。`,
      "驳回上诉，维持原判。", "上诉人(原审被告人)张三，男。 原审被告人李四，男。", "裁定如下："),
    want: [{ principal: "fixed-term", termMonths: 12, fineYuan: 10000, charges: [BX] }, { principal: "fixed-term", termMonths: 10, fineYuan: 8000, charges: [BX] }] },
  { name: "appeal: 驳回抗诉 with the original as 认定被告人X犯Y罪，判处…", instance: "second",
    text: appeal(`一审判决认定被告人张三犯${BX}，判处有期徒刑一年，缓刑一年六个月，并处罚金人民币一万元。`, "驳回抗诉，维持原判。", undefined, "裁定如下："),
    want: [{ principal: "fixed-term", termMonths: 12, probationMonths: 18, fineYuan: 10000 }] },
  { name: "appeal: 准许撤回上诉 leaves the first-instance sentence in force", instance: "second",
    text: appeal(`判决：被告人张三犯${BX}，判处拘役五个月，并处罚金人民币三千元。`, "准许上诉人张三撤回上诉。", undefined, "裁定如下："),
    want: [{ principal: "detention", termMonths: 5, fineYuan: 3000 }] },
  { name: "appeal: 发回重审 leaves no sentence in force", instance: "second",
    text: appeal(`判决：被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元。`, "撤销某某市某某区人民法院(2021)某0102刑初345号刑事判决，发回某某市某某区人民法院重新审判。", undefined, "裁定如下："),
    want: [null] },
  { name: "appeal: result paragraphs without numbers, one per line; an 撤销 of a compensation order keeps the sentence", instance: "second",
    text: appeal(`原审法院判决：以${BX}判处被告人张三有期徒刑一年，并处罚金人民币一万元；责令被告人张三退赔被害人损失人民币二万元。`,
      `\n维持某某市某某区人民法院(2021)某0102刑初345号刑事判决第一项，即被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元\n撤销某某市某某区人民法院(2021)某0102刑初345号刑事判决第二项，即“责令被告人张三退赔被害人损失人民币二万元”\n责令上诉人张三退赔被害人损失人民币一万五千元。`),
    want: [{ principal: "fixed-term", termMonths: 12, fineYuan: 10000, charges: [BX] }] },
  { name: "appeal detected by its disposition although the instance is unknown", instance: null,
    text: appeal(`判决：被告人张三犯${BX}，判处有期徒刑八个月，并处罚金人民币四千元。`, "驳回上诉，维持原判。", undefined, "裁定如下："),
    want: [{ principal: "fixed-term", termMonths: 8, fineYuan: 4000 }] },
  { name: "three defendants, 分别判处 lists with 、", defendants: [...ZS_LS, { name: "王五", kind: "person" }],
    text: firstInstance(`被告人张三、李四、王五犯${BX}，分别判处有期徒刑一年、十个月、八个月，并处罚金人民币一万元、八千元、五千元。`, PARTIES_2 + " 被告人王五，女。"),
    want: [{ principal: "fixed-term", termMonths: 12, fineYuan: 10000 }, { principal: "fixed-term", termMonths: 10, fineYuan: 8000 }, { principal: "fixed-term", termMonths: 8, fineYuan: 5000 }] },
  { name: "probation inside a bracket is kept", text: firstInstance(`被告人张三犯${BX}，判处有期徒刑一年（缓刑二年），并处罚金人民币一万元。`),
    want: [{ principal: "fixed-term", termMonths: 12, probationMonths: 24, fineYuan: 10000 }] },
  { name: "违法所得各人民币… gives each the amount", defendants: ZS_LS,
    text: firstInstance(`一、被告人张三犯${BX}，判处有期徒刑一年，并处罚金人民币一万元。 二、被告人李四犯${BX}，判处有期徒刑十个月，并处罚金人民币五千元。 三、追缴被告人张三、李四违法所得各人民币二千元。`, PARTIES_2),
    want: [{ principal: "fixed-term", confiscated: 2000 }, { principal: "fixed-term", confiscated: 2000 }] },
  { name: "a joint amount is not split between defendants", defendants: ZS_LS,
    text: firstInstance(`一、被告人张三、李四犯${BX}，分别判处有期徒刑一年和十个月。 二、追缴被告人张三、李四违法所得人民币四千元。`, PARTIES_2),
    want: [{ principal: "fixed-term", termMonths: 12, confiscated: null }, { principal: "fixed-term", termMonths: 10, confiscated: null }] },
  { name: "first-instance ruling that corrects a clerical error: no sentence", instance: "first",
    text: firstInstance(`本院(2021)某0102刑初345号刑事判决书第三页第五行中的"2019年"应更正为"2020年"。`, undefined, "裁定如下："),
    want: [null] },
];

describe("extractJudgmentResult", () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const defendants = row.defendants ?? ZS;
      const { results } = run(row.text, defendants, row.instance ?? "first");
      expect(results).toHaveLength(defendants.length);
      row.want.forEach((want, i) => {
        const r = results[i];
        if (want === null) {
          expect(r.sentence).toBeNull();
          expect(r.charges).toEqual([]);
          return;
        }
        const got = sentenceValues(r.sentence);
        expect(got).not.toBeNull();
        expect(got!.principal).toBe(want.principal);
        if (want.termMonths !== undefined) expect(got!.termMonths).toBe(want.termMonths);
        if (want.probationMonths !== undefined) expect(got!.probationMonths).toBe(want.probationMonths);
        if (want.fineYuan !== undefined) expect(got!.fineYuan).toBe(want.fineYuan);
        if (want.property !== undefined) expect(got!.confiscationOfProperty).toBe(want.property);
        if (want.charges !== undefined) expect(r.charges.map((c) => c.name.value)).toEqual(want.charges);
        if (want.confiscated !== undefined) expect(r.confiscated?.value.yuan ?? null).toBe(want.confiscated);
      });
    });
  }
});

describe("evidence", () => {
  it("points at the phrase each value was read from", () => {
    const { results, view } = run(firstInstance(`被告人张三犯${BX}，判处有期徒刑一年又六个月，缓刑二年，并处罚金人民币一万元。`), ZS, "first");
    const s = results[0].sentence!;
    expect(view.slice(s.principal!.start, s.principal!.end)).toBe("有期徒刑一年又六个月");
    expect(s.principal!.rule).toBe("zh.sentence.principal.fixed-term");
    expect(view.slice(s.termMonths!.start, s.termMonths!.end)).toContain("一年又六个月");
    expect(view.slice(s.probationMonths!.start, s.probationMonths!.end)).toBe("缓刑二年");
    expect(s.probationMonths!.rule).toMatch(/^zh\.sentence\.probation\./);
    expect(view.slice(s.fineYuan!.start, s.fineYuan!.end)).toContain("罚金人民币一万元");
    expect(s.fineYuan!.rule).toMatch(/^zh\.sentence\.fine\./);
    expect(s.confiscationOfProperty).toMatchObject({ value: false, rule: "zh.sentence.no-property-confiscation" });
    expect(view.slice(results[0].charges[0].name.start, results[0].charges[0].name.end)).toBe(BX);
  });

  it("marks a fine summed from the counts", () => {
    const { results } = run(firstInstance(`被告人张三犯诈骗罪，判处有期徒刑三年，并处罚金人民币三万元；犯${BX}，判处有期徒刑八个月，并处罚金人民币五千元。数罪并罚，决定执行有期徒刑三年四个月。`), ZS, "first");
    expect(results[0].sentence!.fineYuan).toMatchObject({ value: 35000, rule: "zh.sentence.fine.sum-of-counts" });
    expect(results[0].charges.map((c) => sentenceValues(c.sentence)?.termMonths)).toEqual([36, 8]);
  });

  it("every rule id is zh.sentence.*", () => {
    const { results } = run(firstInstance(`一、被告人张三犯${BX}，判处有期徒刑七个月，并处罚金人民币三千元。 二、追缴被告人张三违法所得人民币五千元。`), ZS, "first");
    const s = results[0].sentence!;
    for (const f of [s.principal, s.termMonths, s.fineYuan, s.confiscationOfProperty, results[0].confiscated, results[0].charges[0].name]) {
      expect(f!.rule).toMatch(/^zh\.sentence\./);
    }
  });
});

describe("helpers", () => {
  it("extractCaseCharges lists each charge once, in order", () => {
    const { results } = run(firstInstance(`一、被告人张三犯诈骗罪，判处有期徒刑三年，并处罚金人民币三万元；犯${BX}，判处有期徒刑八个月，并处罚金人民币五千元，决定执行有期徒刑三年四个月，并处罚金人民币三万五千元。 二、被告人李四犯${BX}，判处有期徒刑六个月，并处罚金人民币二千元。`, PARTIES_2), ZS_LS, "first");
    expect(extractCaseCharges(results)).toEqual(["诈骗罪", BX]);
  });

  it("workingText keeps offsets and blanks note brackets only", () => {
    const s = "判处有期徒刑七个月（刑期自2021年1月1日起至2021年7月31日止），被告单位某某(上海)有限公司";
    const w = workingText(s);
    expect(w).toHaveLength(s.length);
    expect(w).not.toContain("2021");
    expect(w).toContain("某某(上海)有限公司");
  });

  it("no judgment section or no defendants: empty results", () => {
    expect(extractJudgmentResult("没有判决的文字。", [], ZS, "first")).toEqual([{ charges: [], sentence: null, confiscated: null }]);
    const text = firstInstance(`被告人张三犯${BX}，判处有期徒刑七个月。`);
    const view = normalizeText(text);
    expect(extractJudgmentResult(view.text, segmentSections(view.text), [], "first")).toEqual([]);
  });
});
