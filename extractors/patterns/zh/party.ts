/**
 * Pattern tables for the parties section of Chinese judgments: who the defendants are
 * (party-paragraph roles, name shapes) and what their own paragraph says about them
 * (gender, birth, ethnicity, education, occupation, residence, prior record, custody).
 *
 * Rows are data: `{ id, re, yields }`. The matching logic lives in
 * pipeline/stages/defendants.ts and extractors/party.ts. All patterns run on the normalized
 * view (half-width digits and parentheses, one space per whitespace run, ： for colons).
 */
import type { RuleRow } from "../../engine.js";
import type { CustodyKind, Education, Occupation } from "../../../corpus/schema.js";
import { DATE_SRC } from "../../numbers.js";

// ---------------------------------------------------------------------------------------------
// Party paragraphs

export type PartyKind = "person" | "unit";

/**
 * Where a party paragraph can begin: the start of the text, after whitespace (paragraph joins),
 * after 。/； (texts that lost their line breaks), or right after the prosecutor's name or the
 * case number (…人民检察院被告人…, …刑终619号上诉人… when even the separator was lost).
 */
export const PARTY_START_BOUNDARY = String.raw`(?:^|(?<=[\s。；;]|检察院|号))`;

/**
 * Roles that introduce a defendant of this judgment, longest first (the first row that matches
 * at a position wins). In appeals the appellant (上诉人(原审被告人)) and the non-appealing
 * 原审被告人 are both defendants; an appellant who was the civil plaintiff is not (see
 * ZH_OTHER_PARTY_ROLES). `yields` is the kind of defendant the role introduces.
 */
export const ZH_DEFENDANT_ROLES: RuleRow<PartyKind>[] = [
  { id: "zh.party.role.appellant-unit", re: String.raw`(?:上诉单位|(?:原审)?上诉人)\((?:原审|一审)被告单位[^()]{0,16}\)`, yields: "unit" },
  { id: "zh.party.role.appellant", re: String.raw`(?:原审)?(?:被)?上诉人\((?:原审|一审)被告人?[^()]{0,16}\)`, yields: "person" },
  { id: "zh.party.role.petitioner", re: String.raw`(?:再审)?(?:申请人|申诉人)\((?:原审|一审)被告人[^()]{0,16}\)`, yields: "person" },
  { id: "zh.party.role.original-unit", re: String.raw`原审被告单位`, yields: "unit" },
  { id: "zh.party.role.original", re: String.raw`原审被告人`, yields: "person" },
  { id: "zh.party.role.unit", re: String.raw`被告单位`, yields: "unit" },
  // "被告人暨附带民事诉讼被告人X": one criminal defendant, also sued civilly
  { id: "zh.party.role.defendant", re: String.raw`被告人(?:暨|兼|、)?(?:附带民事诉讼被告人)?`, yields: "person" },
  // a bare 上诉人 in a criminal appeal is the defendant; 上诉人(原审附带民事诉讼原告人) is not (lookahead)
  { id: "zh.party.role.appellant-plain", re: String.raw`上诉人(?!\()`, yields: "person" },
];

/**
 * Roles of other participants. A paragraph starting with one of these ends the defendant
 * paragraph before it; none of them is a defendant. 诉讼代表人 / 法定代表人 paragraphs that
 * follow a unit belong to the unit's block (see `UNIT_REPRESENTATIVE_ROLE_IDS`).
 */
export const ZH_OTHER_PARTY_ROLES: RuleRow<null>[] = [
  // "被告人张某的辩护人李某，…律师": the counsel's paragraph, not the defendant's
  { id: "zh.party.other.counsel-of", re: String.raw`(?:被告人|上诉人|原审被告人|被告单位)[^\s，,。；;]{0,24}?的(?:指定|委托)?(?:辩护人|法定代理人|诉讼代理人|诉讼代表人|监护人)`, yields: null },
  { id: "zh.party.other.defence", re: String.raw`(?:指定|委托|指派)?辩护人`, yields: null },
  { id: "zh.party.other.litigation-representative", re: String.raw`诉讼代表人`, yields: null },
  { id: "zh.party.other.legal-representative", re: String.raw`法定代表人`, yields: null },
  { id: "zh.party.other.guardian", re: String.raw`法定代理人|监护人`, yields: null },
  { id: "zh.party.other.agent", re: String.raw`(?:委托|诉讼)代理人`, yields: null },
  { id: "zh.party.other.civil", re: String.raw`(?:原审)?附带民事诉讼(?:原告人|被告人|原告|被告|代理人)`, yields: null },
  { id: "zh.party.other.victim", re: String.raw`被害人|被害单位`, yields: null },
  { id: "zh.party.other.prosecutor", re: String.raw`(?:原)?公诉机关|抗诉机关|自诉人`, yields: null },
  { id: "zh.party.other.civil-appellant", re: String.raw`(?:被)?上诉人\((?:原审|一审)?(?:附带民事诉讼)?(?:原告人|原告|被害人|自诉人|被告)(?!人|单位)[^()]{0,16}\)`, yields: null },
  { id: "zh.party.other.appellee", re: String.raw`被上诉人(?!\((?:原审|一审)被告)`, yields: null },
  { id: "zh.party.other.interpreter", re: String.raw`翻译人员|翻译人`, yields: null },
];

/** Other-party roles that stay inside a unit defendant's block (its representative). */
export const UNIT_REPRESENTATIVE_ROLE_IDS: ReadonlySet<string> = new Set([
  "zh.party.other.litigation-representative",
  "zh.party.other.legal-representative",
]);

/**
 * Paragraphs that start the procedural history. A defendant paragraph also ends here when
 * the section splitter could not place the procedure anchor. They are only recognised at a
 * paragraph start (after whitespace), because sentences such as "本院于…决定取保候审" occur
 * inside a defendant's paragraph.
 */
/** A terminator never starts a party paragraph ("被告人王某，…因涉嫌诈骗一案于…被逮捕"). */
const NOT_A_PARTY_PARAGRAPH = String.raw`(?!被告|上诉|原审被告|(?:指定|委托)?辩护人|诉讼代表人|法定代理人|法定代表人)`;

export const ZH_PARTY_TERMINATORS: RuleRow<null>[] = [
  { id: "zh.party.end.prosecution", re: String.raw`(?<=^|\s)${NOT_A_PARTY_PARAGRAPH}[^。\s]{0,40}(?:检察院|公诉机关)(?:于[^。\s]{0,16})?(?:以|指控|向本院|提起|起诉)`, yields: null },
  // "潼关县人民检察院潼检刑诉字(2017)4号起诉书指控…": the indictment named before the verb
  { id: "zh.party.end.indictment", re: String.raw`(?<=^|\s)${NOT_A_PARTY_PARAGRAPH}[^。\s]{0,60}(?:起诉书|提起公诉|公诉一案)`, yields: null },
  { id: "zh.party.end.court", re: String.raw`(?<=^|\s)${NOT_A_PARTY_PARAGRAPH}(?:本院|经(?:公开)?(?:开庭)?审理|[^。\s]{0,60}人民法院(?:于[^。\s]{0,16})?(?:审理|作出))`, yields: null },
  // "被告人张某犯…罪一案" opening the procedure: a role word, but no introduction
  { id: "zh.party.end.case", re: String.raw`(?<=^|\s)(?:被告人|原审被告人|上诉人)[^，,。\s]{1,12}(?:犯|涉嫌|被控|一案)`, yields: null },
  { id: "zh.party.end.case-title", re: String.raw`(?<=^|\s)${NOT_A_PARTY_PARAGRAPH}[^。\s]{2,60}一案`, yields: null },
];

/** Characters a name can contain: everything but separators and brackets. */
export const NAME_CHAR_CLASS = String.raw`[^\s，,。；;：:()、“”"]`;
/** What follows a name in a party paragraph. */
export const NAME_END_LOOKAHEAD = String.raw`(?=[，,。；;(\s]|$)`;
/** A person's name as written: 张3, 王某, 李某某, 张×, 牟某甲, X, 茹X·Y, 阿不力克木·模沙. */
export const PERSON_NAME_SRC = `${NAME_CHAR_CLASS}{1,24}`;
/** A unit's name: up to a separator or a "(以下简称…)" / code bracket; inner brackets are kept. */
export const UNIT_NAME_SRC = String.raw`[^\s，,。；;：:]{2,60}?(?=[，,。；;\s]|\((?:以下|下称|简称|统一社会信用代码|组织机构代码|住所|地址)|$)`;
/** Words between the role and the name: "被告人：张某", "被告人自报胡全福". */
export const NAME_PREFIX_SRC = String.raw`\s?[：:]?\s?(?:\((?:上诉人|原审被告人|一审被告人|被告人|申诉人|自报)\))?(?:自报)?`;

/**
 * What a real name never contains. A candidate with one of these is a sentence, not a party
 * introduction ("被告人阮志荣贩卖毒品罪一审刑事判决书", "被告人周俏琦曾因无证驾驶…").
 */
export const NOT_A_NAME_RE = /罪|犯|的|判决|裁定|一案|刑事|涉嫌|因|出生|[0-9]{3}|[0-9]年|月[0-9]|[0-9]日|检察|法院|公安|律师|辩护|公诉|被告|被害|本案|父亲|母亲|之子|之女|到庭|参加|诉讼|供述|认为|提出|指控|等人/;

/**
 * Fallback when no party paragraph names anyone (composed records, fragments): defendants
 * named where the prosecution or the result names them: "被告人张某犯…罪", "被告人A、B犯…".
 */
export const ZH_DEFENDANT_MENTIONS: RuleRow<PartyKind>[] = [
  { id: "zh.party.block.mention.charged", re: String.raw`(?:被告人|上诉人|原审被告人)(?<names>${NAME_CHAR_CLASS}{1,12}?(?:、${NAME_CHAR_CLASS}{1,12}?){0,9})(?=犯|涉嫌犯|构成)`, yields: "person" },
  { id: "zh.party.block.mention.unit", re: String.raw`被告单位(?<names>[^\s，,。；;：:、]{2,40}?(?:公司|厂|中心|合作社|商行|店|部|所))(?=犯|涉嫌|构成|，|、)`, yields: "unit" },
];

// ---------------------------------------------------------------------------------------------
// The identity part of a defendant paragraph ends where the narrative (prior record, custody)
// starts; gender, birth, ethnicity, education, occupation and residence are read before it.

/** A comma-separated token that belongs to the narrative, not to the identity. */
export const NARRATIVE_TOKEN_RE =
  /因|曾(?!用名)|判处|判刑|刑满|羁押|押于|在押|抓获|拘留|逮捕|取保|监视居住|劳动教养|释放|传唤|投案|服刑|戒毒|归案|到案/;

// ---------------------------------------------------------------------------------------------
// Gender

export type Gender = "male" | "female";

const TOKEN_START = String.raw`(?<=^|[，,。；;(\s：:、])`;
const TOKEN_END = String.raw`(?=[，,。；;)\s、]|$)`;

export const ZH_GENDER_RULES: RuleRow<Gender>[] = [
  { id: "zh.party.gender.token", re: `${TOKEN_START}男(?:性)?${TOKEN_END}`, yields: "male" },
  { id: "zh.party.gender.token", re: `${TOKEN_START}女(?:性)?${TOKEN_END}`, yields: "female" },
  { id: "zh.party.gender.labelled", re: String.raw`性别[：:为]?\s?男`, yields: "male" },
  { id: "zh.party.gender.labelled", re: String.raw`性别[：:为]?\s?女`, yields: "female" },
];

// ---------------------------------------------------------------------------------------------
// Dates whose 年 was lost in publishing: "20219月3日", "202111月18日", "19897月30日出生".

export const YEAR_DROPPED_DATE_SRC =
  String.raw`(?<![0-9])(?:19|20)[0-9]{2}(?:1[0-2]|0?[1-9])月(?:(?:[0-9]{1,2}|[*＊×XxＸｘ]{1,2}|某{1,2})[日号])?`;
/** Where to put the 年 back: after the four year digits. */
export const YEAR_DROPPED_REPAIR_RE = /^((?:19|20)[0-9]{2})(?=[0-9]{1,2}月)/;
/** Any date token, incl. one whose 年 was lost. */
export const ANY_DATE_SRC = `(?:${DATE_SRC}|${YEAR_DROPPED_DATE_SRC})`;
const ANY_DATE = ANY_DATE_SRC;

// ---------------------------------------------------------------------------------------------
// Birth date (group `d` holds the date token). "出生于四川省" is a birthplace, "现年35岁" an age.

export const ZH_BIRTH_RULES: RuleRow<null>[] = [
  // 1975年4月16日出生 / 1975年4月16日生 / 1990年10月9日(户籍登记为…)出生于… / 28岁(1989年1月4日出生)
  { id: "zh.party.birth.date-born", re: String.raw`(?<d>${ANY_DATE})\s?(?:\([^()]{0,30}\))?\s?(?:出生|生(?![效产活意前病]))`, yields: null },
  // 出生于1975年4月16日 / 生于… / 出生日期：…
  { id: "zh.party.birth.born-on", re: String.raw`(?:出生于|生于|出生日期|出生年月日?|出生时间|出生)[：:为是]?\s?(?<d>${ANY_DATE})`, yields: null },
  // 男，1975年4月16日，汉族 — a bare date right after the gender is the birth date
  { id: "zh.party.birth.after-gender", re: String.raw`(?<=(?:^|[，,])(?:男|女)性?[，,])(?<d>${ANY_DATE})(?=[，,])`, yields: null },
];

// ---------------------------------------------------------------------------------------------
// Ethnicity (group `e` holds the value as written; `stem` a value written without 族)

const ETHNIC_GROUPS =
  "汉|蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|" +
  "柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|" +
  "塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺";

export const ZH_ETHNICITY_RULES: RuleRow<null>[] = [
  { id: "zh.party.ethnicity.listed", re: String.raw`${TOKEN_START}(?:民族[：:为]?\s?)?(?<e>(?:${ETHNIC_GROUPS})族)${TOKEN_END}`, yields: null },
  // any other "X族" token, but never 民族 / 家族 / 种族 …
  { id: "zh.party.ethnicity.token", re: String.raw`${TOKEN_START}(?<e>(?!民族|家族|种族|宗族|贵族|上班族)[\u4e00-\u9fa5]{1,4}(?<!民)族)${TOKEN_END}`, yields: null },
  // 民族：汉 (without 族)
  { id: "zh.party.ethnicity.labelled", re: String.raw`民族[：:为]\s?(?<stem>(?:${ETHNIC_GROUPS}))(?!族)${TOKEN_END}`, yields: null },
];

// ---------------------------------------------------------------------------------------------
// Education. One row per level; longer level words first where they overlap (大学专科 before 大学).
// A level word counts only as its own token or after 文化程度/学历, so that "住某某小学宿舍" or
// "毕业于某大学附近" are not read as an education.

const EDUCATION_LEVEL_WORDS: readonly (readonly [string, string, Education])[] = [
  ["none", "文盲|半文盲|未上(?:过)?学|没(?:有)?(?:上|读)过?学|不识字|未受(?:过)?(?:学校)?教育|无文化", "none"],
  ["postgraduate", "研究生|硕士|博士", "postgraduate"],
  ["bachelor", "大学本科|本科", "bachelor"],
  ["junior-college", "大学专科|大专|专科|高职", "junior-college"],
  ["bachelor-university", "大学", "bachelor"],
  ["vocational-secondary", "中专|中等专业(?:学校)?|中等职业(?:学校)?|职业高中|职高|职中|技校|技工学校|中技|职校", "vocational-secondary"],
  ["senior-high", "高中|高级中学", "senior-high"],
  ["junior-high", "初中|初级中学", "junior-high"],
  ["primary", "小学", "primary"],
];
const EDUCATION_LABEL = String.raw`(?:文化程度|受教育程度|教育程度|学历|文化)[：:为是]?\s?`;
const EDUCATION_SUFFIX = String.raw`(?:毕业|肄业|结业|在读|未毕业|没毕业|研究生|文化程度|文化|学历|学位|程度|水平|学生|[一二三四五六]年级){0,3}`;
/** "具有初中文化", "系大专学历". */
const EDUCATION_LEAD = String.raw`(?:具有|具备|系|是|为)?`;

export const ZH_EDUCATION_RULES: RuleRow<Education>[] = EDUCATION_LEVEL_WORDS.map(([name, words, level]) => ({
  id: `zh.party.education.${name}`,
  re: String.raw`${TOKEN_START}${EDUCATION_LEAD}(?:${EDUCATION_LABEL})?(?:${words})${EDUCATION_SUFFIX}${TOKEN_END}`,
  yields: level,
}));

// ---------------------------------------------------------------------------------------------
// Occupation: each identity token is tested against these rows in order; the first token that
// matches any row is the occupation, its text the raw value. Borderlines (gold-format.md):
// a trade or factory job → worker; an office or company post → employee; 经商/个体 →
// self-employed; 法定代表人/经理 → employee; doctors, teachers, drivers → other.

/** Tokens that are never the occupation (residence, origin, aliases, political status, ids). */
export const NOT_OCCUPATION_TOKEN_RE =
  /^\(|^(?:现|捕前|案发前|原)?(?:住|家住|暂住|租住|居住|户籍|户口|籍贯|原籍|出生|生于|公民身份|身份证|居民身份|曾用名|别名|又名|化名|绰号|小名|自报|民族|性别|文化|学历)|党员|团员|群众|无党派|人大代表|政协委员|身份号码|身份证号|户口$/;

export const ZH_OCCUPATION_RULES: RuleRow<Occupation>[] = [
  { id: "zh.party.occupation.unemployed", re: /无业|无职业|无固定职业|无固定工作|无正当职业|无稳定职业|无工作|待业|失业|社会闲散人员|闲散人员|^职业[：:为]?\s?无$/, yields: "unemployed" },
  { id: "zh.party.occupation.student", re: /学生|在校生/, yields: "student" },
  // 个体工人 is a worker, not self-employed; 农民工 a worker, not a farmer
  { id: "zh.party.occupation.worker", re: /农民工|个体工人|务工|打工|工人|劳务|民工|普工|杂工|临时工|零工|做工|帮工|(?:工厂|厂里|厂)(?:上班|工作)|[^职员]工$|服务员|保洁/, yields: "worker" },
  // a post in an office or company outranks words inside the employer's name ("…果农农业发展有限公司员工")
  { id: "zh.party.occupation.civil-servant", re: /公务员|事业单位|事业编制|国家机关|(?<!村)(?:机关|政府|局|厅|委员会)(?!.*公司)[^，]{0,24}(?:干部|科员|科长|处长|局长|主任|职员|工作人员|民警|警察)|民警|警察/, yields: "civil-servant" },
  { id: "zh.party.occupation.self-employed", re: /个体|经商|经营|工商户|摊主|店主|老板|商人|生意|自营/, yields: "self-employed" },
  { id: "zh.party.occupation.employee", re: /职员|员工|职工|雇员|公司|企业|集团|银行|法定代表人|法人|经理|总裁|主管|业务员|销售|文员|会计|出纳|管理员|管理人员|股东|董事|监事|总监|厂长|营业员|收银员|店员|财务/, yields: "employee" },
  { id: "zh.party.occupation.farmer", re: /农民|务农|农村居民|种地|种田|农业生产|菜农|果农|养殖户|种植户/, yields: "farmer" },
  // delivery riders and couriers drive for a living: gold-format puts drivers under "other"
  { id: "zh.party.occupation.other", re: /快递员|外卖员|送餐员|配送员|骑手|司机|驾驶员|厨师|教师|老师|医生|护士|保安|律师|演员|歌手|主播|导游|渔民|牧民|船员|海员|军人|僧人|村医|设计师|工程师|程序员|技术员|美容师|理发师|保姆|家政|护工|村干部|村主任|村委|书记|主任|自由职业|退休|职业[：:]/, yields: "other" },
  // any other job title: "XX师", "XX员", "XX手", "XX匠"
  { id: "zh.party.occupation.other-title", re: /^.{0,40}(?:师|员|手|匠|长)$/, yields: "other" },
];

// ---------------------------------------------------------------------------------------------
// Residence: 户籍 (household registration) when stated, else 住所地 / 住 (not 暂住 / 租住).
// Group `v` holds the place as written.

export type ResidenceKind = "household" | "domicile";
/** A place as written; never a date ("户籍登记为1989年…" is not a place). */
const PLACE = String.raw`(?<v>(?![^，,。；;\s()]*[0-9]{4}年)[^，,。；;\s()]{2,60})`;

export const ZH_RESIDENCE_RULES: RuleRow<ResidenceKind>[] = [
  { id: "zh.party.residence.household", re: String.raw`(?:户籍(?:所在地|所在|地址|住址|地|在|系|为|[：:])|户口所在地|户口在)(?:及现住址|及现住地|及居住地|和居住地|及住所地|与居住地)?(?:为|是|在|系)?[：:]?\s?${PLACE}`, yields: "household" },
  { id: "zh.party.residence.domicile", re: String.raw`(?<=^|[，,。；;(\s]|捕前|案发前|现)(?:住所地|住址|住所|住地|家住|居住地|居住在|居住于|住)(?:为|在|于)?[：:]?\s?${PLACE}`, yields: "domicile" },
];

// ---------------------------------------------------------------------------------------------
// Prior record, read per narrative segment of the paragraph.

export interface PriorRecordYield { field: "recidivist" | "priorConviction" | "priorAdministrativePenalty" }

export const ZH_PRIOR_RECORD_RULES: RuleRow<PriorRecordYield["field"]>[] = [
  { id: "zh.party.prior.recidivist", re: /(?<!不(?:构成|属于|系|是|认定为?|应认定为?))累犯/, yields: "recidivist" },
  // 因犯盗窃罪被判处… / 犯抢劫罪被…判处 / 被判处有期徒刑 / 判刑 / 刑满释放 / 假释 / 免予刑事处罚
  { id: "zh.party.prior.conviction", re: /(?<!涉嫌)(?:因|曾)?犯[^，。；]{1,40}?罪[^。；]{0,60}?(?:判处|判刑|判决|免予刑事处罚|免于刑事处罚|处罚金)|判处(?:有期徒刑|拘役|管制|罚金|无期徒刑|死刑)|单处罚金|判刑|刑满释放|假释|减刑释放|缓刑考验期满/, yields: "priorConviction" },
  { id: "zh.party.prior.administrative", re: /行政拘留|治安拘留|劳动教养|劳教|罚款|行政处罚|治安处罚|强制(?:隔离)?戒毒|收容教育|收容教养|警告处罚/, yields: "priorAdministrativePenalty" },
];

/** Segments about the current case ("因本案…") carry no prior record. */
export const CURRENT_CASE_RE = /因本案|因涉嫌本案/;

// ---------------------------------------------------------------------------------------------
// Custody

/** Custody measures. 行政/治安/司法拘留 are not criminal detention; 刑满释放/假释 end a prior sentence. */
export const ZH_CUSTODY_RULES: RuleRow<CustodyKind>[] = [
  { id: "zh.party.custody.criminal-detention", re: /刑事拘留|(?<!行政|治安|司法|刑事|强制)拘留(?!所|证|十|二|三|四|五|六|七|八|九|一|[0-9])/, yields: "criminal-detention" },
  { id: "zh.party.custody.arrest", re: /逮捕/, yields: "arrest" },
  { id: "zh.party.custody.bail", re: /取保候审/, yields: "bail" },
  { id: "zh.party.custody.residential-surveillance", re: /(?:指定居所)?监视居住/, yields: "residential-surveillance" },
  { id: "zh.party.custody.released", re: /(?<!刑满|减刑|假|期满|刑满后|执行完毕后?)释放(?!证明)/, yields: "released" },
];

/** A measure mentioned as not taken, or as the current state, is not a new custody event. */
export const CUSTODY_NEGATED_BEFORE_RE = /(?:不能|不予|未能|未|没有|无法|不|现|现在|仍|继续|撤销|解除)(?:执行|予以|被|对其|决定)?$/;
/**
 * A measure decided or approved (批准逮捕, 决定刑事拘留) and then executed (执行逮捕) is one
 * measure: the execution is kept, with the decision's date when it has none of its own.
 */
export const DECIDED_BEFORE_RE = /(?:批准|决定|宣布)(?:对其)?(?:予以)?$/;
export const EXECUTED_BEFORE_RE = /执行$/;
/** Several dates for one measure or a list of measures: "分别于A、B被取保候审", "…被刑事拘留和逮捕". */
export const LIST_JOINER_RE = /^(?:、|和|及|以及|与)$/;

/**
 * Segments (split at 。；) whose text up to a custody word contains one of these are about a
 * prior case (a sentence served, a past detention), not the custody chain of this case.
 */
export const PRIOR_CASE_CONTEXT_RE = /判处|判刑|刑满|假释|减刑|劳动教养|劳教|服刑|收监|曾(?!用名)/;

/** Where a narrative segment starts inside a comma chain: "…刑满释放，因涉嫌犯…罪于…被刑事拘留". */
export const SEGMENT_SPLIT_RE = /[。；;]|[，,](?=(?:现|后)?又?因(?:涉嫌|本案)|现因)/g;

// ---------------------------------------------------------------------------------------------
// Dates in custody chains, absolute and relative to the previous date.

/** Masked parts ("同年**月**日", "同月×日") keep the precision the text still gives. */
const MASK = "[*＊×XxＸｘ]{1,2}|某{1,2}";
const MONTH = `[0-9]{1,2}|[一二三四五六七八九十]{1,3}|${MASK}`;
const DAY = `[0-9]{1,2}|[一二三四五六七八九十廿卅]{1,4}|${MASK}`;

export type DateTokenKind = "absolute" | "same-year" | "next-year" | "same-month" | "next-day" | "same-day" | "month-day";

export const ZH_DATE_TOKEN_RULES: RuleRow<DateTokenKind>[] = [
  { id: "zh.party.date.absolute", re: DATE_SRC, yields: "absolute" },
  { id: "zh.party.date.year-dropped", re: YEAR_DROPPED_DATE_SRC, yields: "absolute" },
  { id: "zh.party.date.same-year", re: String.raw`同年(?<m>${MONTH})月(?:(?<d>${DAY})[日号])?`, yields: "same-year" },
  { id: "zh.party.date.next-year", re: String.raw`次年(?<m>${MONTH})月(?:(?<d>${DAY})[日号])?`, yields: "next-year" },
  { id: "zh.party.date.same-month", re: String.raw`同月(?<d>${DAY})[日号]`, yields: "same-month" },
  { id: "zh.party.date.next-day", re: String.raw`次日|翌日|第二天|第二日`, yields: "next-day" },
  { id: "zh.party.date.same-day", re: String.raw`当日|同日|当天|即日|是日|当晚`, yields: "same-day" },
  { id: "zh.party.date.month-day", re: String.raw`(?<![0-9年月〇零一二三四五六七八九十])(?<m>${MONTH})月(?<d>${DAY})[日号]`, yields: "month-day" },
];

// ---------------------------------------------------------------------------------------------
// Recidivism found by the court in its reasoning (本院认为): "被告人X…系累犯".

export const ZH_RECIDIVIST_REASONING_RE = /(?<!不(?:构成|属于|系|是|认定为?|应认定为?|能认定为?))累犯/g;
