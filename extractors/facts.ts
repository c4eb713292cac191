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
 * one. Single-defendant documents need no names. In a unit crime the unit and its responsible
 * persons share their acts.
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
  BANK, BANK_NAME_IN_LIST, BANK_ABBREVIATION, PAY_PLATFORM_IN_LIST, type ActYield, type InstrumentField, type InstrumentYield, type TableRow,
} from "./patterns/zh/acts.js";
import {
  AMOUNT_ROWS, RETURNED_BEFORE, THRESHOLD_AFTER, PER_UNIT, PROMISED, NOT_RECEIVED, PART_OF, TOTAL_MARK,
  FRAUD_MONEY_CONTEXT, CARD_CONTEXT, PAID_OUT_BEFORE, RECEIVED_BEFORE, PRICE_CONTEXT, type AmountField, type AmountYield,
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
    if (PASSIVE_STOP.includes(c)) return false;
    // q + 1 <= at, a character of the text (the match starts at `at`)
    if (c === "被" && text[q + 1] !== "告") return true;
    if (c === "经" && !"营常济审查二".includes(text[q + 1])) return true;
    if (c === "过" && q >= 1 && text[q - 1] === "通") return true;
  }
  return false;
}

const rejectPassive = (y: ActYield, text: string, at: number): boolean => y.notPassive === true && passiveBefore(text, at);

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
}

function findNames(sentence: string, names: readonly string[]): NameHit[] {
  const hits: NameHit[] = [];
  names.forEach((n, idx) => {
    if (n.length === 0) return;
    const masked = n.endsWith("某");
    let at = sentence.indexOf(n);
    while (at >= 0) {
      // 张某 is not inside 张某某 or 张某1 (other people masked the same way)
      const next = sentence.charAt(at + n.length);
      if (!(masked && MASK_CONTINUATION.test(next))) {
        hits.push({ idx, start: at, end: at + n.length, oblique: OBLIQUE_BEFORE.test(sentence.slice(Math.max(0, at - 8), at)) });
      }
      at = sentence.indexOf(n, at + n.length);
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
  return FOREIGN_OWNER.test(since) || (s.hits.length === 0 && FOREIGN_IN_SENTENCE.test(since));
}

/** The clause around position `at` up to it, after the last defendant name in that clause. */
function clausePrefix(s: Sentence, at: number): string {
  const floor = Math.max(0, at - LOOKBACK);
  let from = at;
  while (from > floor && !CLAUSE_END.has(s.text.charCodeAt(from - 1))) from--;
  for (const h of s.hits) if (h.end <= at && h.end > from) from = h.end;
  return s.text.slice(from, at);
}

function buildSentences(text: string, regions: readonly Region[], names: readonly string[]): Sentence[] {
  const all = names.map((_, i) => i);
  const out: Sentence[] = [];
  for (const region of regions) {
    let current: number[] = names.length === 1 ? [0] : [];
    for (const sp of splitSentences(text, region.start, region.end, SENTENCE_END)) {
      const sentence = text.slice(sp.start, sp.end);
      const hits = findNames(sentence, names);
      const carried = names.length === 1 ? [0] : hits.length === 0 && ALL_DEFENDANTS.test(sentence) ? all : current;
      const skip = (region.court && REPORTED.test(sentence)) || (hits.length === 0 && GENERAL.test(sentence)) || EVIDENCE_LIST.test(sentence) ||
        (region.continuationsOnly === true && !FACT_CONTINUATION.test(sentence));
      out.push({ start: sp.start, end: sp.end, text: sentence, tier: region.tier, hits, carried, skip, index: out.length });
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
        const recruited = s.hits.filter((n) => n.start > shield.start && n.end <= h.start && !shield.owners.includes(n.idx));
        if (recruited.length > 0) h.owners = [...new Set(recruited.map((n) => n.idx))];
        else h.dropped = true;
      }
    }
    // the U盾 of a corporate account is part of that account, not a bank card of his own
    if (y.mechanism === "bank-card" && !CARD_WORD.test(s.text.slice(h.start, h.end)) &&
      hits.some((o) => o.rule.yields.mechanism === "corporate-account" && o.start < h.end && h.start < o.end)) {
      h.dropped = true;
    }
    // phone cards listed with a bank card are the 四件套, not a separate act
    if (y.mechanism === "phone-card" && hits.some((o) => o !== h && (o.rule.yields.mechanism === "bank-card" || o.rule.yields.mechanism === "card-brokering") && o.start < h.end && h.start < o.end)) {
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

function resolveActs(hits: readonly ActHit[], sentences: readonly Sentence[]): Found<FactAct>[] {
  const running = hits.some((h) => h.rule.yields.mechanism === "running-points");
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
      for (const h of s.hits) if (h.end <= m.index) named = h;
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
  if (mine.length === 0) return;
  const found: { hit: CountHit; owners: number[] }[] = [];
  for (const m of scanTable(INSTRUMENT_TABLE, s, literals)) {
    const field = m.rule.yields.field;
    const mechanism = INSTRUMENT_MECHANISM[field];
    if (mine.some((a) => a.rule.yields.broker && a.start < m.end && m.start < a.end)) continue;
    if (OTHER_OWNERSHIP.test(s.text.slice(Math.max(0, m.end - LOOKBACK), m.end))) continue;
    const owners = (REFERS_TO_CARD.test(sinceName(s, m.start)) && cardOwnerBefore(acts, si, m.start)) || ownersAt(s, m.start);
    // running points through his own cards and WeChat/Alipay accounts: those are counted too
    const supported = mine.some((a) => a.rule.yields.mechanism === mechanism ||
      ((field === "bankCards" || field === "paymentAccounts") && a.rule.yields.mechanism === "running-points" && OWN_MARK.test(s.text)));
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
    found.push({ hit, owners });
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
  found: Found<MoneyValue>;
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

  const names = defendants.map((d) => d.name.replace(/\s+/g, ""));
  const sentences = buildSentences(text, regions, names);
  const literals = new Literals(sentences);

  const actHits: ActHit[] = [];
  sentences.forEach((s, si) => {
    if (!s.skip) actHits.push(...actHitsOf(s, si, literals));
  });
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

