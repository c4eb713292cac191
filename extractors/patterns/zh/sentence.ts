/**
 * Pattern tables for the result (判决如下 / 裁定如下) of Chinese criminal judgments: who was
 * convicted of what, and which penalty. Rows are data; extractors/sentence.ts runs them.
 *
 * The tables are matched against a working copy of the result section in which the 刑期
 * brackets "（刑期从判决执行之日起计算…即自…起至…止。罚金于…缴纳）" and "（已缴纳）" are blanked
 * out, so no row needs to guard against dates or payment notes.
 */
import type { Principal } from "../../../corpus/schema.js";
import type { RuleRow } from "../../engine.js";
import { AMOUNT_SRC, TERM_SRC } from "../../numbers.js";

/** Words that name a party in the result; appeals say 上诉人 / 原审被告人 for the same persons. */
export const ROLE_SRC =
  "(?:原审上诉人|上诉人|原审被告人|被告人|原审被告单位|被告单位|上诉单位|罪犯)";

/**
 * A charge as the result writes it, from the character after 犯 / 以 up to a 罪 that ends the
 * name. Names contain 犯罪 and 、 ("掩饰、隐瞒犯罪所得、犯罪所得收益罪", "帮助信息网络犯罪活动罪"),
 * so the name ends only at a 罪 followed by punctuation or by the words that follow a charge.
 * "犯盗窃罪、抢劫罪" comes out as one string and is split at "罪、" by the extractor.
 */
const CHARGE_END = String.raw`(?=[，,。；;：:\s()“”"]|$|判处|判|免[予于除]|分别|均|被判|对|，)`;
export const CHARGE_SRC = String.raw`(?!罪)[^，,。；;：:\s()“”"#]{1,40}?罪${CHARGE_END}`;

export type ConvictionForm = "convicted" | "by-charge";

/**
 * Where a conviction is stated. "convicted": "被告人X犯Y罪" (the subject precedes 犯);
 * "by-charge": "以Y罪判处被告人X…" (the subject follows).
 */
export const CONVICTION_RULES: RuleRow<ConvictionForm>[] = [
  { id: "zh.sentence.charge.convicted", re: String.raw`犯(?<charge>${CHARGE_SRC})`, yields: "convicted" },
  {
    id: "zh.sentence.charge.by-charge",
    re: String.raw`以(?<charge>${CHARGE_SRC})(?=\s*(?:分别|均)?\s*(?:判处|对|处以|判|，|,))`,
    yields: "by-charge",
  },
];

/**
 * The principal penalty. `term` is read for 有期徒刑 / 拘役 / 管制. 管制 needs its term, since the
 * word also names things (管制刀具); 有期徒刑 and 拘役 are recognised even when the term is
 * garbled ("决定执行有期徒刑六个"), with termMonths null.
 */
export const PRINCIPAL_RULES: RuleRow<Principal>[] = [
  {
    id: "zh.sentence.principal.death-suspended",
    re: String.raw`死刑\s*[，,]?\s*缓期\s*(?:二|两|2)\s*年\s*执行`,
    yields: "death-suspended",
  },
  { id: "zh.sentence.principal.death", re: String.raw`死刑(?!\s*[，,]?\s*缓期)(?:[，,]?\s*立即执行)?`, yields: "death" },
  { id: "zh.sentence.principal.life", re: "无期徒刑", yields: "life" },
  { id: "zh.sentence.principal.fixed-term", re: String.raw`有期徒刑\s*(?<term>${TERM_SRC})?`, yields: "fixed-term" },
  { id: "zh.sentence.principal.detention", re: String.raw`拘役\s*(?<term>${TERM_SRC})?`, yields: "detention" },
  { id: "zh.sentence.principal.surveillance", re: String.raw`管制\s*(?<term>${TERM_SRC})`, yields: "surveillance" },
  { id: "zh.sentence.principal.exempt", re: String.raw`免[予于除]\s*(?:其)?刑事处[罚分]`, yields: "exempt" },
  { id: "zh.sentence.principal.fine-only", re: "单处罚金", yields: "fine-only" },
];

/**
 * A term right after a principal, in a "分别判处有期徒刑一年、十个月" list. Not after a comma:
 * "，三十日内缴纳" would read as a term.
 */
export const TERM_LIST_CONTINUATION = new RegExp(
  String.raw`^\s*(?:、|和|及)\s*(?:分别)?\s*(?:有期徒刑|拘役|管制)?\s*(?<term>${TERM_SRC})`,
);

/** "缓刑一年、八个月": further probations listed after the first. */
export const PROBATION_LIST_CONTINUATION = /^\s*(?:、|和|及)\s*(?<term>[^、，。；\s]{1,8})/;

/** Probation: 缓刑一年 / 宣告缓刑二年 / 缓刑考验期限为一年 / (older) 缓期二年执行. */
export const PROBATION_RULES: RuleRow<"probation">[] = [
  { id: "zh.sentence.probation.declared", re: String.raw`宣告缓刑\s*(?<term>${TERM_SRC})`, yields: "probation" },
  {
    id: "zh.sentence.probation.exam-period",
    re: String.raw`缓刑(?:的)?考验期(?:限)?\s*(?:为|是)?\s*(?<term>${TERM_SRC})`,
    yields: "probation",
  },
  { id: "zh.sentence.probation.plain", re: String.raw`缓刑\s*(?<term>${TERM_SRC})`, yields: "probation" },
  { id: "zh.sentence.probation.deferred", re: String.raw`缓期\s*(?<term>${TERM_SRC})\s*执行`, yields: "probation" },
];

export type FineForm = "amount" | "no-amount";

/**
 * The fine. The amount may follow 罚金 directly, after 人民币, or with 人民币 behind it
 * ("罚金九万元人民币"). A fine imposed without an amount (news-style texts) yields null, and only
 * counts when a verb imposes it (并处罚金 / 单处罚金 / 判处罚金): a bare "罚金" is a payment note.
 */
export const FINE_RULES: RuleRow<FineForm>[] = [
  {
    id: "zh.sentence.fine.amount",
    re: String.raw`(?:并处|单处|判处|处以|处)?罚金\s*(?:数额)?\s*(?:为|计)?\s*(?<amount>${AMOUNT_SRC})(?:\s*人民币)?`,
    yields: "amount",
  },
  {
    id: "zh.sentence.fine.no-amount",
    re: String.raw`(?:并处|单处|判处|处以)罚金(?!\s*(?:数额)?\s*(?:为|计)?\s*(?:${AMOUNT_SRC}))`,
    yields: "no-amount",
  },
];

/** A further amount in a "并处罚金人民币五千元、三千元" list. */
export const AMOUNT_LIST_CONTINUATION = new RegExp(String.raw`^\s*(?:、|和|及)\s*(?:分别)?\s*(?:罚金)?\s*(?<amount>${AMOUNT_SRC})`);

/** 没收个人(全部/部分)财产: an additional penalty, not a fine and not the confiscation of gains. */
export const PROPERTY_CONFISCATION_RULES: RuleRow<"all" | "part">[] = [
  {
    id: "zh.sentence.property-confiscation.all",
    re: String.raw`没收\s*(?:其|被告人)?\s*(?:个人)?\s*全部\s*(?:个人)?\s*财产`,
    yields: "all",
  },
  {
    id: "zh.sentence.property-confiscation.part",
    re: String.raw`没收\s*(?:其|被告人)?\s*(?:个人)?\s*(?:部分)?\s*(?:个人)?财产(?:\s*(?<amount>${AMOUNT_SRC}))?`,
    yields: "part",
  },
];

/** Rule ids of values that are not read from one phrase. */
export const DERIVED_RULE = {
  fineOnlyImplied: "zh.sentence.principal.fine-only.implied",
  fineSumOfCounts: "zh.sentence.fine.sum-of-counts",
  noPropertyConfiscation: "zh.sentence.no-property-confiscation",
  chargeListed: "zh.sentence.charge.listed",
} as const;

/**
 * The executed sentence for several counts (数罪并罚) or a new count joined with an earlier,
 * unserved sentence: 决定执行 / 合并执行 / 数罪并罚，执行.
 */
export const DECIDE_RULES: RuleRow<"decide">[] = [
  {
    id: "zh.sentence.decide.executed",
    re: String.raw`(?:决定|合并|总和刑期[^，。；]{0,30}?[，,]?\s*决定)\s*执行(?=\s*(?:有期徒刑|拘役|管制|无期徒刑|死刑|罚金|刑罚))`,
    yields: "decide",
  },
  { id: "zh.sentence.decide.combined", re: String.raw`并罚\s*[，,]?\s*执行(?=\s*(?:有期徒刑|拘役|管制|无期徒刑|死刑))`, yields: "decide" },
];

/**
 * A "犯Y罪" whose subject is an earlier conviction being joined (与前罪 / 原犯 / 尚未执行的):
 * not a count of this judgment.
 */
export const PRIOR_SENTENCE_SUBJECT = /与|前罪|原犯|前犯|原判|尚未执行|没有执行|未执行|余刑|曾/;

/**
 * Inside one defendant's item, where the penalty of a count stops: an earlier sentence being
 * joined ("与前罪…并罚", "尚未执行的有期徒刑…") or a revoked probation ("撤销…宣告缓刑二年").
 */
export const COUNT_BARRIER = /撤销|与(?:前罪|原判|原审|本院|此前|其前|其原|前|原)|尚未执行|没有执行|余刑/g;

/**
 * What follows a name when the name is the subject of a penalty: "判处被告人X有期徒刑…",
 * "对被告人X以Y罪判处…", and the slip "以Y罪判处被告人X犯有期徒刑…".
 */
export const PENALTY_AFTER_NAME = new RegExp(
  String.raw`^\s*(?:[(（][^()（）]{0,12}[)）])?\s*(?:以(?<charge>${CHARGE_SRC}))?\s*(?:分别|均)?\s*(?:判处|处以|处|判)?\s*犯?\s*` +
    String.raw`(?=有期徒刑|拘役|管制\s*(?:${TERM_SRC})|无期徒刑|死刑|免[予于除]|单处罚金|罚金\s*(?:数额)?\s*(?:为)?\s*(?:${AMOUNT_SRC}))`,
);

/** "以Y罪判处有期徒刑…" with no name: the subject is the only defendant. */
export const PENALTY_WITHOUT_NAME = new RegExp(
  String.raw`^\s*(?:分别|均)?\s*(?:判处|处以|处|判)?\s*${ROLE_SRC}?\s*(?=有期徒刑|拘役|管制|无期徒刑|死刑|免[予于除]|单处罚金|罚金)`,
);

/** Numbered result items: "一、", "(一)", "1、". */
export const ITEM_MARKER = /(?<=^|[\s。；;：:，,])(?:(?<cn>[一二三四五六七八九十]{1,3})、|[(（](?<cnp>[一二三四五六七八九十]{1,3})[)）]、?|(?<ar>\d{1,2})[、.](?!\d))/g;

export type DirectiveKind = "uphold-all" | "uphold" | "revoke" | "other";

/**
 * Appeal and retrial dispositions. A sentence of the result that starts with one of these
 * verbs disposes of the earlier judgment; text it quotes ("即：被告人X犯Y罪，判处…") is the
 * earlier result, not a new sentence.
 */
export const DIRECTIVE_START = /^\s*(?:维持|撤销|驳回|准许|准予|核准|发回|不核准)/;
export const DIRECTIVE_RULES: RuleRow<DirectiveKind>[] = [
  {
    id: "zh.sentence.appeal.dismissed",
    re: String.raw`驳回[^。；]{0,40}?(?:上诉|抗诉|申诉)|维持原(?:判|审判决|判决|裁定|一审判决)(?![^。；]{0,12}(?:第|中|部分))`,
    yields: "uphold-all",
  },
  { id: "zh.sentence.appeal.withdrawn", re: String.raw`准[许予][^。；]{0,40}?撤回(?:上诉|抗诉)`, yields: "uphold-all" },
  { id: "zh.sentence.appeal.upheld", re: String.raw`^\s*维持`, yields: "uphold" },
  { id: "zh.sentence.appeal.revoked", re: String.raw`^\s*撤销`, yields: "revoke" },
];

/** Where the quote of the disposed judgment starts inside a directive: "…判决，即：" / "即“". */
export const DIRECTIVE_QUOTE_START = /(?:[，,]\s*即\s*[：:;；]?|即\s*[：:]|即\s*[“"])\s*[“"]?/;

/** "改判…" inside a directive: what follows is the new sentence. */
export const REVISED_START = /[，,；;]\s*(?:并)?改判/;

/**
 * Which part of the earlier judgment an 撤销 removes; without any of these words it is the
 * whole judgment or item ("all": conviction and sentence).
 */
export type RevokedPart = "all" | "sentence" | "principal" | "fine";
export const REVOKED_PART_RULES: RuleRow<RevokedPart>[] = [
  { id: "zh.sentence.appeal.revoked.fine", re: "附加刑|罚金", yields: "fine" },
  { id: "zh.sentence.appeal.revoked.principal", re: "主刑|有期徒刑|拘役|管制|缓刑|刑期", yields: "principal" },
  { id: "zh.sentence.appeal.revoked.sentence", re: "量刑|刑罚|判处", yields: "sentence" },
  { id: "zh.sentence.appeal.revoked.conviction", re: "定罪", yields: "all" },
];

/** "第一项" / "第(一)项" / "第一、二项" / "第一项至第三项" inside a directive. */
export const ITEM_REFERENCE = /第\s*[(（]?(?<list>[一二三四五六七八九十\d]{1,3}(?:[)）]?\s*(?:项)?\s*(?:、|和|及|至|，|,)\s*(?:第)?\s*[(（]?[一二三四五六七八九十\d]{1,3})*)[)）]?\s*项/g;

/**
 * Where an appeal quotes the first-instance result before its own (原判…判决：一、被告人X犯…;
 * 原判以Y罪判处被告人X…; 遂判决，被告人X…). Blocks that start here are parsed like a result.
 */
export const ORIGINAL_RESULT_ANCHORS: RuleRow<"original">[] = [
  { id: "zh.sentence.original.judgment-colon", re: String.raw`(?:判决|裁定)(?:如下)?\s*[：:]`, yields: "original" },
  {
    id: "zh.sentence.original.judgment-inline",
    re: String.raw`判决\s*[，,]?(?=\s*(?:[一二三四五六七八九十]{1,3}、|${ROLE_SRC}|判处|认定|对))`,
    yields: "original",
  },
  {
    id: "zh.sentence.original.found-guilty",
    re: String.raw`认定(?=\s*(?:原审)?(?:被告人|上诉人|被告单位)?\s*[^，,。；;：:\s]{1,15}?犯(?!罪))`,
    yields: "original",
  },
  { id: "zh.sentence.original.first-instance-sentenced", re: String.raw`(?:一审|原审|原判)(?:法院)?(?:判决)?\s*(?=判处|对(?:原审)?(?:被告人|上诉人|被告单位))`, yields: "original" },
  { id: "zh.sentence.original.by-charge", re: String.raw`以(?=${CHARGE_SRC}\s*(?:分别|均)?\s*判处)`, yields: "original" },
];

/** Words before an anchor that make it a proposal or an argument, not a judgment. */
export const ORIGINAL_ANCHOR_VETO = /(?:建议|请求|要求|应当|应|提请|意见|可|拟|如何)\s*$/;

/** How far a quoted result runs at most. */
export const ORIGINAL_BLOCK_MAX = 1500;

/** A paragraph break inside a quoted result that does not end it: next item, or a 刑期 bracket. */
export const ORIGINAL_BLOCK_CONTINUES = /^\s*(?:[(（]|[一二三四五六七八九十]{1,3}、|决定执行|数罪并罚)/;

export type ConfiscationVerb = "recover" | "confiscate" | "restitute";

/** Orders on illegal gains in the result: 追缴 / 没收 / 责令退赔 (a clause must also name the gains). */
export const CONFISCATION_VERB_RULES: RuleRow<ConfiscationVerb>[] = [
  { id: "zh.sentence.confiscated.recovered", re: "追缴|收缴|追回", yields: "recover" },
  { id: "zh.sentence.confiscated.confiscated", re: "没收|上缴国库", yields: "confiscate" },
  { id: "zh.sentence.confiscated.restituted", re: "退赔|退缴|退出|退还|退赃", yields: "restitute" },
];

/** The gains themselves; an amount is read after one of these. */
export const ILLEGAL_GAIN_NOUN = /违法所得|犯罪所得|非法所得|非法获利|违法收入|赃款|所得赃款|获利|好处费|受贿所得|贿赂款/g;

/**
 * The amount of the gains, read right after the noun ("违法所得人民币五千元"). Money named
 * otherwise (损失 to compensate, seized 毒资 or cash) has no gains noun before it and is not read.
 */
export const CONFISCATION_AMOUNT = new RegExp(AMOUNT_SRC, "g");
