/**
 * What each defendant did (acts), with how many of his own cards/accounts (instruments), and the
 * money involved (amounts), read from the facts as the court found them and from its reasoning.
 *
 * Reading order of the judgment: the facts section (经审理查明 / 原判认定 / 二审查明) and the
 * reasoning (本院认为); the prosecution's account only when the court has no facts section of its
 * own or adopts the indictment. The result, the appeal notice and the appendix (statute text) are
 * never read. Documents that are not about 帮信-style help are skipped by a cheap gate.
 *
 * Attribution: a sentence belongs to the defendants it names; within a sentence a match belongs
 * to the name (or the "A、B" group) nearest before it that is a subject (not the object of 向/给/
 * 从/按照/持…, nor listed after such an object); a sentence without names continues the previous
 * one, unless it opens with someone else (刘某…, a person 另案处理). Single-defendant documents
 * need no names. A unit is also named by its short name ("讯达公司") or as 被告单位 / 该公司. In a
 * unit crime the unit and its responsible persons share their acts.
 *
 * Not his: what he only knew of ("明知他人收购银行卡…的情况下" is masked before matching), the act
 * behind a prior record ("曾因出租银行卡被行政拘留"), and the parts of the indictment the court
 * rejects ("关于公诉机关指控…的事实，…不予认定": masked but for the court's own finding).
 *
 * Speed: each table row declares literal pre-checks (`needs`); a sentence is scanned once for all
 * of them and rows whose needs it lacks are not run. Context conditions that would otherwise be
 * variable-length lookbehinds evaluated at every position are checked in code after a match.
 */
import { compileRules, type Found, type Rule, type RuleMatch } from "./engine.js";
import type { Section } from "../pipeline/stages/sections.js";
import { splitSentences } from "../pipeline/stages/sentences.js";
import { parseChineseAmount, parseChineseNumber } from "./numbers.js";
import { MECHANISM_CATEGORY, type ActCategory, type ActMechanism } from "../corpus/schema.js";
import {
  ACT_ROWS, INSTRUMENT_ROWS, ACT_NEGATION_BEFORE, PASSIVE_OR_PURPOSE_BEFORE, FRAUD_SIDE, HELP_VERDICT, VERDICT_NEGATED,
  BANK, PHONE, BANK_NAME_IN_LIST, BANK_ABBREVIATION, PAY_PLATFORM_IN_LIST, type ActYield, type InstrumentField, type TableRow,
} from "./patterns/zh/acts.js";
import {
  AMOUNT_ROWS, RETURNED_BEFORE, THRESHOLD_AFTER, PER_UNIT, PROMISED, NOT_RECEIVED, PART_OF, TOTAL_MARK,
  FRAUD_MONEY_CONTEXT, CARD_CONTEXT, PAID_OUT_BEFORE, RECEIVED_BEFORE, PRICE_CONTEXT, type AmountField,
} from "./patterns/zh/amounts.js";

export interface MoneyValue {
  yuan: number;
  approx: boolean;
}

export interface FactAct {
  category: ActCategory;
  mechanism: ActMechanism;
}

export interface FactFindings {
  acts: Found<FactAct>[];
  instruments: {
    bankCards: Found<number> | null;
    phoneCards: Found<number> | null;
    paymentAccounts: Found<number> | null;
    corporateAccounts: Found<number> | null;
  };
  amounts: {
    settlement: Found<MoneyValue> | null;
    fraudLinked: Found<MoneyValue> | null;
    illegalGain: Found<MoneyValue> | null;
  };
}

export interface FactDefendant {
  name: string;
  kind: "person" | "unit";
}

// ---------------------------------------------------------------------------------------------
// Running the tables: literal pre-checks first, context checks in code after a match

/**
 * The literals a pre-check stands for. A need is a regex source restricted to plain characters,
 * (?:…) groups, | and ? (the vocabulary fragments of the tables are written that way), so it is
 * the finite set of strings it matches. Anything else is a table error.
 */
function literalsOf(src: string): string[] {
  let i = 0;
  const alternation = (): string[] => {
    let out = sequence();
    while (src[i] === "|") {
      i++;
      out = out.concat(sequence());
    }
    return out;
  };
  const sequence = (): string[] => {
    let current = [""];
    while (i < src.length && src[i] !== "|" && src[i] !== ")") {
      let atom: string[];
      if (src.startsWith("(?:", i)) {
        i += 3;
        atom = alternation();
        if (src[i] !== ")") throw new Error(`need ${src}: unclosed group`);
        i++;
      } else if ("()[]{}\\.*+^$?".includes(src[i])) {
        throw new Error(`need ${src}: unsupported syntax at ${i}`);
      } else {
        atom = [src[i++]];
      }
      if (src[i] === "?") {
        i++;
        atom = [...atom, ""];
      }
      current = current.flatMap((a) => atom.map((b) => a + b));
    }
    return current;
  };
  const out = alternation();
  if (i !== src.length) throw new Error(`need ${src}: unbalanced ")"`);
  return [...new Set(out.filter((l) => l.length > 0))];
}

/** The distinct pre-checks (`needs`) of all tables, by source. */
const NEED_INDEX = new Map<string, number>();
/** Every literal of every need, with the needs it satisfies, bucketed by its first code unit. */
const LITERAL_BUCKET = new Uint16Array(0x10000);
const BUCKETS: { literal: string; needs: number[] }[][] = [[]];

function needIndex(src: string): number {
  let i = NEED_INDEX.get(src);
  if (i !== undefined) return i;
  i = NEED_INDEX.size;
  NEED_INDEX.set(src, i);
  for (const literal of literalsOf(src)) {
    const c = literal.charCodeAt(0);
    if (LITERAL_BUCKET[c] === 0) {
      LITERAL_BUCKET[c] = BUCKETS.length;
      BUCKETS.push([]);
    }
    const bucket = BUCKETS[LITERAL_BUCKET[c]];
    const entry = bucket.find((e) => e.literal === literal);
    if (entry) entry.needs.push(i);
    else bucket.push({ literal, needs: [i] });
  }
  return i;
}

interface Table<Y> {
  rules: Rule<Y>[];
  /** Per rule, the indexes of its pre-checks (all must be present). */
  needs: number[][];
  order: Map<Rule<Y>, number>;
}

function compileTable<Y>(rows: readonly TableRow<Y>[]): Table<Y> {
  const rules = compileRules(rows);
  return { rules, needs: rows.map((r) => (r.needs ?? []).map(needIndex)), order: new Map(rules.map((r, i) => [r, i])) };
}

const ACT_TABLE = compileTable(ACT_ROWS);
const INSTRUMENT_TABLE = compileTable(INSTRUMENT_ROWS);
const AMOUNT_TABLE = compileTable(AMOUNT_ROWS);
const NEED_COUNT = NEED_INDEX.size;

/**
 * Which pre-checks occur in which sentences: one pass over a sentence (when a table first runs on
 * it), looking up each character's literals. A need never spans two sentences: its literals hold
 * no 。 or line break. Rows whose needs a sentence lacks are not run on it.
 */
class Literals {
  /** sentence index × NEED_COUNT + need → 1 when the need occurs in the sentence. */
  private readonly present: Uint8Array;
  private readonly scanned: Uint8Array;

  constructor(sentences: readonly Sentence[]) {
    this.present = new Uint8Array(sentences.length * NEED_COUNT);
    this.scanned = new Uint8Array(sentences.length);
  }

  has(s: Sentence, needs: readonly number[]): boolean {
    if (this.scanned[s.index] === 0) this.scan(s);
    const row = s.index * NEED_COUNT;
    for (const i of needs) if (this.present[row + i] === 0) return false;
    return true;
  }

  private scan(s: Sentence): void {
    this.scanned[s.index] = 1;
    const t = s.text;
    const row = s.index * NEED_COUNT;
    for (let j = 0; j < t.length; j++) {
      const b = LITERAL_BUCKET[t.charCodeAt(j)];
      if (b === 0) continue;
      for (const e of BUCKETS[b]) {
        if (e.literal.length === 1 || t.startsWith(e.literal, j)) for (const n of e.needs) this.present[row + n] = 1;
      }
    }
  }
}

/**
 * Every match of every rule of `table` in the sentence, ordered by start then table order (as
 * the engine's findAll). `reject` is a context check on a match start: a rejected match is
 * retried one character later, exactly as a lookbehind failing at that position would.
 */
function scanTable<Y>(table: Table<Y>, s: Sentence, literals: Literals, reject?: (y: Y, text: string, at: number) => boolean): RuleMatch<Y>[] {
  const text = s.text;
  const out: RuleMatch<Y>[] = [];
  for (let k = 0; k < table.rules.length; k++) {
    if (!literals.has(s, table.needs[k])) continue;
    const rule = table.rules[k];
    const re = rule.re;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (reject && reject(rule.yields, text, m.index)) {
        re.lastIndex = m.index + 1;
        continue;
      }
      out.push({ rule, match: m, start: m.index, end: m.index + m[0].length });
    }
  }
  if (out.length > 1) out.sort((a, b) => a.start - b.start || table.order.get(a.rule)! - table.order.get(b.rule)!);
  return out;
}

/** Characters that end the stretch a passive marker may reach over (，。；：). */
const PASSIVE_STOP = "，。；：";

/**
 * The match at `at` is the object of someone else's recruiting: "被" (not 被告), "经" (not 经营,
 * 经常, 经济, 经审查, 经二审) or "通过" stands at most 12 characters before it in its clause.
 */
function passiveBefore(text: string, at: number): boolean {
  for (let q = at - 1; q >= 0 && q >= at - 13; q--) {
    const c = text[q];
    if (PASSIVE_STOP.includes(c)) break;
    // q + 1 <= at, a character of the text (the match starts at `at`)
    if (c === "被" && text[q + 1] !== "告") return true;
    if (c === "经" && !"营常济审查二".includes(text[q + 1])) return true;
    if (c === "过" && q >= 1 && text[q - 1] === "通") return true;
  }
  // "由朋友介绍，…": introduced by someone else
  return INTRODUCED_BY.test(text.slice(Math.max(0, at - 14), at));
}
/** "由朋友介绍", "由王某介绍" right before the match: he was the one introduced. */
const INTRODUCED_BY = /由(?:其)?(?:朋友|他人|网友|别人|熟人|同学|老乡|亲戚|亲友|工友|同事|上家|上线|中间人|[\u4e00-\u9fff]某{1,2}|“[^”]{1,10}”)(?:[（(][^）)]{0,8}[）)])?$/;

const rejectPassive = (y: ActYield, text: string, at: number): boolean =>
  (y.notPassive === true && passiveBefore(text, at)) || (y.notOthers === true && OTHERS_SUBJECT_BEFORE.test(text.slice(Math.max(0, at - 6), at)));

/** Another party as the subject right before a trading verb ("他人收购", "对方购买"), not its beneficiary ("为他人收购"). */
const OTHERS_SUBJECT_BEFORE = /(?<![向给为替帮与])(?:他人|别人|其他人|对方|上家|上线|下家|卡商|买家|买方|有人|网友|男子|女子|团伙|人员|不法分子|犯罪分子|诈骗分子)$/;
/** A trading phrase that only qualifies a person or place: "收购银行卡的男子", "收购银行卡的微信群". */
const QUALIFIES_PERSON_AFTER = /^(?:的|之)[^，。；]{0,4}?(?:人|男子|女子|人员|上家|上线|下家|团伙|中介|卡商|老板|商人|买家|群|平台|网友|朋友|广告|信息)/;

// ---------------------------------------------------------------------------------------------
// Gate and regions

/** The document is about 帮信 itself (charge, defence or reasoning). */
const STRONG_GATE = /帮助信息网络犯罪|帮信罪/;
/**
 * Telecom-fraud money moved through cards: 掩饰、隐瞒 and fraud judgments about the same acts,
 * including an accomplice who withdraws a fraud group's money ("诈骗团伙…持…银行卡…取现").
 */
const WEAK_GATE = /电信(?:网络)?诈骗|网络诈骗|电诈|利用信息网络|信息网络实施|跑分|断卡|涉诈|诈骗(?:犯罪)?(?:团伙|集团|分子)/;
const INSTRUMENT_GATE = /银行卡|银行账户|对公账户|支付宝|收款码|电话卡|手机卡|流量卡|物联网卡|猫池|GOIP|VOIP|U盾|四件套|跑分/i;
/** The court's facts say no more than "as the indictment says". */
const ADOPTS_PROSECUTION = /与(?:公诉机关|检察院|起诉书)?(?:的)?指控(?:的)?(?:犯罪)?事实(?:基本)?(?:一致|相同|相符)|(?:公诉机关|起诉书)指控的(?:犯罪)?事实(?:清楚|属实|一致)/;
/** Sentence ends for attribution: whole sentences (courts chain one defendant's findings with ；). */
const SENTENCE_END = /[。！？!?]/;

type Tier = "facts" | "reasoning";
interface Region {
  start: number;
  end: number;
  tier: Tier;
  /** Sentences reporting the defence or appeal are skipped in the court's own sections. */
  court: boolean;
  /** Only sentences that continue the facts ("另查明，…") are read (the evidence list around them is not). */
  continuationsOnly?: boolean;
}

function readingRegions(text: string, sections: readonly Section[]): Region[] {
  const facts = sections.filter((s) => s.kind === "facts");
  const reasoning = sections.filter((s) => s.kind === "reasoning");
  const prosecution = sections.filter((s) => s.kind === "prosecution");
  const regions: Region[] = [];
  const adopts = facts.length === 0 || facts.some((s) => ADOPTS_PROSECUTION.test(text.slice(s.start, s.end)));
  if (adopts) for (const s of prosecution) regions.push({ start: s.start, end: s.end, tier: "facts", court: false });
  for (const s of facts) regions.push({ start: s.start, end: s.end, tier: "facts", court: true });
  if (facts.length > 0) {
    for (const s of sections) if (s.kind === "evidence") regions.push({ start: s.start, end: s.end, tier: "facts", court: true, continuationsOnly: true });
  }
  for (const s of reasoning) regions.push({ start: s.start, end: s.end, tier: "reasoning", court: true });
  if (regions.length === 0) {
    // No anchors at all (a fragment): everything before the result, appendix or signature.
    const stop = sections.find((s) => s.kind === "judgment" || s.kind === "appeal-notice" || s.kind === "signature" || s.kind === "appendix");
    const parties = sections.find((s) => s.kind === "parties");
    const start = parties ? parties.end : 0;
    const end = stop ? stop.start : text.length;
    if (end > start) regions.push({ start, end, tier: "facts", court: true });
  }
  return regions.sort((a, b) => a.start - b.start);
}

/** Text that may decide the gate: everything but the appendix (statute text cites 支付结算 etc.). */
function gateText(text: string, sections: readonly Section[]): string {
  const appendix = sections.find((s) => s.kind === "appendix");
  return appendix ? text.slice(0, appendix.start) : text;
}

// ---------------------------------------------------------------------------------------------
// Sentences and attribution

/** Reported speech of the defence or the appellant, which the court's sections quote and answer. */
const REPORTED = /辩称|辩解|辩护人|辩护意见|上诉理由|上诉称|上诉人[^。]{0,12}(?:提出|认为|称)|提出[^。]{0,20}(?:意见|理由|异议)|量刑建议/;
/**
 * The court rejecting part of the indictment ("关于公诉机关指控被告人X在ATM机取现5万元的事实，经查，
 * …不能认定"): the figures and acts of that sentence are the prosecution's, not the court's.
 */
const REJECTION = /不能认定|不予认定|无法认定|不能证实|无法证实|不足以(?:证实|认定)|证据不足|不予支持|不能成立|不予确认|不予采信/;
const REJECTED_CLAIM = new RegExp(String.raw`^(?=[^。]*?(?:指控|^\s*关于))[^。]*?(?:${REJECTION.source})`);
/** Evidence listed inside the facts ("上述事实，有…银行卡交易流水…等证据证实"). */
const EVIDENCE_LIST = /足以认定|等证据|证据(?:证实|证明|在案)|予以(?:证实|证明|确认)|书证|证人证言|(?:辨认|讯问|询问|搜查|扣押)笔录/;
/** Findings added after the evidence list: "另查明，…", "经查，…". */
const FACT_CONTINUATION = /^(?:[一二三四五六七八九十0-9]+[、.．])?(?:另|又|还|再|经审理)?(?:查明|经查)/;
/** The law in general ("出租、出售信用卡…的，应当认定为…"), not this defendant. */
const GENERAL = /(?:根据|依照|依据|按照)[^。]{0,40}(?:规定|解释|意见|纪要)|(?:的|者)[，,](?:应当|可以|属于|以|依照|认定|依法)|下列情形|情节严重[：:]/;
/** All defendants at once. */
const ALL_DEFENDANTS = /(?:[二两三四五六七八九十]|各|上述|全体|以上|[0-9]+名?)被告人(?![^，。；]{0,3}(?:之一))|被告人均|均系被告人/;
/** What may stand between two names of one group: "被告人A、被告人B", "A伙同B". */
const GROUP_GAP = /^(?:被告人|上诉人|原审被告人|被告单位|[、，,和与及同并\s]|以及|伙同)*$/;
/** Since the last defendant named, the subject became other people ("上述人员名下银行卡接收转移…"). */
const FOREIGN_OWNER = /上述人员|上述[0-9一二三四五六七八九十两]+(?:名)?人|等人名下|[0-9一二三四五六七八九十两]+人名下/;
/** In a sentence without a defendant's name, a subject that is not the defendant. */
const FOREIGN_IN_SENTENCE = /另案(?:处理|处置)|诈骗分子|诈骗团伙|犯罪分子|不法分子|诈骗人员/;
/**
 * A sentence naming no defendant that opens with another person: a masked name (刘某, 王某某, 张某1)
 * or a nickname in quotes, as its subject (not "王某的银行卡", "王某名下").
 */
const FOREIGN_START = /^\s*(?:(?:经查|另查明|同时|其间|期间|此后|随后|之后|后)[，,]?)?(?:(?:上家|上线|下家|下线|卡商|卡头|买家|买方|收卡人|同案人|同伙)(?:[\u4e00-\u9fff]某{1,2}[甲乙丙丁0-9]?|“[^”]{1,10}”)?|[\u4e00-\u9fff]某{1,2}[甲乙丙丁0-9]?|“[^”]{1,10}”)(?:[（(][^）)]{0,12}[）)])?(?![的之某]|名下|[，,]|等人)/;
/** A clause that turns back to the defendant (其 in such a sentence is the other person). */
const SELF_SUBJECT = /^(?:被告人|上诉人|原审被告人)/;
/** People the court says are dealt with elsewhere: "出售给刘强（另案处理）" → candidates "给刘强", "刘强". */
const DEALT_WITH_ELSEWHERE = /([\u4e00-\u9fff]{2,3})[（(]另案(?:处理|处置|侦查|起诉)?[）)]/g;
/** A clause whose subject is someone else: "上线获利…", "黄某将其银行卡…", "“小黑”收购…". */
const FOREIGN_CLAUSE = /^(?:后|而|再|又|随后|然后|其后|之后|嗣后|并由|由|经查)?(?:诈骗分子|诈骗团伙|诈骗人员|不法分子|犯罪分子|上线|上家|下线|对方|他人|买家|买方|卡商|收卡人|被害人|受害人|[\u4e00-\u9fff]某{1,2}[甲乙丙丁0-9]?(?![\u4e00-\u9fff]*(?:的|名下))|“[^”]{1,10}”)/;
/** Someone dealt with elsewhere stands in the clause: "黄某（另案处理）获利…". */
const OTHER_CASE = /另案(?:处理|处置)/;
/** Cards or accounts that belong to others (brokered ones, recruited people's). */
const OTHER_OWNERSHIP = /(?:他人|别人|其他人)(?:名下|办理|提供)|收购|收买|回收|(?:贩卖|倒卖)(?:他人|别人)|(?:他人|别人)的[^，。；]{0,6}(?:卡|账户|帐户)|上述人员|上述[0-9一二三四五六七八九十两]+(?:名)?人|等人(?:名下|的|提供)|[0-9一二三四五六七八九十两]+人名下|下线|卡农|其(?:介绍|收购|招揽|组织|纠集|纠结)|(?:收购|购买|介绍)的/;
/** A flow or count stated for his own cards: used when no own-account act was read. */
const OWN_MARK = /名下|本人|自己|其(?:银行卡|账户|帐户|支付宝|微信|卡)/;
const PLURAL_CARDS = /多张|数张|若干|一批|等银行卡|等多/;
const PLURAL_ACCOUNTS = /多个|数个|若干|一批|等多/;
const ADDITIONAL = /又|再|另|还|此外/;
/**
 * A preposition or verb right before a name makes it an object: 经/在/受/向/给/交给 (被告人)X;
 * so does a phrase the name is inside of: "按照X的安排", "持X提供的银行卡", "使用X的账户".
 */
const OBLIQUE_BEFORE = /(?:经|在|受|应|向|给|替|为|帮|从|跟|帮助|介绍|招揽|纠集|组织|联系|按照?|根据|依照|听从|持|使用|利用)(?:被告人|上诉人|原审被告人)?$/;
/** Between the names of one object list ("从被告人A、B及王某等人处收购"): the whole list is oblique. */
const OBJECT_LIST_GAP = /^(?:被告人|上诉人|原审被告人|被告单位|[、和与及\s]|以及)+$/;
/** Between two counts of one list: "、", "及", "和" and a card name, nothing that makes one part of the other. */
const LIST_GAP = /^(?!.*(?:其中|共|合计|总计))[^，。；]{0,2}[、及和与][^，。；]{0,10}$/;
/** A reference back to cards already described: "上述银行卡", "该卡", "前述账户". */
const REFERS_TO_CARD = /(?:上述|该|前述|这些|以上|此)(?:[0-9一二三四五六七八九十两]+张)?(?:银行卡|卡|账户|帐户|银行账户|支付宝|微信)/;
/** A sentence summing up the episodes found before it. */
const SUMMING_UP = /^\s*(?:综上(?:所述)?|综合以上|总之|以上(?:事实)?合计)/;
const REFERS_ANYWHERE = /上述|前述|以上|该|这/;
/** A count that refers back to accounts described before: "上述两张银行卡", "该3张银行卡". */
const REFERS_BEFORE = /(?:上述|前述|以上|该|这)$/;
/** What continues a masked name into another person's: 张某 → 张某某, 张某1, 张某甲. */
const MASK_CONTINUATION = /[某0-9甲乙丙丁戊己庚辛]/;
/** "分别": what follows is divided among the group named before, item by item. */
const RESPECTIVELY = /分别/;
/** The rest of a clause that lists kinds of help: "…、推广引流等帮助", "…技术支持". */
const HELP_KIND_AFTER = /^[^，。；]*?(?:帮助|技术支持)/;
/** In a sentence naming nobody, 其/自己 still make the defendant the subject. */
const SELF_REFERENCE = /其|自己|本人/;
/** How far back in a sentence context is looked for (bounds the work on run-on sentences). */
const LOOKBACK = 200;
const CLAUSE_BREAK = /[，,；;]/;
/** ，, ； ; end a clause. */
const CLAUSE_END: ReadonlySet<number> = new Set([0xff0c, 0x2c, 0xff1b, 0x3b]);

interface NameHit {
  idx: number;
  start: number;
  end: number;
  /** Object of a preposition ("在被告人甲某的介绍下", "交给被告人乙某"): not the clause's subject. */
  oblique: boolean;
}

interface Sentence {
  start: number;
  end: number;
  text: string;
  tier: Tier;
  hits: NameHit[];
  /** Defendants the sentence continues when a match has no name before it. */
  carried: number[];
  skip: boolean;
  /** Position in the document's sentence list. */
  index: number;
  /** Names nobody and opens with someone dealt with elsewhere ("刘强将收购的银行卡转卖…"). */
  othersStart: boolean;
}

/** Place names before a unit's trade name ("东莞市讯达网络科技有限公司" → "讯达…"). */
const UNIT_PLACE_PREFIX = /^(?:[\u4e00-\u9fff]{1,7}?(?:省|自治区|市|自治州|地区|盟|县|区|旗))+/;
/** What ends a unit's name: its company form. */
const UNIT_FORM = /(?:股份有限公司|有限责任公司|有限公司|公司|工作室|中心|商行|厂)$/;

/**
 * The forms a defendant is named by in the facts: the name as written and, for a unit, the short
 * name courts use after the first mention ("讯达公司" for "东莞市讯达网络科技有限公司"): the first two
 * characters of the trade name with its company form. Masked trade names (某某…) have no short form.
 */
function nameForms(d: FactDefendant): string[] {
  const name = d.name.replace(/\s+/g, "");
  if (d.kind !== "unit" || name.length === 0) return [name];
  const form = UNIT_FORM.exec(name);
  const trade = name.replace(UNIT_PLACE_PREFIX, "");
  if (!form || trade.length < 2 + form[0].length || /[某×XＸ*＊]/.test(trade.slice(0, 2))) return [name];
  const short = trade.slice(0, 2) + (form[0].endsWith("公司") ? "公司" : form[0]);
  return short === name ? [name] : [name, short];
}

const UNIT_REFERENCES: ReadonlySet<string> = new Set(["被告单位", "该单位", "该公司"]);
/** "被告单位直接负责的主管人员", "被告单位的法定代表人", "被告单位某某公司" (the name follows). */
const UNIT_REFERENCE_NOT_SUBJECT = /^(?:的|之|直接|其他|法定|诉讼|负责|[\u4e00-\u9fff]{2,}?(?:公司|单位))/;
/** A unit referred to without its name: the only unit defendant is "被告单位", "该公司", "该单位". */
function unitReferences(defendants: readonly FactDefendant[], forms: string[][]): void {
  const units = defendants.flatMap((d, i) => (d.kind === "unit" ? [i] : []));
  if (units.length !== 1) return;
  const u = units[0];
  forms[u].push("被告单位", "该单位");
  if (forms[u][0].endsWith("公司")) forms[u].push("该公司");
}

function findNames(sentence: string, forms: readonly (readonly string[])[]): NameHit[] {
  const hits: NameHit[] = [];
  forms.forEach((names, idx) => {
    for (const n of names) {
      if (n.length === 0) continue;
      const masked = n.endsWith("某");
      let at = sentence.indexOf(n);
      while (at >= 0) {
        // 张某 is not inside 张某某 or 张某1 (other people masked the same way)
        const next = sentence.charAt(at + n.length);
        // a reference without the name ("被告单位", "该公司") names the unit only as a subject
        const reference = UNIT_REFERENCES.has(n) && UNIT_REFERENCE_NOT_SUBJECT.test(sentence.slice(at + n.length, at + n.length + 4));
        if (!(masked && MASK_CONTINUATION.test(next)) && !reference) {
          hits.push({ idx, start: at, end: at + n.length, oblique: OBLIQUE_BEFORE.test(sentence.slice(Math.max(0, at - 8), at)) });
        }
        at = sentence.indexOf(n, at + n.length);
      }
    }
  });
  // 王某 inside 王某某: the longer name wins
  const kept = hits.filter((h) => !hits.some((o) => o !== h && o.end - o.start > h.end - h.start && o.start <= h.start && o.end >= h.end));
  kept.sort((a, b) => a.start - b.start);
  // the names listed after an oblique one share its role ("从被告人A、B处收购": B is no subject either)
  for (let i = 1; i < kept.length; i++) {
    if (kept[i - 1].oblique && !kept[i].oblique && OBJECT_LIST_GAP.test(sentence.slice(kept[i - 1].end, kept[i].start))) kept[i].oblique = true;
  }
  return kept;
}

/** The group of names that ends with hits[k]: consecutive names joined by 、/和/伙同. */
function groupEndingAt(sentence: string, hits: readonly NameHit[], k: number): number[] {
  const group = [hits[k].idx];
  for (let j = k - 1; j >= 0; j--) {
    if (!GROUP_GAP.test(sentence.slice(hits[j].end, hits[j + 1].start))) break;
    group.push(hits[j].idx);
  }
  return [...new Set(group)];
}

/** Defendants a match at [at, …) of the sentence belongs to. */
function ownersAt(s: Sentence, at: number): number[] {
  let k = -1;
  for (let i = 0; i < s.hits.length; i++) if (s.hits[i].end <= at && !s.hits[i].oblique) k = i;
  if (k >= 0) return groupEndingAt(s.text, s.hits, k);
  // names only after the match: the match's subject is the previous one ("王某将卡交给被告人张三")
  return s.carried;
}

/** The sentence up to `at`, after the last defendant named before it. */
function sinceName(s: Sentence, at: number): string {
  let from = Math.max(0, at - LOOKBACK);
  for (const h of s.hits) if (h.end <= at) from = h.end;
  return s.text.slice(from, at);
}

/** A match whose subject is evidently someone other than the defendants. */
function foreignSubject(s: Sentence, at: number): boolean {
  const since = sinceName(s, at);
  if (FOREIGN_OWNER.test(since)) return true;
  if (s.hits.length > 0) return false;
  if (FOREIGN_IN_SENTENCE.test(since)) return true;
  // "刘某将收购的银行卡转卖给他人，从中获利8万元": a sentence about another person throughout
  // (其 there is that person), unless a clause turns back to the defendant ("…，被告人从中获利")
  return (FOREIGN_START.test(s.text) || s.othersStart) && !SELF_SUBJECT.test(clausePrefix(s, at));
}

/** Names (2 or 3 characters before "（另案处理）") of people the document says are dealt with elsewhere. */
function othersDealtWithElsewhere(text: string, regions: readonly Region[], names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const r of regions) {
    const t = text.slice(r.start, r.end);
    if (!t.includes("另案")) continue;
    DEALT_WITH_ELSEWHERE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = DEALT_WITH_ELSEWHERE.exec(t)) !== null) {
      const w = m[1];
      for (const cand of [w, w.slice(-2)]) if (!names.some((n) => n.includes(cand) || cand.includes(n))) out.add(cand);
    }
  }
  return [...out];
}

/** The clause around position `at` up to it, after the last defendant name in that clause. */
function clausePrefix(s: Sentence, at: number): string {
  const floor = Math.max(0, at - LOOKBACK);
  let from = at;
  while (from > floor && !CLAUSE_END.has(s.text.charCodeAt(from - 1))) from--;
  for (const h of s.hits) if (h.end <= at && h.end > from) from = h.end;
  return s.text.slice(from, at);
}

/**
 * What the defendant knew ("在明知他人收购银行卡用于实施信息网络犯罪的情况下，仍…", "明知彭某收购
 * 银行卡…，仍…", "得知有人收购银行卡后，…"): the complement of 明知 / 知道 / 得知 up to 的情况下 /
 * 前提下 / the clause end / 仍 / 还 / 却 / 而 describes other people's doings, not his: its trading
 * words are no brokering of his and the names in it are no subjects. A run-on complement that
 * holds his own handing-over ("明知对方系诈骗团伙将其名下银行卡出售…") is left alone.
 */
const KNOWN_COMPLEMENT = /(明知道?|明明知道|知道|知晓|得知)([^，。；]{1,60}?)(?=(?:的)?(?:情况下|前提下)|[，,]|仍|还|依然|依旧|却|而)/g;
/** His own act in an unpunctuated run-on ("明知对方系诈骗团伙将其名下银行卡出售…"): not masked. */
const OWN_ACT_IN_COMPLEMENT = /(?:将|把)(?:其|本人|自己)|其(?:本人)?名下|本人名下/;
/** Replaces masked characters: it occurs in no table and keeps every offset. */
const MASK_CHAR = "\u3013";

/** The sentence with what the defendant merely knew of masked out (same length). */
function maskKnown(sentence: string): string {
  if (!KNOWN_TRIGGER.test(sentence)) return sentence;
  return sentence.replace(KNOWN_COMPLEMENT, (m, verb: string, what: string) => (OWN_ACT_IN_COMPLEMENT.test(what) ? m : verb + MASK_CHAR.repeat(what.length)));
}
const KNOWN_TRIGGER = /知道|明知|知晓|得知/;

/**
 * In a sentence where the court rejects part of the indictment, only the clauses stating its own
 * finding are read ("…，本院认定支付结算金额为1,326,000元"); the rest is masked.
 */
const COURT_OWN_FINDING = /本院(?:依法|据此|仅|只)?(?:认定|确认|采信)|(?:应|应当|只能|仅能|依法)认定|(?:查实|核实|实际)[^，；]{0,12}为/;
/** A rejection that points back at the claim stated in the sentence before. */
const REJECTS_PREVIOUS = /该部分|该节|此节|上述指控|该指控|该项指控|这一指控|此项指控|该起|该笔|上述事实|该事实/;
function maskRejected(sentence: string): string {
  const clauses = [...sentence.matchAll(/[^，,；;。]+/g)];
  let first = clauses.findIndex((c, i) => c[0].includes("指控") || (i === 0 && /^\s*关于/.test(c[0])));
  let last = -1;
  clauses.forEach((c, i) => {
    if (REJECTION.test(c[0])) last = i;
  });
  if (first < 0 || last < first) {
    first = 0;
    last = clauses.length - 1;
  }
  let out = "";
  let at = 0;
  clauses.forEach((c, i) => {
    const keep = i < first || i > last || (COURT_OWN_FINDING.test(c[0]) && !/不予|不能|无法/.test(c[0]));
    out += sentence.slice(at, c.index) + (keep ? c[0] : MASK_CHAR.repeat(c[0].length));
    at = c.index + c[0].length;
  });
  return out + sentence.slice(at);
}

/** The sentence (after 经查 / 后 and the like) opens with one of `names` as its subject. */
function opensWith(sentence: string, names: readonly string[]): boolean {
  const m = OPENING.exec(sentence);
  const rest = sentence.slice(m ? m[0].length : 0);
  return names.some((n) => rest.startsWith(n) && !/^(?:[的之]|名下|[，,]|等人)/.test(rest.slice(n.length).replace(/^[（(][^）)]{0,12}[）)]/, "")));
}
const OPENING = /^\s*(?:(?:经查|另查明|同时|其间|期间|此后|随后|之后|后)[，,]?)?/;

function buildSentences(text: string, regions: readonly Region[], defendants: readonly FactDefendant[]): Sentence[] {
  const forms = defendants.map(nameForms);
  unitReferences(defendants, forms);
  const others = othersDealtWithElsewhere(text, regions, forms.flat());
  const all = defendants.map((_, i) => i);
  const single = defendants.length === 1;
  const out: Sentence[] = [];
  for (const region of regions) {
    let current: number[] = single ? [0] : [];
    for (const sp of splitSentences(text, region.start, region.end, SENTENCE_END)) {
      const original = text.slice(sp.start, sp.end);
      // "公诉机关指控被告人X在ATM机取现5万元。经查，…该部分事实不能认定。": the claim stated just before
      const prev = out.length > 0 && out[out.length - 1].start >= region.start ? out[out.length - 1] : null;
      const rejectsPrevious = region.court && prev !== null && prev.text.includes("指控") && !COURT_OWN_FINDING.test(prev.text) &&
        REJECTION.test(original) && REJECTS_PREVIOUS.test(original);
      if (rejectsPrevious) prev.skip = true;
      const rejected = rejectsPrevious || (region.court && (original.includes("指控") || original.includes("关于")) && REJECTED_CLAIM.test(original));
      const sentence = maskKnown(rejected ? maskRejected(original) : original);
      const hits = findNames(sentence, forms);
      const carried = single ? [0] : hits.length === 0 && ALL_DEFENDANTS.test(sentence) ? all : current;
      const skip = (region.court && REPORTED.test(original)) || (hits.length === 0 && GENERAL.test(original)) ||
        EVIDENCE_LIST.test(original) || (region.continuationsOnly === true && !FACT_CONTINUATION.test(original));
      const othersStart = hits.length === 0 && others.length > 0 && opensWith(sentence, others);
      out.push({ start: sp.start, end: sp.end, text: sentence, tier: region.tier, hits, carried, skip, index: out.length, othersStart });
      if (hits.length > 0) {
        let last = hits.length - 1;
        for (let i = hits.length - 1; i >= 0; i--) if (!hits[i].oblique) { last = i; break; }
        current = groupEndingAt(sentence, hits, last);
      }
      else if (carried === all) current = all;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Acts

interface ActHit {
  rule: Rule<ActYield>;
  start: number; // in sentence
  end: number;
  owners: number[];
  sentence: number;
  dropped: boolean;
}

/** A new clause inside a recruiting match whose subject is the defendant handing over his own account. */
const OWN_HANDING_AFTER_BREAK = /[，,](?:后|再|遂|并|然后|随后|便|即)?(?:将|把)(?:其|本人|自己)/;
/** A prior record's cause right before an act: "曾于2021年因出租银行卡被行政拘留五日". */
const PRIOR_CAUSE_BEFORE = /(?:曾|此前|以前|之前|先前)(?:[^，。；]{0,14}因(?:涉嫌|犯)?|有(?:过)?)$/;
/** "因出租银行卡受过行政处罚" (in the reasoning, without 曾): the cause with its punishment after it. */
const CAUSE_BEFORE = /因(?:涉嫌|犯)?$/;
const PUNISHED_AFTER = /^[^，。；]{0,30}?(?:被[^，。；]{0,16}?(?:行政拘留|行政处罚|处罚|罚款|判处|拘留|追究)|受(?:过|到)[^，。；]{0,4}(?:行政)?处罚)/;
/** The buyer of a sale a broker arranged: "向被告人X出售", "卖给X". */
const BUYER_BEFORE = /(?:向|给|与)(?:被告人|上诉人|原审被告人)?$/;
/** Phone cards with a count of their own ("手机卡5张", "5张手机卡"), not the phone card of a kit. */
const PHONE_COUNTED_APART = new RegExp(String.raw`${PHONE}(?:共|计|共计)?(?:[0-9]+|[一二两三四五六七八九十百]+)(?:余|多)?(?:张|个)|(?:[0-9]+|[一二两三四五六七八九十百]+)(?:余|多)?(?:张|个)(?:其|本人)?(?:名下)?(?:的)?${PHONE}`);

const CHAT_FOR_PAYMENTS = "zh.acts.payment-account.chat-account-for-payments";
const CHAT_ID = /微信(?:号|账号|帐号)|支付宝号/;

const OWN_HAND_MECHANISMS: ReadonlySet<ActMechanism> = new Set(["bank-card", "payment-account", "corporate-account"]);
const BANK_RE = new RegExp(BANK);
const CARD_WORD = /银行卡|借记卡|储蓄卡|信用卡|银行账户/;

function actHitsOf(s: Sentence, si: number, literals: Literals): ActHit[] {
  const hits: ActHit[] = [];
  const mentionsBank = BANK_RE.test(s.text);
  for (const m of scanTable(ACT_TABLE, s, literals, rejectPassive)) {
    const y = m.rule.yields;
    const before = s.text.slice(Math.max(0, m.start - 4), m.start);
    if (ACT_NEGATION_BEFORE.test(before)) continue;
    const prefix = clausePrefix(s, m.start);
    if (FOREIGN_CLAUSE.test(prefix)) continue;
    if (!y.own && !y.broker) {
      if (PASSIVE_OR_PURPOSE_BEFORE.test(prefix) || OTHER_CASE.test(prefix)) continue;
      if ((y.mechanism === "sms-verification" || y.mechanism === "advertising") && FRAUD_SIDE.test(prefix + m.match[0])) continue;
    }
    if (foreignSubject(s, m.start)) continue;
    if (y.notOthers && QUALIFIES_PERSON_AFTER.test(s.text.slice(m.end, m.end + 12))) continue;
    // "联系他人后，将其本人办理的银行卡出售": after the comma he hands over his own card
    if (y.broker && y.notPassive && OWN_HANDING_AFTER_BREAK.test(m.match[0])) continue;
    // "曾于2021年因出租银行卡被行政拘留": the act of a prior record, not of this case
    if (PRIOR_CAUSE_BEFORE.test(prefix) || (CAUSE_BEFORE.test(prefix) && PUNISHED_AFTER.test(s.text.slice(m.end, m.end + 50)))) continue;
    if (y.notWithBankCard && mentionsBank) continue;
    // purpose-like words in a sentence naming nobody usually describe what the buyer did with the card
    if (y.purpose && s.hits.length === 0 && !SELF_REFERENCE.test(prefix)) continue;
    const owners = ownersAt(s, m.start);
    // "A、B、C分别为其提供支付结算、推广引流等帮助": a list of kinds of help shared out among the
    // group says nothing of each one (but "A、B分别将其名下银行卡出售" is what each of them did)
    if (owners.length > 1 && RESPECTIVELY.test(sinceName(s, m.start)) && HELP_KIND_AFTER.test(s.text.slice(m.end, m.end + 20))) continue;
    hits.push({ rule: m.rule, start: m.start, end: m.end, owners, sentence: si, dropped: false });
  }
  // Own-account words inside a brokering span describe the recruited people's cards
  const brokers = hits.filter((h) => h.rule.yields.broker);
  for (const h of hits) {
    const y = h.rule.yields;
    if (y.own) {
      const shield = brokers.find((b) => b.start < h.end && h.start < b.end);
      if (shield) {
        // the recruited people, not the buyer they sold to ("介绍其同学向被告人X出售银行卡")
        const recruited = s.hits.filter((n) => n.start > shield.start && n.end <= h.start && !shield.owners.includes(n.idx) &&
          !BUYER_BEFORE.test(s.text.slice(Math.max(0, n.start - 6), n.start)));
        if (recruited.length > 0) h.owners = [...new Set(recruited.map((n) => n.idx))];
        else h.dropped = true;
      }
    }
    // the U盾 of a corporate account is part of that account, not a bank card of his own
    if (y.mechanism === "bank-card" && !CARD_WORD.test(s.text.slice(h.start, h.end)) &&
      hits.some((o) => o.rule.yields.mechanism === "corporate-account" && o.start < h.end && h.start < o.end)) {
      h.dropped = true;
    }
    // phone cards listed with a bank card are the 四件套, not a separate act, unless they are
    // counted on their own ("办理手机卡5张、银行卡2张后出售")
    if (y.mechanism === "phone-card" && hits.some((o) => o !== h && (o.rule.yields.mechanism === "bank-card" || o.rule.yields.mechanism === "card-brokering") && o.start < h.end && h.start < o.end) &&
      !PHONE_COUNTED_APART.test(s.text.slice(h.start, h.end))) {
      h.dropped = true;
    }
    // a WeChat id inside a payment-account handing-over ("出售其微信号及微信支付账户") is that account
    if (y.mechanism === "internet-account" && hits.some((o) => o.rule.yields.mechanism === "payment-account" && o.start < h.end && h.start < o.end)) {
      h.dropped = true;
    }
  }
  // "将手机卡5张提供给被告人X插入GOIP设备使用": the device is the receiver's, in the same clause as the handing-over
  for (const h of hits) {
    if (h.rule.yields.mechanism !== "sim-box") continue;
    if (hits.some((o) => !o.dropped && o.rule.yields.own && o.end <= h.start && !CLAUSE_BREAK.test(s.text.slice(o.end, h.start)))) h.dropped = true;
  }
  // "出售给他人，用于接收、转移诈骗资金": the purpose of a handing-over, not a second act
  let firstHanding = Infinity;
  for (const o of hits) if (!o.dropped && (o.rule.yields.own || o.rule.yields.broker)) firstHanding = Math.min(firstHanding, o.start);
  for (const h of hits) if (h.rule.yields.purpose && firstHanding < h.start) h.dropped = true;
  return hits.filter((h) => !h.dropped);
}

/** Money collected with an account: "供他人收款", "用于接收诈骗资金". */
const FOR_PAYMENTS_AFTER = /^[^。；]{0,16}?(?:供|用于|用来|以便)[^，。；]{0,8}?(?:收款|收钱|收取[^，。；]{0,4}?(?:资金|款项|钱款|赃款|赌资|转账)|接收[^，。；]{0,6}?(?:资金|款项|钱款|赃款|转账)|转账|转移资金|支付结算|走账|过账|洗钱)/;
/** Money through a WeChat/Alipay account: "该微信账号在出借期间流入资金…". */
const WECHAT_FLOW = /(?:微信|支付宝)[^。；，]{0,20}?(?:流入|转入|进账|入账|接收|收取|汇入|收款)(?:的)?(?:资金|款项|钱款|赃款|转账|金额)/;
const CHAT_FOR_PAYMENTS_RULES = new Map<Rule<ActYield>, Rule<ActYield>>();

/**
 * A WeChat id (微信号/微信账号) handed over to collect money is a payment account: its wallet is
 * what was lent ("出借微信账号供他人收款", or money stated to flow into it in the next sentence).
 */
function chatAccountsForPayments(hits: ActHit[], sentences: readonly Sentence[]): void {
  for (const h of hits) {
    if (h.rule.yields.mechanism !== "internet-account" || !h.rule.yields.own) continue;
    const s = sentences[h.sentence];
    if (!CHAT_ID.test(s.text.slice(h.start, h.end))) continue;
    const next = sentences[h.sentence + 1];
    if (!FOR_PAYMENTS_AFTER.test(s.text.slice(h.end)) && !WECHAT_FLOW.test(s.text.slice(h.end)) && !(next && !next.skip && WECHAT_FLOW.test(next.text))) continue;
    let rule = CHAT_FOR_PAYMENTS_RULES.get(h.rule);
    if (!rule) {
      rule = { id: CHAT_FOR_PAYMENTS, re: h.rule.re, yields: { mechanism: "payment-account", own: true } };
      CHAT_FOR_PAYMENTS_RULES.set(h.rule, rule);
    }
    h.rule = rule;
  }
}

function resolveActs(hits: readonly ActHit[], sentences: readonly Sentence[]): Found<FactAct>[] {
  const running = hits.some((h) => h.rule.yields.mechanism === "running-points");
  // the WeChat account lent for payments, described again as a chat account ("即将其微信账号交由他人登录")
  if (hits.some((h) => h.rule.id === CHAT_FOR_PAYMENTS)) {
    hits = hits.filter((h) => !(h.rule.yields.mechanism === "internet-account" && CHAT_ID.test(sentences[h.sentence].text.slice(h.start, h.end))));
  }
  const byMechanism = new Map<ActMechanism, ActHit>();
  for (const h of hits) {
    const y = h.rule.yields;
    if (running && (OWN_HAND_MECHANISMS.has(y.mechanism) || y.transfer)) continue;
    const prev = byMechanism.get(y.mechanism);
    const abs = sentences[h.sentence].start + h.start;
    if (!prev || abs < sentences[prev.sentence].start + prev.start) byMechanism.set(y.mechanism, h);
  }
  return [...byMechanism.values()]
    .map((h) => {
      const base = sentences[h.sentence].start;
      const mechanism = h.rule.yields.mechanism;
      return { value: { category: MECHANISM_CATEGORY[mechanism], mechanism }, start: base + h.start, end: base + h.end, rule: h.rule.id };
    })
    .sort((a, b) => a.start - b.start);
}

/** The persons a unit crime is charged to ("被告人A作为被告单位直接负责的主管人员"). */
const RESPONSIBLE_PERSON = /直接负责的主管人员|其他直接责任人员|直接责任人员/g;
/** How far before "直接负责的主管人员" the person's name may stand ("被告人A作为被告单位直接负责的…"). */
const RESPONSIBLE_REACH = 20;

/**
 * 单位犯罪: what the unit did, it did through its responsible persons, and they answer for it.
 * The unit and every person the court names as its 直接负责的主管人员 / 其他直接责任人员 get
 * the union of their acts (the earliest evidence for each mechanism). Amounts stay with whoever
 * received the money.
 */
function shareUnitActs(defendants: readonly FactDefendant[], sentences: readonly Sentence[], acts: Found<FactAct>[][]): void {
  const units = defendants.flatMap((d, i) => (d.kind === "unit" ? [i] : []));
  if (units.length === 0) return;
  const members = new Set<number>(units);
  for (const s of sentences) {
    if (s.hits.length === 0 || (!s.text.includes("责任人员") && !s.text.includes("主管人员"))) continue;
    RESPONSIBLE_PERSON.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = RESPONSIBLE_PERSON.exec(s.text)) !== null) {
      let named: NameHit | null = null;
      for (const h of s.hits) if (h.end <= m.index && defendants[h.idx].kind === "person") named = h;
      if (named && m.index - named.end <= RESPONSIBLE_REACH && defendants[named.idx].kind === "person") members.add(named.idx);
    }
  }
  if (members.size === units.length) return;
  const byMechanism = new Map<ActMechanism, Found<FactAct>>();
  for (const d of members) {
    for (const a of acts[d]) {
      const prev = byMechanism.get(a.value.mechanism);
      if (!prev || a.start < prev.start) byMechanism.set(a.value.mechanism, a);
    }
  }
  const shared = [...byMechanism.values()].sort((a, b) => a.start - b.start);
  for (const d of members) acts[d] = [...shared];
}

/** `other`: the court finds that he helped, but no concrete act was read. */
function otherAct(sentences: readonly Sentence[], d: number): Found<FactAct> | null {
  for (const s of sentences) {
    if (s.tier !== "reasoning" || s.skip) continue;
    const m = HELP_VERDICT.exec(s.text);
    if (!m || VERDICT_NEGATED.test(s.text)) continue;
    if (!ownersAt(s, m.index).includes(d)) continue;
    return { value: { category: "other", mechanism: "other" }, start: s.start + m.index, end: s.start + m.index + m[0].length, rule: "zh.acts.other.help-verdict" };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Instruments

const INSTRUMENT_MECHANISM: Record<InstrumentField, ActMechanism> = {
  bankCards: "bank-card",
  phoneCards: "phone-card",
  paymentAccounts: "payment-account",
  corporateAccounts: "corporate-account",
};

interface CountHit {
  field: InstrumentField;
  value: number;
  total: boolean;
  additional: boolean;
  tier: Tier;
  found: Found<number>;
}

function countHitsOf(s: Sentence, si: number, acts: readonly ActHit[], perDefendant: CountHit[][], literals: Literals): void {
  const mine = acts.filter((a) => a.sentence === si);
  // a sentence without acts may still count the accounts handed over before ("上述两张银行卡…")
  if (mine.length === 0 && !REFERS_ANYWHERE.test(s.text)) return;
  const found: { hit: CountHit; owners: number[] }[] = [];
  for (const m of scanTable(INSTRUMENT_TABLE, s, literals)) {
    const field = m.rule.yields.field;
    const mechanism = INSTRUMENT_MECHANISM[field];
    if (mine.some((a) => a.rule.yields.broker && a.start < m.end && m.start < a.end)) continue;
    if (OTHER_OWNERSHIP.test(s.text.slice(Math.max(0, m.end - LOOKBACK), m.end))) continue;
    const owners = (REFERS_TO_CARD.test(sinceName(s, m.start)) && cardOwnerBefore(acts, si, m.start)) || ownersAt(s, m.start);
    // running points through his own cards and WeChat/Alipay accounts: those are counted too
    const supports = (a: ActHit, own: boolean): boolean => a.rule.yields.mechanism === mechanism ||
      ((field === "bankCards" || field === "paymentAccounts") && a.rule.yields.mechanism === "running-points" && own);
    let supported = mine.some((a) => supports(a, OWN_MARK.test(s.text)));
    let refOwners: number[] | null = null;
    // "经查，上述两张银行卡进账流水…": the count of the cards handed over before
    if (!supported && REFERS_BEFORE.test(s.text.slice(Math.max(0, m.start - 3), m.start))) {
      const ref = accountActBefore(acts, si, m.start);
      if (ref && supports(ref, true)) {
        supported = true;
        refOwners = ref.owners;
      }
    }
    if (!supported) continue;
    let value = parseChineseNumber(m.match.groups?.n ?? "");
    if (value === null || !Number.isInteger(value) || value < 1 || value > 100000) continue;
    // "中国农业银行卡、中国建设银行卡各1张": each of the listed banks
    if (m.match.groups?.each) {
      const banks = distinctBanks(clausePrefix(s, m.start) + m.match[0]).size;
      if (banks >= 2) value *= banks;
    }
    const hit: CountHit = {
      field, value, tier: s.tier,
      total: /共|合计|总计|累计/.test(m.match[0]),
      additional: ADDITIONAL.test(clausePrefix(s, m.start)),
      found: { value, start: s.start + m.start, end: s.start + m.end, rule: m.rule.id },
    };
    const prev = found[found.length - 1];
    // "物联网卡50张、手机卡30张", "中国银行卡2张、工商银行卡1张": one list, the counts add up
    if (prev && prev.hit.field === field && prev.hit.found.end <= hit.found.start &&
      LIST_GAP.test(s.text.slice(prev.hit.found.end - s.start, m.start))) {
      const sum = prev.hit.value + value;
      prev.hit = { ...prev.hit, value: sum, found: { value: sum, start: prev.hit.found.start, end: hit.found.end, rule: `zh.instruments.${field}.list` } };
      continue;
    }
    found.push({ hit, owners: refOwners ?? owners });
  }
  for (const f of found) for (const d of f.owners) perDefendant[d].push(f.hit);
}

function pickCount(hits: readonly CountHit[]): Found<number> | null {
  if (hits.length === 0) return null;
  for (const tier of ["facts", "reasoning"] as const) {
    const inTier = hits.filter((h) => h.tier === tier);
    if (inTier.length === 0) continue;
    const totals = inTier.filter((h) => h.total);
    if (totals.length > 0) return totals.reduce((a, b) => (b.value > a.value ? b : a)).found;
    const distinct = dedupeBy(inTier, (h) => h.value);
    if (distinct.length === 1) return distinct[0].found;
    // "出售银行卡2张…又出售银行卡3张": episodes add up; otherwise the largest restates the rest
    if (distinct.slice(1).every((h) => h.additional)) {
      const value = distinct.reduce((a, h) => a + h.value, 0);
      return { value, start: distinct[0].found.start, end: distinct[distinct.length - 1].found.end, rule: "zh.instruments.sum" };
    }
    return distinct.reduce((a, b) => (b.value > a.value ? b : a)).found;
  }
  return null;
}

/** The banks named in a span ("工商银行卡、农行卡" → 工商, 农业), abbreviations mapped to the full key. */
function distinctBanks(span: string): Set<string> {
  const keys = new Set<string>();
  BANK_NAME_IN_LIST.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BANK_NAME_IN_LIST.exec(span)) !== null) keys.add(bankKey(m));
  return keys;
}

function bankKey(m: RegExpExecArray): string {
  const raw = m[1] ?? m[2];
  return BANK_ABBREVIATION[raw] ?? raw;
}

/** The kinds of account named in a listing, keyed so that the same one named twice counts once. */
interface Listing {
  field: InstrumentField;
  /** The acts whose spans list his own accounts of this kind. */
  accepts: (a: ActHit, span: string) => boolean;
  names: RegExp;
  key: (m: RegExpExecArray) => string;
  /** "多张银行卡", "若干账户": the listing is not complete. */
  plural: RegExp;
}

const LISTINGS: Listing[] = [
  // "工商银行卡、农业银行卡" = 2 cards: the distinct banks named in his own bank-card acts
  {
    field: "bankCards", accepts: (a) => a.rule.yields.mechanism === "bank-card", names: BANK_NAME_IN_LIST,
    key: bankKey, plural: PLURAL_CARDS,
  },
  // "其本人的微信、支付宝账户" = 2 accounts: handed over, or operated himself for running points
  {
    field: "paymentAccounts",
    accepts: (a, span) => a.rule.yields.mechanism === "payment-account" || (a.rule.yields.mechanism === "running-points" && OWN_MARK.test(span)),
    names: PAY_PLATFORM_IN_LIST, key: (m) => m[1], plural: PLURAL_ACCOUNTS,
  },
];

/** The number of distinct accounts of a kind listed (without a count) in his own acts in the facts. */
function listedCount(listing: Listing, acts: readonly ActHit[], sentences: readonly Sentence[]): Found<number> | null {
  const keys = new Set<string>();
  let start = -1;
  let end = -1;
  for (const a of acts) {
    const s = sentences[a.sentence];
    if (s.tier !== "facts") continue;
    const span = s.text.slice(a.start, a.end);
    if (!listing.accepts(a, span)) continue;
    if (listing.plural.test(span)) return null;
    listing.names.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = listing.names.exec(span)) !== null) {
      keys.add(listing.key(m));
      if (start < 0) start = s.start + a.start + m.index;
      end = Math.max(end, s.start + a.start + m.index + m[0].length);
    }
  }
  return keys.size > 0 ? { value: keys.size, start, end, rule: `zh.instruments.${listing.field}.listed` } : null;
}

// ---------------------------------------------------------------------------------------------
// Amounts

interface AmountHit {
  field: AmountField;
  money: MoneyValue;
  total: boolean;
  price: boolean;
  shared: boolean;
  tier: Tier;
  ownMarked: boolean;
  /** Stated as a share ("其中被告人A分得…"). */
  part: boolean;
  /** In the court's summing-up of several episodes ("综上，…共计…"). */
  summary: boolean;
  found: Found<MoneyValue>;
}

/** The latest act before a position that hands over, trades or operates accounts (own, broker or running points). */
function accountActBefore(acts: readonly ActHit[], si: number, at: number): ActHit | null {
  let best: ActHit | null = null;
  for (const a of acts) {
    if (a.sentence > si || (a.sentence === si && a.start >= at)) break;
    if (a.rule.yields.own || a.rule.yields.broker || a.rule.yields.mechanism === "running-points") best = a;
  }
  return best;
}

/**
 * Owners of the account a phrase like "上述银行卡" refers back to: the defendants of the latest
 * own-account act before it (the cards are theirs even when another defendant was named since).
 */
function cardOwnerBefore(acts: readonly ActHit[], si: number, at: number): number[] | null {
  let best: ActHit | null = null;
  for (const a of acts) {
    if (a.sentence > si || (a.sentence === si && a.start >= at)) break;
    if (a.rule.yields.own || a.rule.yields.mechanism === "running-points") best = a;
  }
  return best ? best.owners : null;
}

function amountHitsOf(s: Sentence, si: number, acts: readonly ActHit[], perDefendant: AmountHit[][], literals: Literals): void {
  const notReceived = NOT_RECEIVED.test(s.text);
  for (const m of scanTable(AMOUNT_TABLE, s, literals)) {
    const y = m.rule.yields;
    const raw = m.match.groups?.amt;
    if (!raw) continue;
    const parsed = parseChineseAmount(raw.replace(/，/g, ","));
    if (!parsed || parsed.yuan <= 0) continue;
    const amtEnd = m.start + m.match[0].lastIndexOf(raw) + raw.length;
    const prefix = clausePrefix(s, m.start);
    const sentencePrefix = s.text.slice(Math.max(0, m.start - LOOKBACK), m.start);
    const after = s.text.slice(amtEnd, amtEnd + 6);
    if (RETURNED_BEFORE.test(prefix) || THRESHOLD_AFTER.test(after)) continue;
    if (PER_UNIT.test(prefix) || PER_UNIT.test(after)) continue;
    if (foreignSubject(s, m.start)) continue;
    if (y.field === "illegalGain") {
      if (PROMISED.test(prefix) || notReceived || FOREIGN_CLAUSE.test(prefix) || OTHER_CASE.test(prefix)) continue;
      if (PAID_OUT_BEFORE.test(prefix) && !RECEIVED_BEFORE.test(prefix.replace(PAID_OUT_BEFORE, ""))) continue;
      if (y.price && !PRICE_CONTEXT.test(prefix + m.match[0] + s.text.slice(m.end, m.end + 12))) continue;
    } else {
      if (OTHER_OWNERSHIP.test(sentencePrefix)) continue;
    }
    // a part of the flow ("其中…") is in a total; a part of a shared gain is this defendant's share
    const part = PART_OF.test(sentencePrefix.slice(-60));
    const keywordClause = prefix + s.text.slice(m.start, amtEnd);
    if (y.field === "settlement" && m.rule.id !== "zh.amounts.settlement.payment-settlement" && FRAUD_MONEY_CONTEXT.test(keywordClause)) continue;
    if (y.needsCardContext && !y.price && !CARD_CONTEXT.test(sentencePrefix + m.match[0])) continue;
    const owners = (y.field !== "illegalGain" && REFERS_TO_CARD.test(sinceName(s, m.start)) && cardOwnerBefore(acts, si, m.start)) || ownersAt(s, m.start);
    const money = { yuan: parsed.yuan, approx: parsed.approx };
    const hit: AmountHit = {
      field: y.field, money, tier: s.tier, price: y.price ?? false,
      total: TOTAL_MARK.test(s.text.slice(Math.max(0, m.start - 4), amtEnd)),
      shared: owners.length > 1,
      ownMarked: OWN_MARK.test(sentencePrefix),
      part,
      summary: SUMMING_UP.test(s.text),
      found: { value: money, start: s.start + m.start, end: s.start + amtEnd, rule: m.rule.id },
    };
    for (const d of owners) perDefendant[d].push(hit);
  }
}

function dedupeBy<T>(items: readonly T[], key: (t: T) => number): T[] {
  const seen = new Set<number>();
  const out: T[] = [];
  for (const it of items) {
    const k = Math.round(key(it));
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(it);
  }
  return out;
}

/**
 * Several figures for one field: a grand total equal to the sum of the others is the total;
 * otherwise per-card (or per-episode) figures add up. Restated figures count once.
 */
function combine(hits: readonly AmountHit[], field: AmountField, allowSum: boolean): Found<MoneyValue> | null {
  const distinct = dedupeBy(hits, (h) => h.money.yuan);
  if (distinct.length === 1) return distinct[0].found;
  if (!allowSum) return null;
  const largest = distinct.reduce((a, b) => (b.money.yuan > a.money.yuan ? b : a));
  const others = distinct.filter((h) => h !== largest).reduce((a, h) => a + h.money.yuan, 0);
  if (Math.abs(largest.money.yuan - others) <= largest.money.yuan * 0.01) return largest.found;
  const yuan = Math.round(distinct.reduce((a, h) => a + h.money.yuan, 0) * 100) / 100;
  const approx = distinct.some((h) => h.money.approx);
  const start = Math.min(...distinct.map((h) => h.found.start));
  const end = Math.max(...distinct.map((h) => h.found.end));
  return { value: { yuan, approx }, start, end, rule: `zh.amounts.${field}.sum` };
}

function pickAmount(hits: readonly AmountHit[], field: AmountField): Found<MoneyValue> | null {
  let pool = hits.filter((h) => h.field === field);
  if (pool.length === 0) return null;
  const single = pool.filter((h) => !h.shared);
  if (single.length > 0) pool = single;
  if (field !== "illegalGain") {
    // "流水共计80万元，其中…": the parts are inside the total; parts alone add up
    const whole = pool.filter((h) => !h.part);
    if (whole.length > 0) pool = whole;
  }
  if (field === "illegalGain") {
    const shares = pool.filter((h) => h.part);
    if (shares.length > 0) pool = shares;
    const stated = pool.filter((h) => !h.price);
    if (stated.length > 0) pool = stated;
    else return dedupeBy(pool, (h) => h.money.yuan).length === 1 ? pool[0].found : null;
  }
  const facts = pool.filter((h) => h.tier === "facts");
  const reasoning = pool.filter((h) => h.tier === "reasoning");
  // "综上，…三张银行卡支付结算金额共计82万余元": the court's own sum of the episodes before
  const summed = facts.filter((h) => h.summary);
  if (summed.length > 0) {
    const sum = combine(summed, field, false);
    if (sum) return sum;
  }
  const factTotals = facts.filter((h) => h.total);
  if (factTotals.length > 0) return combine(factTotals, field, true);
  const reasonTotals = reasoning.filter((h) => h.total);
  if (reasonTotals.length > 0) return combine(reasonTotals, field, true);
  if (facts.length > 0) return combine(facts, field, field !== "fraudLinked");
  return combine(reasoning, field, false);
}

// ---------------------------------------------------------------------------------------------

function emptyFindings(): FactFindings {
  return {
    acts: [],
    instruments: { bankCards: null, phoneCards: null, paymentAccounts: null, corporateAccounts: null },
    amounts: { settlement: null, fraudLinked: null, illegalGain: null },
  };
}

/** Mechanisms through which money passed his own accounts (settlement and traced fraud money are his). */
const FLOW_MECHANISMS: ReadonlySet<ActMechanism> = new Set(["bank-card", "payment-account", "corporate-account", "running-points", "cash-out"]);

/**
 * Acts, instruments and amounts per defendant (same order as `defendants`). `text` is the
 * normalized text the sections were computed on; spans are offsets into it.
 */
export function extractFactFindings(text: string, sections: readonly Section[], defendants: readonly FactDefendant[]): FactFindings[] {
  const results = defendants.map(() => emptyFindings());
  if (defendants.length === 0) return results;
  const regions = readingRegions(text, sections);
  if (regions.length === 0) return results;
  const strong = STRONG_GATE.test(gateText(text, sections));
  if (!strong) {
    const regionText = regions.filter((r) => !r.continuationsOnly).map((r) => text.slice(r.start, r.end)).join("\n");
    if (!WEAK_GATE.test(regionText) || !INSTRUMENT_GATE.test(regionText)) return results;
  }

  const sentences = buildSentences(text, regions, defendants);
  const literals = new Literals(sentences);

  const actHits: ActHit[] = [];
  sentences.forEach((s, si) => {
    if (!s.skip) actHits.push(...actHitsOf(s, si, literals));
  });
  chatAccountsForPayments(actHits, sentences);
  const acts = defendants.map((_, d) => resolveActs(actHits.filter((h) => h.owners.includes(d)), sentences));
  shareUnitActs(defendants, sentences, acts);
  // Amounts in fraud or concealment judgments that merely mention cards are not 帮信 figures.
  if (!strong && acts.every((a) => a.length === 0)) return results;

  const counts: CountHit[][] = defendants.map(() => []);
  const amounts: AmountHit[][] = defendants.map(() => []);
  sentences.forEach((s, si) => {
    if (s.skip) return;
    countHitsOf(s, si, actHits, counts, literals);
    amountHitsOf(s, si, actHits, amounts, literals);
  });

  defendants.forEach((_, d) => {
    const r = results[d];
    r.acts = acts[d];
    if (r.acts.length === 0 && strong) {
      const other = otherAct(sentences, d);
      if (other) r.acts = [other];
    }
    const mine = counts[d];
    r.instruments.bankCards = pickCount(mine.filter((h) => h.field === "bankCards"));
    r.instruments.phoneCards = pickCount(mine.filter((h) => h.field === "phoneCards"));
    r.instruments.paymentAccounts = pickCount(mine.filter((h) => h.field === "paymentAccounts"));
    r.instruments.corporateAccounts = pickCount(mine.filter((h) => h.field === "corporateAccounts"));
    const ownActs = actHits.filter((h) => h.owners.includes(d));
    for (const listing of LISTINGS) r.instruments[listing.field] ??= listedCount(listing, ownActs, sentences);

    const flows = r.acts.some((a) => FLOW_MECHANISMS.has(a.value.mechanism));
    const own = amounts[d].filter((h) => h.field === "illegalGain" || flows || h.ownMarked);
    r.amounts.settlement = pickAmount(own, "settlement");
    r.amounts.fraudLinked = pickAmount(own, "fraudLinked");
    r.amounts.illegalGain = pickAmount(own, "illegalGain");
  });
  return results;
}

