import { describe, expect, it } from "vitest";
import { normalizeText } from "../pipeline/stages/normalize.js";
import { segmentSections } from "../pipeline/stages/sections.js";
import { splitDefendantBlocks } from "../pipeline/stages/defendants.js";
import { ageAt, extractPartyFacts, findRecidivistInReasoning, type PartyFacts } from "../extractors/party.js";
import type { Found } from "../extractors/engine.js";

// Invented defendant paragraphs modelled on the phrasing of published judgments.

const HEAD = "某某市某某区人民法院 刑事判决书 (2021)某0101刑初9号 公诉机关某某市某某区人民检察院。";
const PROCEDURE = "某某市某某区人民检察院以某检刑诉(2021)8号起诉书指控被告人犯罪，于2021年5月6日向本院提起公诉。本院依法组成合议庭审理了本案。";

function partyDoc(...paragraphs: string[]): { text: string; facts: PartyFacts[] } & { judgmentDate?: string } {
  const view = normalizeText([HEAD, ...paragraphs, PROCEDURE].join(" "));
  const blocks = splitDefendantBlocks(view.text, segmentSections(view.text));
  return { text: view.text, facts: blocks.map((b) => extractPartyFacts(view.text, b, "2017-06-28")) };
}

function factsOf(paragraph: string): { text: string; f: PartyFacts } {
  const { text, facts } = partyDoc(paragraph);
  expect(facts).toHaveLength(1);
  return { text, f: facts[0] };
}

interface Expected {
  gender?: "male" | "female" | null;
  birthDate?: string | null;
  age?: number | null;
  ethnicity?: string | null;
  education?: string | null;
  occupation?: string | null;
  occupationRaw?: string;
  residence?: string | null;
  recidivist?: boolean;
  priorConviction?: boolean;
  priorAdministrativePenalty?: boolean;
  custody?: [string, string | null][];
}

/** The evidence span must show the words the value was read from. */
function expectEvidence(text: string, found: Found<unknown> | null, words: RegExp | string): void {
  expect(found).not.toBeNull();
  const span = text.slice(found!.start, found!.end);
  if (typeof words === "string") expect(span).toContain(words);
  else expect(span).toMatch(words);
}

const CASES: [string, string, Expected][] = [
  // gender, birth date, ethnicity, residence
  ["basic paragraph", "被告人张3，女，1975年4月16日出生，汉族，户籍地上海市奉贤区，暂住地上海市奉贤区。",
    { gender: "female", birthDate: "1975-04-16", age: 42, ethnicity: "汉族", education: null, occupation: null, residence: "上海市奉贤区",
      recidivist: false, priorConviction: false, priorAdministrativePenalty: false, custody: [] }],
  ["男性 and 出生于 + date", "被告人王某，男性，出生于1975年7月1日，回族，住某某省某某县。", { gender: "male", birthDate: "1975-07-01", age: 41, ethnicity: "回族", residence: "某某省某某县" }],
  ["日生", "被告人王某，男，2000年6月14日生，土家族，初中文化。", { birthDate: "2000-06-14", ethnicity: "土家族", education: "junior-high" }],
  ["生于 after ethnicity", "被告人李某，男，汉族，生于1967年12月23日，户籍所在地四川省某县，初中文化，农村居民。",
    { birthDate: "1967-12-23", education: "junior-high", occupation: "farmer", residence: "四川省某县" }],
  ["birth date then birthplace", "被告人牟某甲，男，1987年8月17日出生于四川省自贡市，汉族，小学文化。", { birthDate: "1987-08-17", education: "primary" }],
  ["出生于 + place is a birthplace", "被告人熊某，男，出生于湖南省长沙市，汉族，无业。", { gender: "male", birthDate: null, age: null, occupation: "unemployed" }],
  ["age is not a birth date", "被告人赵某，男，现年35岁，汉族，务农。", { birthDate: null, occupation: "farmer" }],
  ["age with bracketed birth date", "被告人张某，男，28岁(1989年1月4日出生)，大专文化，北京某某公司法人。",
    { birthDate: "1989-01-04", education: "junior-college", occupation: "employee" }],
  ["masked day and month", "被告人吴某，男，1990年**月**日出生，维吾尔族。", { birthDate: "1990", age: null, ethnicity: "维吾尔族" }],
  ["masked day", "被告人吴某，女，1990年5月**日出生，朝鲜族。", { gender: "female", birthDate: "1990-05", age: 27, ethnicity: "朝鲜族" }],
  ["masked day in the judgment's month", "被告人吴某，女，1990年6月**日出生。", { birthDate: "1990-06", age: null }],
  ["masked relative dates keep their precision", "被告人王某，男，1990年**月**日出生。因涉嫌犯帮助信息网络犯罪活动罪于2022年**月**日被刑事拘留，同年**月**日被逮捕。",
    { birthDate: "1990", age: null, custody: [["criminal-detention", "2022"], ["arrest", "2022"]] }],
  ["年 dropped", "被告人姜某，女，19897月30日出生，汉族。因涉嫌犯帮助信息网络犯罪活动罪于20219月3日被刑事拘留，同年9月30日被取保候审。",
    { birthDate: "1989-07-30", custody: [["criminal-detention", "2021-09-03"], ["bail", "2021-09-30"]] }],
  ["a birth date is no anchor for 同年", "被告人姜某，女，1989年7月30日出生。因本案被刑事拘留，同年9月30日被取保候审。",
    { custody: [["criminal-detention", null], ["bail", null]] }],
  ["masked day, same month", "被告人李某某，女。因涉嫌犯帮助信息网络犯罪活动罪于2022年5月**日被刑事拘留，同月**日被取保候审。",
    { custody: [["criminal-detention", "2022-05"], ["bail", "2022-05"]] }],
  ["Chinese-numeral birth date", "被告人孙某，男，一九八八年三月五日出生，汉族。", { birthDate: "1988-03-05", age: 29 }],
  ["bare date after the gender", "被告人孙某，男，1988年3月5日，汉族，无业。", { birthDate: "1988-03-05" }],
  ["registered birth date in brackets", "被告人自报韩某，男，1990年10月9日(户籍登记为1989年11月29日)出生于安徽省阜南县，汉族，户籍所在地安徽省阜南县某镇。",
    { birthDate: "1990-10-09", residence: "安徽省阜南县某镇" }],
  ["民族 label without 族", "被告人马某，男，民族：回，高中文化。", { ethnicity: "回族", education: "senior-high" }],
  ["no ethnicity from an autonomous county", "被告人杨某，男，1972年12月20日出生，初中文化，无业，户籍地贵州省松桃苗族自治县。",
    { ethnicity: null, residence: "贵州省松桃苗族自治县", occupation: "unemployed" }],
  ["户籍地： with colon, domicile ignored", "被告人李某，男，1958年9月13日出生于天津市，汉族，初中文化，无业，户籍地：天津市北辰区，现住地：天津市河北区。",
    { residence: "天津市北辰区" }],
  ["住 only", "被告人陈某，男，1966年4月13日出生，汉族，小学文化，农民，住贺州市八步区。", { residence: "贺州市八步区", occupation: "farmer" }],
  ["暂住 is not residence", "被告人钟某，男，1981年11月26日出生，在厦门市暂住集美区。", { residence: null }],
  ["户籍 wins over an earlier 住", "被告人万某，女，1994年9月2日出生，汉族，大专文化程度，某某生活服务有限公司员工，住武汉市江汉区，户籍所在地湖北省来凤县。",
    { residence: "湖北省来凤县", education: "junior-college", occupation: "employee", occupationRaw: "某某生活服务有限公司员工" }],
  // education phrasings
  ["文化程度初中", "被告人严某，男，汉族，文化程度初中，无固定职业。", { education: "junior-high", occupation: "unemployed" }],
  ["初中文化程度", "被告人吴某，男，汉族，初中文化程度，农民。", { education: "junior-high" }],
  ["初级中学", "被告人吴某，男，汉族，初级中学毕业。", { education: "junior-high" }],
  ["初中肄业文化", "被告人刘某，男，汉族，初中肄业文化，无业。", { education: "junior-high" }],
  ["文盲", "被告人魏某，男，汉族，文盲，无业。", { education: "none" }],
  ["未上学", "被告人魏某，男，汉族，未上学，无业。", { education: "none" }],
  ["不识字", "被告人魏某，女，汉族，不识字。", { education: "none" }],
  ["小学肄业", "被告人王某，男，汉族，小学肄业，无业。", { education: "primary" }],
  ["高中肄业", "被告人王某，男，汉族，高中肄业，务工。", { education: "senior-high", occupation: "worker" }],
  ["中专学历", "被告人王某，男，汉族，中专学历，无业。", { education: "vocational-secondary" }],
  ["职高文化", "被告人王某，男，汉族，职高文化，无业。", { education: "vocational-secondary" }],
  ["技校毕业", "被告人王某，男，汉族，技校毕业，工人。", { education: "vocational-secondary", occupation: "worker" }],
  ["职业高中", "被告人王某，男，汉族，职业高中文化，学生。", { education: "vocational-secondary", occupation: "student" }],
  ["专科文化", "被告人董某，男，汉族，专科文化，户籍所在地四川省中江县。", { education: "junior-college" }],
  ["大学文化", "被告人熊某，男，汉族，大学文化，无业。", { education: "bachelor" }],
  ["大学本科文化", "被告人刘某，男，汉族，大学本科文化，某公司经理。", { education: "bachelor", occupation: "employee" }],
  ["本科学历", "被告人刘某，男，汉族，本科学历。", { education: "bachelor" }],
  ["硕士研究生", "被告人刘某，男，汉族，硕士研究生学历，某某大学教师。", { education: "postgraduate", occupation: "other" }],
  ["博士", "被告人刘某，女，汉族，博士研究生，医生。", { education: "postgraduate", occupation: "other" }],
  ["具有…文化", "被告人刘某，女，汉族，具有初中文化，个体经营。", { education: "junior-high", occupation: "self-employed" }],
  ["no education in an address", "被告人刘某，男，汉族，住某某县某某小学宿舍。", { education: null }],
  // occupation borderlines
  ["无固定职业", "被告人王某，男，汉族，小学文化，无固定职业。", { occupation: "unemployed", occupationRaw: "无固定职业" }],
  ["无职业", "被告人王某，男，汉族，无职业。", { occupation: "unemployed" }],
  ["在某地无业", "被告人孙某，男，高中文化，户籍地黑龙江省，在深圳市无业，暂住深圳市南山区。", { occupation: "unemployed", occupationRaw: "在深圳市无业" }],
  ["务农", "被告人王某，男，汉族，在家务农。", { occupation: "farmer" }],
  ["打工", "被告人王某，男，汉族，在外打工。", { occupation: "worker" }],
  ["劳务人员", "被告人吴某1，男，2001年3月17日出生，汉族，初中文化，劳务人员。", { occupation: "worker" }],
  ["装卸工", "被告人姜某，男，汉族，初中文化，某某物流装卸工。", { occupation: "worker" }],
  ["个体工人", "被告人姜某，男，汉族，个体工人。", { occupation: "worker" }],
  ["农民工", "被告人姜某，男，汉族，农民工。", { occupation: "worker" }],
  ["职员", "被告人姜某，男，汉族，公司职员。", { occupation: "employee" }],
  ["company post", "被告人胡某，男，汉族，高中文化，原系某某天然气有限公司管线所组别主任，户籍地武汉市。", { occupation: "employee" }],
  ["法定代表人", "被告人平某，男，汉族，系某某检测有限公司法定代表人。", { occupation: "employee" }],
  ["employer's name with 果农", "被告人李某，男，汉族，中专文化，某某老果农农业发展有限公司员工。", { occupation: "employee" }],
  ["个体户", "被告人吴某，男，满族，初中文化，个体户。", { occupation: "self-employed" }],
  ["个体工商户", "被告人王某，男，汉族，个体工商户。", { occupation: "self-employed" }],
  ["经商", "被告人赖某，男，汉族，小学文化，经商，住福建省平和县。", { occupation: "self-employed", residence: "福建省平和县" }],
  ["经营", "被告人赵某，男，汉族，经营一家烧烤店。", { occupation: "self-employed" }],
  ["在校学生", "被告人盛某，男，汉族，大学文化，在校学生。", { occupation: "student", education: "bachelor" }],
  ["公务员", "被告人王某，男，汉族，大学文化，公务员。", { occupation: "civil-servant" }],
  ["government post", "被告人王某某，原系某某市人力资源和社会保障局某某处处长。", { occupation: "civil-servant" }],
  ["事业单位", "被告人王某，男，汉族，大学文化，某某县事业单位工作人员。", { occupation: "civil-servant" }],
  ["户籍： and 现住地：", "被告人王某，男，汉族，户籍：湖南省某县，现住地：广东省某市。", { residence: "湖南省某县" }],
  ["现住地 alone", "被告人王某，男，汉族，现住地：广东省某市。", { residence: "广东省某市" }],
  ["司机", "被告人柯某，男，汉族，初中文化，司机。", { occupation: "other", occupationRaw: "司机" }],
  ["delivery rider (drives for a living, like a driver)", "被告人孙某，男，汉族，中专肄业，外卖骑手。", { occupation: "other", occupationRaw: "外卖骑手" }],
  ["厨师", "被告人柯某，男，汉族，厨师。", { occupation: "other" }],
  ["保安", "被告人柯某，男，汉族，保安。", { occupation: "other" }],
  ["political status is not an occupation", "被告人冯某，男，1975年5月12日出生，汉族，高中文化，群众，籍贯：广东省佛冈县。", { occupation: null }],
  ["alias bracket is not an occupation", "被告人姜某(绰号大学生)，男，汉族，初中文化，无业。", { occupation: "unemployed" }],
  ["occupation before education", "被告人宋某，群众，农民。", { occupation: "farmer", gender: null }],
  // prior record
  ["recidivist in the paragraph", "被告人朱某，男，汉族。曾因犯盗窃罪于2007年1月29日被本院判处有期徒刑十年，2013年1月21日刑满释放，系累犯。因涉嫌犯贩卖毒品罪于2016年11月11日被刑事拘留，同年12月15日被逮捕。",
    { recidivist: true, priorConviction: true, priorAdministrativePenalty: false, custody: [["criminal-detention", "2016-11-11"], ["arrest", "2016-12-15"]] }],
  ["administrative penalties", "被告人魏某，男，汉族，文盲，无业。因盗窃于2006年被劳动教养一年六个月；因盗窃于2012年11月被行政拘留十五日。2013年8月5日因涉嫌盗窃罪被刑事拘留，同年9月6日被逮捕。",
    { priorConviction: false, priorAdministrativePenalty: true, custody: [["criminal-detention", "2013-08-05"], ["arrest", "2013-09-06"]] }],
  ["罚款", "被告人卢某，无业。因赌博于2010年8月29日被某某县公安局决定罚款人民币200元。因本案分别于2018年5月7日、6月27日被取保候审，同年8月3日被逮捕。",
    { priorAdministrativePenalty: true, custody: [["bail", "2018-05-07"], ["bail", "2018-06-27"], ["arrest", "2018-08-03"]] }],
  ["this case's administrative detention is not a prior record", "被告人董某，男，汉族。2018年3月14日因本案被某某分局决定行政拘留十二日，2018年3月23日因涉嫌交通肇事罪被某某分局刑事拘留，同年4月4日被逮捕。",
    { priorAdministrativePenalty: false, custody: [["criminal-detention", "2018-03-23"], ["arrest", "2018-04-04"]] }],
  ["单处罚金 is a conviction", "被告人陈某，男，汉族。2013年5月25日因犯故意毁坏财物罪被单处罚金人民币三千元。因本案于2018年11月8日被刑事拘留，同月20日被逮捕。",
    { priorConviction: true, custody: [["criminal-detention", "2018-11-08"], ["arrest", "2018-11-20"]] }],
  // custody chains
  ["同年 relative date", "被告人甲某，男。于2017年4月28日因涉嫌诈骗罪被刑事拘留，同年5月5日被逮捕。现羁押于某某看守所。",
    { custody: [["criminal-detention", "2017-04-28"], ["arrest", "2017-05-05"]] }],
  ["羁押 then 次日", "被告人燕某。因强奸嫌疑，于2015年12月15日被羁押，于次日被刑事拘留，于2015年12月30日被逮捕。",
    { custody: [["criminal-detention", "2015-12-16"], ["arrest", "2015-12-30"]] }],
  ["次日 across a month end", "被告人甲某，男。因本案于2016年1月31日被抓获，次日被刑事拘留，同月28日被取保候审。",
    { custody: [["criminal-detention", "2016-02-01"], ["bail", "2016-02-28"]] }],
  ["同日 / 当日", "被告人甲某，男。因本案于2017年9月19日被羁押，同日被刑事拘留，2017年10月19日经某某区人民检察院批准逮捕，当日由公安机关执行逮捕。",
    { custody: [["criminal-detention", "2017-09-19"], ["arrest", "2017-10-19"]] }],
  ["date only before 因涉嫌", "被告人雷某，男，汉族。2018年3月17日，因涉嫌危险驾驶罪被取保候审。", { custody: [["bail", "2018-03-17"]] }],
  ["month-day without a year", "被告人焦某，男。因涉嫌犯虚假诉讼罪于2017年6月25日被某某市公安局刑事拘留，8月1日被逮捕，同年10月19日被取保候审。",
    { custody: [["criminal-detention", "2017-06-25"], ["arrest", "2017-08-01"], ["bail", "2017-10-19"]] }],
  ["监视居住 and 指定居所监视居住", "被告人李某，男。因涉嫌故意伤害罪，于2017年5月27日被刑事拘留，于2017年5月29日被指定居所监视居住，于2017年6月19日被刑事拘留。",
    { custody: [["criminal-detention", "2017-05-27"], ["residential-surveillance", "2017-05-29"], ["criminal-detention", "2017-06-19"]] }],
  ["释放 then bail", "被告人刘某某，男。因涉嫌犯危险驾驶罪于2015年5月21日被刑事拘留，同年5月24日释放，次日被取保候审。",
    { custody: [["criminal-detention", "2015-05-21"], ["released", "2015-05-24"], ["bail", "2015-05-25"]] }],
  ["measures listed with 和", "被告人朱某某，男。因吸食毒品，于2017年3月9日被行政拘留十五日，因涉嫌犯贩卖毒品罪，分别于同年3月16日、3月30日被刑事拘留和逮捕。",
    { priorAdministrativePenalty: true, custody: [["criminal-detention", "2017-03-16"], ["arrest", "2017-03-30"]] }],
  ["a prior case's custody is not this case's", "被告人史某，男。曾因涉嫌盗窃，于2010年11月5日被某某分局刑事拘留，同年11月12日被取保候审；曾因犯盗窃罪，于2012年7月18日被判处有期徒刑四年，2015年1月1日刑满释放。因涉嫌犯盗窃罪，于2017年9月28日被刑事拘留，同年9月30日被逮捕。",
    { priorConviction: true, custody: [["criminal-detention", "2017-09-28"], ["arrest", "2017-09-30"]] }],
  ["comma chain after a prior sentence", "被告人董某，男，住济南市历城区，2013年8月29日因犯盗窃罪被判处有期徒刑一年，2013年12月6日刑满释放，因涉嫌犯贩卖毒品罪于2016年7月1日被刑事拘留，同年7月26日被逮捕，现羁押于济南市看守所。",
    { priorConviction: true, residence: "济南市历城区", custody: [["criminal-detention", "2016-07-01"], ["arrest", "2016-07-26"]] }],
  ["a measure not executed is not custody", "被告人丁某，男。因涉嫌犯贩卖毒品罪于2016年9月1日被监视居住，本院于2016年11月17日决定对其予以逮捕，公安机关以其系病重父亲的唯一赡养人，不能执行逮捕为由，未予收押。",
    { custody: [["residential-surveillance", "2016-09-01"], ["arrest", "2016-11-17"]] }],
  ["批准逮捕 then 执行逮捕 is one arrest", "被告人王某1，男。2016年11月19日因涉嫌诈骗罪被刑事拘留，同年12月21日经某某市人民检察院批准逮捕，并由某某市公安局执行逮捕。",
    { custody: [["criminal-detention", "2016-11-19"], ["arrest", "2016-12-21"]] }],
  ["被抓获 and 被羁押 are not custody kinds; no date", "被告人甲某，男。因本案被抓获并羁押，后被取保候审。", { custody: [["bail", null]] }],
  ["拘留 alone in a criminal context", "被告人朱某，男。因涉嫌犯贩卖毒品罪，于2016年8月10日被拘留，同年9月12日被逮捕；因吸毒于2014年9月13日被治安拘留十四日。",
    { priorAdministrativePenalty: true, custody: [["criminal-detention", "2016-08-10"], ["arrest", "2016-09-12"]] }],
];

describe("extractPartyFacts", () => {
  it.each(CASES)("%s", (_label, paragraph, exp) => {
    const { text, f } = factsOf(paragraph);
    if ("gender" in exp) expect(f.gender?.value ?? null).toBe(exp.gender);
    if (exp.gender) expectEvidence(text, f.gender, exp.gender === "male" ? "男" : "女");
    if ("birthDate" in exp) expect(f.birthDate?.value ?? null).toBe(exp.birthDate);
    if (exp.birthDate) expectEvidence(text, f.birthDate, /出生|生|\d{4}|一九/);
    if ("age" in exp) expect(f.ageAtJudgment?.value ?? null).toBe(exp.age);
    if (exp.age !== undefined && exp.age !== null) {
      expect(f.ageAtJudgment!.rule).toBe("zh.party.age.derived");
      expect([f.ageAtJudgment!.start, f.ageAtJudgment!.end]).toEqual([f.birthDate!.start, f.birthDate!.end]);
    }
    if ("ethnicity" in exp) expect(f.ethnicity?.value ?? null).toBe(exp.ethnicity);
    if (exp.ethnicity) expectEvidence(text, f.ethnicity, exp.ethnicity.replace(/族$/, ""));
    if ("education" in exp) expect(f.education?.value ?? null).toBe(exp.education);
    if (exp.education) expectEvidence(text, f.education, /文盲|上学|识字|小学|初|高中|中专|职高|职业高中|技校|专科|大专|大学|本科|研究生|硕士|博士/);
    if ("occupation" in exp) expect(f.occupation?.value.code ?? null).toBe(exp.occupation);
    if (exp.occupationRaw !== undefined) expect(f.occupation?.value.raw).toBe(exp.occupationRaw);
    if (f.occupation !== null) expect(text.slice(f.occupation.start, f.occupation.end)).toBe(f.occupation.value.raw);
    if ("residence" in exp) expect(f.residence?.value ?? null).toBe(exp.residence);
    if (exp.residence) expectEvidence(text, f.residence, exp.residence);
    for (const key of ["recidivist", "priorConviction", "priorAdministrativePenalty"] as const) {
      if (key in exp) expect(f.priorRecord[key].value).toBe(exp[key]);
      if (exp[key]) expectEvidence(text, f.priorRecord[key], /累犯|判|刑满|罚金|拘留|劳动教养|罚款/);
    }
    if (exp.custody !== undefined) {
      expect(f.custody.map((c) => [c.value.kind, c.value.date])).toEqual(exp.custody);
      for (const c of f.custody) expectEvidence(text, c, /拘留|逮捕|取保候审|监视居住|释放/);
    }
  });

  it("reads nothing but the name for a unit", () => {
    const { facts } = partyDoc("被告单位某某网络科技有限公司，住所地某某市某某区，法定代表人张某，男，1980年1月1日出生。", "诉讼代表人李某，男，该公司员工。");
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({ kind: "unit", gender: null, birthDate: null, occupation: null, custody: [] });
    expect(facts[0].priorRecord.recidivist).toMatchObject({ value: false, rule: "zh.party.prior.unit" });
    expect(facts[0].name.value).toBe("某某网络科技有限公司");
  });

  it("never lets one defendant's facts leak into another's", () => {
    const { facts } = partyDoc(
      "被告人甲某，男，1990年1月1日出生，汉族，大学文化，公司职员，户籍地某某市。曾因犯盗窃罪被判处有期徒刑一年。因本案于2021年1月1日被刑事拘留。",
      "辩护人丙某，律师。",
      "被告人乙某。",
    );
    expect(facts.map((f) => f.name.value)).toEqual(["甲某", "乙某"]);
    expect(facts[1]).toMatchObject({ gender: null, birthDate: null, ethnicity: null, education: null, occupation: null, residence: null, custody: [] });
    expect(facts[1].priorRecord.priorConviction.value).toBe(false);
    expect(facts[0].priorRecord.priorConviction.value).toBe(true);
  });

  it("gives a mention-only defendant its name and nothing else", () => {
    const view = normalizeText("本院认为，被告人熊某犯帮助信息网络犯罪活动罪，事实清楚。");
    const blocks = splitDefendantBlocks(view.text, segmentSections(view.text));
    const f = extractPartyFacts(view.text, blocks[0], "2022-12-21");
    expect(f.name.value).toBe("熊某");
    expect(f.priorRecord.recidivist).toMatchObject({ value: false, rule: "zh.party.prior.not-stated" });
    expect(f.gender).toBeNull();
  });
});

describe("ageAt", () => {
  it("derives full years and needs full dates", () => {
    expect(ageAt("1975-04-16", "2017-06-28")).toBe(42);
    expect(ageAt("1975-06-28", "2017-06-28")).toBe(42);
    expect(ageAt("1975-06-29", "2017-06-28")).toBe(41);
    expect(ageAt("1975", "2017-06-28")).toBeNull();
    // a month without a day decides the age only when it is not the judgment's month
    expect(ageAt("1975-06", "2017-06-28")).toBeNull();
    expect(ageAt("2000-01", "2022-09-01")).toBe(22);
    expect(ageAt("2000-11", "2022-09-01")).toBe(21);
    expect(ageAt("1975-06-01", "2017")).toBeNull();
  });

  it("is null without a judgment date", () => {
    const view = normalizeText(`${HEAD} 被告人甲某，男，1990年1月1日出生。 ${PROCEDURE}`);
    const blocks = splitDefendantBlocks(view.text, segmentSections(view.text));
    expect(extractPartyFacts(view.text, blocks[0], null).ageAtJudgment).toBeNull();
  });
});

describe("findRecidivistInReasoning", () => {
  const reasoning = "本院认为，被告人甲某、乙某的行为均已构成盗窃罪。被告人甲某曾因故意犯罪被判处有期徒刑，刑罚执行完毕后五年内再犯应当判处有期徒刑以上刑罚之罪，系累犯，依法应当从重处罚。辩护人提出被告人乙某不构成累犯的意见，本院予以采纳。";
  it("finds the defendant named in the 累犯 sentence only", () => {
    expect(findRecidivistInReasoning(reasoning, 0, reasoning.length, "甲某", false)?.value).toBe(true);
    expect(findRecidivistInReasoning(reasoning, 0, reasoning.length, "乙某", false)).toBeNull();
  });
  it("takes any 累犯 finding for a single defendant", () => {
    const one = "本院认为，被告人系累犯，应当从重处罚。";
    expect(findRecidivistInReasoning(one, 0, one.length, "丙某", true)).not.toBeNull();
  });
});
