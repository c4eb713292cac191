/**
 * Case-level pattern tables (Chinese): case number, court, document type, instance,
 * procedure, province. Each row: id, regex, what a match yields.
 */
import type { RuleRow } from "../../engine.js";

/** (2017)沪0120刑初684号, (2014)济刑初字第192号, (2014)鄂江汉刑初字第00518号, (2022)京01刑初2号 */
export const CASE_NUMBER_ROWS: RuleRow<null>[] = [
  { id: "zh.case.number", re: String.raw`\((?:19|20)\d{2}\)[\u4e00-\u9fffA-Za-z\d]{0,16}?[刑执][\u4e00-\u9fff\d]{0,8}?\d+号`, yields: null },
];

/** Court names: a run of CJK characters ending in 法院 (the header usually starts with it). */
export const COURT_ROWS: RuleRow<null>[] = [
  { id: "zh.case.court", re: String.raw`[\u4e00-\u9fff]{2,30}?(?:人民法院|军事法院|铁路运输法院|铁路运输中级法院|海事法院|互联网法院|知识产权法院|林区法院|农垦法院|兵团[\u4e00-\u9fff]{0,10}法院)`, yields: null },
];

/** Words that precede the court name in a title line and are not part of it. */
export const COURT_PREFIX_TRIM = /^.*?(?:判决书|裁定书|决定书|调解书|通知书|刑事|一审|二审|再审|案件|书)(?=[\u4e00-\u9fff]{2,}法院$)/;

export type CourtLevel = "basic" | "intermediate" | "high" | "supreme";
export const COURT_LEVEL_ROWS: RuleRow<CourtLevel>[] = [
  { id: "zh.case.level.supreme", re: /^最高人民法院$/, yields: "supreme" },
  { id: "zh.case.level.high", re: /高级人民法院$/, yields: "high" },
  { id: "zh.case.level.intermediate", re: /(?:中级人民法院|铁路运输中级法院|知识产权法院|海事法院)$/, yields: "intermediate" },
  { id: "zh.case.level.basic", re: /(?:人民法院|法院)$/, yields: "basic" },
];

export type DocType = "judgment" | "ruling" | "other";
export const DOC_TYPE_ROWS: RuleRow<DocType>[] = [
  { id: "zh.case.doctype.judgment", re: /刑事(?:附带民事)?判决书|判决书/, yields: "judgment" },
  { id: "zh.case.doctype.ruling", re: /刑事(?:附带民事)?裁定书|裁定书/, yields: "ruling" },
  { id: "zh.case.doctype.other", re: /决定书|调解书|通知书/, yields: "other" },
];
/** When the title is lost: the phrase that introduces the result. */
export const DOC_TYPE_FROM_RESULT_ROWS: RuleRow<DocType>[] = [
  { id: "zh.case.doctype.from-result.judgment", re: /判决如下/, yields: "judgment" },
  { id: "zh.case.doctype.from-result.ruling", re: /裁定如下/, yields: "ruling" },
];

export type Instance = "first" | "second" | "retrial" | "other";
/** From the case-number code; the order matters: 刑再 / 刑监 before the generic first/second codes. */
export const INSTANCE_FROM_NUMBER_ROWS: RuleRow<Instance>[] = [
  { id: "zh.case.instance.retrial", re: /刑(?:再|提|监再)/, yields: "retrial" },
  { id: "zh.case.instance.other", re: /刑(?:监|申|更|执|他|赔|核|复)/, yields: "other" },
  { id: "zh.case.instance.second", re: /刑[一二三]?终/, yields: "second" },
  { id: "zh.case.instance.first", re: /刑[一二三]?初/, yields: "first" },
];
/** When the case number does not say: the title or the parties. */
export const INSTANCE_FROM_TEXT_ROWS: RuleRow<Instance>[] = [
  { id: "zh.case.instance.text.retrial", re: /再审(?:刑事)?(?:判决书|裁定书)|再审一案/, yields: "retrial" },
  { id: "zh.case.instance.text.second", re: /二审(?:刑事)?(?:判决书|裁定书)|上诉人\(原审被告人\)|原审被告人|驳回上诉|维持原判/, yields: "second" },
  { id: "zh.case.instance.text.first", re: /一审(?:刑事)?(?:判决书|裁定书)|公诉机关|提起公诉/, yields: "first" },
];

export type Procedure = "ordinary" | "summary" | "expedited";
/**
 * Procedure mentions. The last mention in the procedural history wins (a case "适用简易程序，后转为普通程序"
 * ends ordinary); negations are listed first so that they win over the phrase they contain.
 */
export const PROCEDURE_ROWS: RuleRow<Procedure>[] = [
  { id: "zh.case.procedure.not-summary", re: /(?:不宜|不适宜|不适用|不能适用|不应适用|不符合)(?:适用)?简易程序/, yields: "ordinary" },
  { id: "zh.case.procedure.not-expedited", re: /(?:不宜|不适宜|不适用|不能适用|不应适用|不符合)(?:适用)?速裁程序/, yields: "ordinary" },
  { id: "zh.case.procedure.to-ordinary", re: /(?:转为|变更为|改为|转换为|转)(?:适用)?普通程序/, yields: "ordinary" },
  { id: "zh.case.procedure.to-summary", re: /(?:转为|变更为|改为|转换为)(?:适用)?简易程序/, yields: "summary" },
  { id: "zh.case.procedure.expedited", re: /速裁程序/, yields: "expedited" },
  { id: "zh.case.procedure.summary", re: /简易程序/, yields: "summary" },
  { id: "zh.case.procedure.ordinary", re: /普通程序/, yields: "ordinary" },
];
/** Only when no procedure is named: the bench tells it (合议庭 = ordinary, 独任审判 = summary). */
export const PROCEDURE_FALLBACK_ROWS: RuleRow<Procedure>[] = [
  { id: "zh.case.procedure.collegial-panel", re: /合议庭/, yields: "ordinary" },
  { id: "zh.case.procedure.sole-judge", re: /独任审判/, yields: "summary" },
];

/** Provinces by full name prefix of a court name. */
export const PROVINCES = [
  "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省",
  "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省",
  "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区",
  "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区",
] as const;

/** Province abbreviations used in case numbers since 2016 ((2021)川0106刑初123号). */
export const PROVINCE_ABBREVIATIONS: Record<string, string> = {
  京: "北京市", 津: "天津市", 沪: "上海市", 渝: "重庆市", 冀: "河北省", 晋: "山西省", 辽: "辽宁省", 吉: "吉林省",
  黑: "黑龙江省", 苏: "江苏省", 浙: "浙江省", 皖: "安徽省", 闽: "福建省", 赣: "江西省", 鲁: "山东省", 豫: "河南省",
  鄂: "湖北省", 湘: "湖南省", 粤: "广东省", 琼: "海南省", 川: "四川省", 贵: "贵州省", 黔: "贵州省", 云: "云南省",
  滇: "云南省", 陕: "陕西省", 甘: "甘肃省", 青: "青海省", 蒙: "内蒙古自治区", 桂: "广西壮族自治区", 藏: "西藏自治区",
  宁: "宁夏回族自治区", 新: "新疆维吾尔自治区", 兵: "新疆维吾尔自治区",
};
/** The province code sits right after the year in new-style numbers: (2021)川0106刑初123号. */
export const PROVINCE_CODE_IN_NUMBER = /^\(\d{4}\)([\u4e00-\u9fff])\d{2,4}刑/;

/** Judgment date: a full date in the signature block, Chinese numerals or digits. */
export const JUDGMENT_DATE_SRC = String.raw`(?:[〇零一二三四五六七八九]{4}|\d{4})\s?年\s?(?:[一二三四五六七八九十]{1,2}|\d{1,2})\s?月\s?(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s?日`;
