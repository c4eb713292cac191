/**
 * The result of a Chinese criminal judgment, per defendant: the counts (charge + sentence), the
 * executed sentence and the illegal gains ordered confiscated. Appeals and retrials are resolved
 * to the sentence in force: the first-instance result the document quotes, with the appeal's
 * 维持 / 撤销 / 改判 applied.
 *
 * Matching runs on a working copy of the normalized text in which explanatory brackets (the 刑期
 * bracket, "（已缴纳）", case numbers) are blanked out with the same length, so every offset is
 * still an offset of the normalized view. Only the result section is searched, plus — for
 * appeals — the text before it for the quoted first-instance result.
 */
import type { Principal } from "../corpus/schema.js";
import { compileRules, findAll, findEarliest, type Found, type Rule, type RuleMatch, type RuleRow } from "./engine.js";
import { parseChineseAmount, parseTermMonths } from "./numbers.js";
import type { Section } from "../pipeline/stages/sections.js";
import { codesToString } from "../pipeline/stages/normalize.js";
import {
  AMOUNT_LIST_CONTINUATION, CONFISCATION_AMOUNT, COUNT_BARRIER, CONFISCATION_VERB_RULES, CONVICTION_RULES, DECIDE_RULES,
  DERIVED_RULE, DIRECTIVE_QUOTE_START, DIRECTIVE_RULES, DIRECTIVE_START, FINE_RULES, ILLEGAL_GAIN_NOUN, ITEM_MARKER,
  ITEM_REFERENCE, ORIGINAL_ANCHOR_VETO, ORIGINAL_BLOCK_CONTINUES, ORIGINAL_BLOCK_MAX, ORIGINAL_RESULT_ANCHORS,
  PENALTY_AFTER_NAME, PENALTY_WITHOUT_NAME, PRINCIPAL_RULES, PRIOR_SENTENCE_SUBJECT, PROBATION_RULES,
  PROPERTY_CONFISCATION_RULES, REVISED_START, REVOKED_PART_RULES, ROLE_SRC, TERM_LIST_CONTINUATION, PROBATION_LIST_CONTINUATION,
  type ConfiscationVerb, type ConvictionForm, type DirectiveKind, type FineForm, type RevokedPart,
} from "./patterns/zh/sentence.js";

export * as SENTENCE_PATTERNS from "./patterns/zh/sentence.js";

// ---------------------------------------------------------------------------------------------
// Public types

export interface FoundSentence {
  principal: Found<Principal> | null;
  termMonths: Found<number> | null;
  probationMonths: Found<number> | null;
  fineYuan: Found<number> | null;
  confiscationOfProperty: Found<boolean>;
}

export interface ChargeResult {
  name: Found<string>;
  sentence: FoundSentence | null;
}

export interface Money {
  yuan: number;
  approx: boolean;
}

export interface DefendantResult {
  charges: ChargeResult[];
  /** What is executed: the 决定执行 sentence for several counts, the sentence in force on appeal. */
  sentence: FoundSentence | null;
  /** 追缴 / 没收 / 责令退赔 of illegal gains ordered in the result, for this defendant. */
  confiscated: Found<Money> | null;
}

export interface DefendantRef {
  name: string;
  kind: "person" | "unit";
}

export type Instance = "first" | "second" | "retrial" | "other" | null;

// ---------------------------------------------------------------------------------------------
// Compiled tables (once, at module load). "d" gives the offsets of named groups.

function compileWithIndices<Y>(rows: readonly RuleRow<Y>[]): Rule<Y>[] {
  return compileRules(rows.map((row) => ({
    ...row,
    re: typeof row.re === "string" ? new RegExp(row.re, "d") : new RegExp(row.re.source, row.re.flags.includes("d") ? row.re.flags : row.re.flags + "d"),
  })));
}

const CONVICTION = compileWithIndices(CONVICTION_RULES);
const PRINCIPAL = compileWithIndices(PRINCIPAL_RULES);
const PROBATION = compileWithIndices(PROBATION_RULES);
const FINE = compileWithIndices(FINE_RULES);
const PROPERTY = compileWithIndices(PROPERTY_CONFISCATION_RULES);
const DECIDE = compileWithIndices(DECIDE_RULES);
const DIRECTIVE = compileWithIndices(DIRECTIVE_RULES);
const REVOKED_PART = compileWithIndices(REVOKED_PART_RULES);
const ORIGINAL_ANCHOR = compileWithIndices(ORIGINAL_RESULT_ANCHORS);
const CONFISCATION_VERB = compileWithIndices(CONFISCATION_VERB_RULES);

const ROLE_RE = new RegExp(ROLE_SRC, "g");
/** What a subject may hold besides names and role words. */
const SUBJECT_FILLER = /[\s#、和及与，,“”"'()（）:：]|对于|对/g;
/** A disposition of an earlier judgment somewhere in the result (cheap pre-check). */
const DIRECTIVE_ANYWHERE = /维持|驳回|撤回/;
const CONTINUATION_WORDS = /^(?:并|又|另|还|以及|其|均|分别|该|同时|另外)*$/;
/** Characters that end the subject of "…犯Y罪" when scanning backwards from 犯. */
const SUBJECT_BOUNDARY = new Set(["，", ",", "。", "；", ";", "：", ":", " ", "\n", "\t"]);
const SUBJECT_MAX = 60;
const MASK_CODE = 0x23; // "#"

// ---------------------------------------------------------------------------------------------
// Working text

/** Bracket contents that are notes, not parts of a name: 刑期, payment, case numbers, dates. */
const NOTE_BRACKET = /[0-9]|刑期|羁押|折抵|缴|交纳|考验期|执行|计算|起至|扣押|限|罚金|缓刑|判决|生效|已|上缴|国库|详见|清单|现押|负责/;
const NOTE_BRACKET_MAX = 400;
/** A bracket that is part of the penalty, "有期徒刑一年（缓刑二年）": kept. */
const PENALTY_BRACKET = /^\s*(?:宣告)?缓刑\s*[一二两三四五六七八九十\d]{1,3}\s*(?:年|个月)[^，。；]{0,6}$/;
const NAME_BRACKET_MAX = 12;

/** Scratch buffer for workingText's code units (grown as needed; the string is copied out of it). */
let scratch = new Uint16Array(4096);

/**
 * The normalized text with note brackets blanked (same length) and "2，000" read as "2,000"
 * (a full-width comma between digit groups is a thousands separator in amounts). Only
 * [from, to) is rewritten; the rest is returned as is.
 */
export function workingText(text: string, from = 0, to = text.length): string {
  // edited as UTF-16 code units in a buffer (one string built at the end, not one per character)
  const n = to - from;
  if (n < 0) return text.slice(0, from) + text.slice(to);
  if (scratch.length < n) scratch = new Uint16Array(n * 2);
  const w = scratch;
  for (let i = 0; i < n; i++) w[i] = text.charCodeAt(from + i);
  let changed = false;
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    // a blanked bracket ends at i, so w[i] is still the original character here
    const c = w[i];
    if (c === 0x28 || c === 0xff08) stack.push(i); // ( （
    else if ((c === 0x29 || c === 0xff09) && stack.length > 0) { // ) ）
      const open = stack.pop()!;
      const len = i - open - 1;
      if (len > NOTE_BRACKET_MAX) continue;
      const inner = text.slice(from + open + 1, from + i);
      if (PENALTY_BRACKET.test(inner)) continue;
      if (len > NAME_BRACKET_MAX || NOTE_BRACKET.test(inner)) {
        w.fill(MASK_CODE, open, i + 1);
        changed = true;
      }
    }
  }
  for (let i = 1; i + 3 < n; i++) {
    if (w[i] === 0xff0c && isDigitCode(w[i - 1]) && isDigitCode(w[i + 1]) && isDigitCode(w[i + 2]) && isDigitCode(w[i + 3]) &&
      !(i + 4 < n && isDigitCode(w[i + 4]))) {
      w[i] = 0x2c; // ，→ ,
      changed = true;
    }
  }
  if (!changed) return text;
  const region = codesToString(w, n);
  return from === 0 && to === text.length ? region : text.slice(0, from) + region + text.slice(to);
}

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

// ---------------------------------------------------------------------------------------------
// Names

interface NameHit {
  start: number;
  end: number;
  /** Index into the defendants list. */
  who: number;
}

interface Context {
  w: string;
  defendants: readonly DefendantRef[];
  /** The distinct non-empty names, longest first (equal lengths: in defendant order). */
  usable: string[];
  names: string[];
}

/** Names as they appear in the normalized text: full-width forms folded, spaces removed. */
function matchableName(name: string): string {
  let out = "";
  for (const ch of name.replace(/\s+/g, "")) {
    const code = ch.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xfee0);
    else if ((code >= 0xff21 && code <= 0xff3a) || (code >= 0xff41 && code <= 0xff5a)) out += String.fromCharCode(code - 0xfee0);
    else if (ch === "（") out += "(";
    else if (ch === "）") out += ")";
    else out += ch;
  }
  return out;
}

function buildContext(w: string, defendants: readonly DefendantRef[]): Context {
  const names = defendants.map((d) => matchableName(d.name));
  const usable = [...new Set(names.filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
  return { w, defendants, usable, names };
}

/** Start of the first occurrence of `name` in w at or after `from` that ends by `to`; -1 if none. */
function nextOccurrence(w: string, name: string, from: number, to: number): number {
  const at = w.indexOf(name, from);
  return at === -1 || at + name.length > to ? -1 : at;
}

/**
 * The names in [from, to), scanned left to right without overlaps; where several names start at
 * one position the longest wins ("张某甲" over "张某"). Done with indexOf per name (what a regex
 * alternation of the names would find, without compiling a regex for every document).
 */
function findNames(ctx: Context, from: number, to: number): NameHit[] {
  const usable = ctx.usable;
  if (usable.length === 0 || to <= from) return [];
  const out: NameHit[] = [];
  const next = usable.map((n) => nextOccurrence(ctx.w, n, from, to));
  let pos = from;
  for (;;) {
    let best = -1;
    for (let j = 0; j < usable.length; j++) {
      if (next[j] !== -1 && next[j] < pos) next[j] = nextOccurrence(ctx.w, usable[j], pos, to);
      if (next[j] !== -1 && (best === -1 || next[j] < next[best])) best = j;
    }
    if (best === -1) return out;
    const start = next[best];
    const name = usable[best];
    out.push({ start, end: start + name.length, who: ctx.names.indexOf(name) });
    pos = start + name.length;
  }
}

// ---------------------------------------------------------------------------------------------
// Penalties

interface ParsedSentence {
  found: FoundSentence;
  /** The principal was inferred from a fine alone (no 单处罚金 / term stated). */
  implied: boolean;
  /** A fine is imposed (with or without amount). */
  fineMentioned: boolean;
}

function groupSpan(m: RuleMatch<unknown>, group: string): { start: number; end: number; text: string } | null {
  const idx = m.match.indices?.groups?.[group];
  const text = m.match.groups?.[group];
  if (!idx || text === undefined) return null;
  const offset = m.start - m.match.index;
  return { start: offset + idx[0], end: offset + idx[1], text };
}

/**
 * Items listed right after a first one ("有期徒刑一年、十个月", "罚金五千元、三千元"): each match of
 * `continuation` (anchored, within `window` characters) that follows the previous, with the
 * span of its `group`.
 */
function* listedAfter(w: string, cursor: number, to: number, window: number, continuation: RegExp, group: string): Generator<{ text: string; start: number; end: number }> {
  for (;;) {
    const c = continuation.exec(w.slice(cursor, Math.min(to, cursor + window)));
    const text = c?.groups?.[group];
    if (!c || !text) return;
    cursor += c[0].length;
    yield { text, start: cursor - text.length, end: cursor };
  }
}

interface PrincipalHit {
  principal: Principal;
  start: number;
  end: number;
  rule: string;
  term: number | null;
  termStart: number;
  termEnd: number;
}

function principalsIn(w: string, from: number, to: number): PrincipalHit[] {
  const hits: PrincipalHit[] = [];
  let lastEnd = -1;
  for (const m of findAll(PRINCIPAL, w, from, to)) {
    if (m.start < lastEnd) continue;
    const term = groupSpan(m, "term");
    hits.push({
      principal: m.rule.yields, start: m.start, end: m.end, rule: m.rule.id,
      term: term ? parseTermMonths(term.text) : null, termStart: m.start, termEnd: m.end,
    });
    lastEnd = m.end;
    // "分别判处有期徒刑一年、十个月": further terms of the same kind
    if (m.rule.yields === "fixed-term" || m.rule.yields === "detention" || m.rule.yields === "surveillance") {
      for (const item of listedAfter(w, m.end, to, 40, TERM_LIST_CONTINUATION, "term")) {
        hits.push({
          principal: m.rule.yields, start: item.start, end: item.end, rule: m.rule.id + ".listed",
          term: parseTermMonths(item.text), termStart: item.start, termEnd: item.end,
        });
        lastEnd = item.end;
      }
    }
  }
  return hits;
}

interface FineHit {
  yuan: number | null;
  start: number;
  end: number;
  rule: string;
  form: FineForm;
}

function finesIn(w: string, from: number, to: number): FineHit[] {
  const hits: FineHit[] = [];
  let lastEnd = -1;
  for (const m of findAll(FINE, w, from, to)) {
    if (m.start < lastEnd) continue;
    const amount = groupSpan(m, "amount");
    hits.push({ yuan: amount ? parseChineseAmount(amount.text)?.yuan ?? null : null, start: m.start, end: m.end, rule: m.rule.id, form: m.rule.yields });
    lastEnd = m.end;
    if (m.rule.yields !== "amount") continue;
    for (const item of listedAfter(w, m.end, to, 40, AMOUNT_LIST_CONTINUATION, "amount")) {
      hits.push({ yuan: parseChineseAmount(item.text)?.yuan ?? null, start: item.start, end: item.end, rule: m.rule.id + ".listed", form: "amount" });
      lastEnd = item.end;
    }
  }
  return hits;
}

interface ProbationHit {
  months: number | null;
  start: number;
  end: number;
  rule: string;
}

function probationsIn(w: string, from: number, to: number): ProbationHit[] {
  const hits: ProbationHit[] = [];
  let lastEnd = -1;
  for (const m of findAll(PROBATION, w, from, to)) {
    if (m.start < lastEnd) continue;
    const term = groupSpan(m, "term");
    hits.push({ months: term ? parseTermMonths(term.text) : null, start: m.start, end: m.end, rule: m.rule.id });
    lastEnd = m.end;
    for (const item of listedAfter(w, m.end, to, 30, PROBATION_LIST_CONTINUATION, "term")) {
      const months = parseTermMonths(item.text);
      if (months === null) break;
      hits.push({ months, start: item.start, end: item.end, rule: m.rule.id + ".listed" });
      lastEnd = item.end;
    }
  }
  return hits;
}

/** k nulls (Array.from with a length object is a slow generic path, and this runs per count). */
function nulls(k: number): null[] {
  return new Array<null>(k).fill(null);
}

function firstIn<T extends { start: number }>(hits: readonly T[], from: number, to: number): T | null {
  for (const h of hits) if (h.start >= from && h.start < to) return h;
  return null;
}

function found<T>(value: T, start: number, end: number, rule: string): Found<T> {
  return { value, start, end, rule };
}

/**
 * Penalties in [from, to) for `k` subjects named together. With one principal every subject
 * gets it ("均判处" / "分别判处有期徒刑六个月"); with exactly `k` they are distributed in order
 * ("分别判处有期徒刑一年和十个月"); any other count is ambiguous and yields nothing.
 */
function parsePenalties(w: string, from: number, to: number, k: number): (ParsedSentence | null)[] {
  const none = nulls(k);
  if (to <= from) return none;
  const principals = principalsIn(w, from, to);
  const fines = finesIn(w, from, to);
  const probations = probationsIn(w, from, to);
  const property = findEarliest(PROPERTY, w, from, to);

  if (principals.length === 0) {
    const fine = fines[0];
    if (!fine) return none;
    // only a fine (a unit, or 单处 written as 判处罚金): fine-only
    const amounts = fines.filter((f) => f.form === "amount");
    return Array.from({ length: k }, (_, i) => {
      const f = amounts.length === k ? amounts[i] : fine;
      return {
        found: {
          principal: found<Principal>("fine-only", f.start, f.end, DERIVED_RULE.fineOnlyImplied),
          termMonths: null,
          probationMonths: null,
          fineYuan: f.yuan === null ? null : found(f.yuan, f.start, f.end, f.rule),
          confiscationOfProperty: propertyFound(property, f.start, f.end),
        },
        implied: true,
        fineMentioned: true,
      };
    });
  }

  if (k > 1 && principals.length !== 1 && principals.length !== k) return none;
  const shared = principals.length === 1 || k === 1;
  // lists after all principals ("并处罚金人民币五千元、三千元") are distributed in order
  const afterPrincipals = principals[principals.length - 1].end;
  const fineList = fines.filter((f) => f.form === "amount" && f.start >= afterPrincipals);
  const probList = probations.filter((h) => h.start >= afterPrincipals);
  const out: (ParsedSentence | null)[] = [];
  for (let i = 0; i < k; i++) {
    const pi = shared ? 0 : i;
    const p = principals[pi];
    const next = principals[pi + 1];
    const windowEnd = next ? next.start : to;
    const windowStart = pi === 0 ? from : p.start;
    const fine = !shared && fineList.length === k ? fineList[i]
      : !shared && sharedByAll(w, fineList, from) ? fineList[0]
      : firstIn(fines, windowStart, windowEnd);
    const custodial = p.principal === "fixed-term" || p.principal === "detention";
    const probation = !shared && probList.length === k && firstIn(probations, p.end, windowEnd) === null
      ? probList[i]
      : !shared && custodial && sharedByAll(w, probList, from) ? probList[0]
      : (custodial ? firstIn(probations, p.end, windowEnd) : null);
    const prop = property && property.start >= windowStart && property.start < windowEnd ? property : null;
    const spanEnd = Math.max(p.end, fine?.end ?? 0, probation?.end ?? 0, prop?.end ?? 0);
    out.push({
      found: {
        principal: found(p.principal, p.start, p.end, p.rule),
        termMonths: p.term === null ? null : found(p.term, p.termStart, p.termEnd, p.rule),
        probationMonths: probation && probation.months !== null ? found(probation.months, probation.start, probation.end, probation.rule) : null,
        fineYuan: fine && fine.yuan !== null ? found(fine.yuan, fine.start, fine.end, fine.rule) : null,
        confiscationOfProperty: propertyFound(prop, p.start, spanEnd),
      },
      implied: false,
      fineMentioned: fine !== null,
    });
  }
  return out;
}

/**
 * One probation or fine after a list of different terms applies to every subject when the court
 * says so with 均 ("分别判处有期徒刑八个月、七个月，均宣告缓刑一年").
 */
function sharedByAll<T extends { start: number }>(w: string, list: readonly T[], from: number): boolean {
  return list.length === 1 && w.slice(Math.max(from, list[0].start - 6), list[0].start).includes("均");
}

function propertyFound(m: RuleMatch<unknown> | null, start: number, end: number): Found<boolean> {
  return m ? found(true, m.start, m.end, m.rule.id) : found(false, start, end, DERIVED_RULE.noPropertyConfiscation);
}

// ---------------------------------------------------------------------------------------------
// Result items → groups of (subjects, counts, executed sentence)

interface Count {
  charge: Found<string>[];
  /** Where the penalty for this count may start. */
  penaltyStart: number;
  start: number;
}

type Subjects = { kind: "named"; who: number[] } | { kind: "unnamed" };

interface Group {
  subjects: Subjects;
  counts: Count[];
  start: number;
  end: number;
  /** Positions where an earlier, joined sentence is quoted: a count's penalty stops there. */
  barriers: number[];
  item: number | null;
}

interface GroupResult {
  /** An executed sentence (决定执行) is stated. */
  decided: boolean;
  /** Per subject (same order as subjects.who, or one entry when unnamed). */
  sentences: (ParsedSentence | null)[];
  counts: { charge: Found<string>[]; sentences: (ParsedSentence | null)[] }[];
}

interface Region {
  start: number;
  end: number;
  item: number | null;
}

interface Anchor {
  kind: "convicted" | "named-penalty" | "unnamed-penalty" | "by-charge";
  start: number;
  /** End of the anchor: the penalty may start here. */
  end: number;
  subjects?: Subjects | "continuation" | "prior" | "unknown";
  charge: Found<string>[];
}

function splitCharges(m: RuleMatch<unknown>): Found<string>[] {
  const g = groupSpan(m, "charge");
  if (!g) return [];
  const out: Found<string>[] = [];
  let offset = 0;
  // "犯盗窃罪、抢劫罪": two charges; no statutory name contains "罪、"
  for (const part of g.text.split(/(?<=罪)、/)) {
    const value = part.replace(/\s+/g, "");
    if (value.length > 1) out.push(found(value, g.start + offset, g.start + offset + part.length, m.rule.id));
    offset += part.length + 1;
  }
  return out;
}

function sameSubjects(a: Subjects, b: Subjects): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "unnamed" || b.kind === "unnamed") return true;
  return a.who.length === b.who.length && a.who.every((x, i) => x === b.who[i]);
}

/** Subject of "…犯Y罪": the text back to the previous clause boundary. */
function subjectBefore(ctx: Context, pos: number, regionStart: number, hits: readonly NameHit[]): Anchor["subjects"] {
  let s = pos;
  while (s > regionStart && pos - s < SUBJECT_MAX && !SUBJECT_BOUNDARY.has(ctx.w[s - 1])) s--;
  const inside = hits.filter((h) => h.start >= s && h.end <= pos);
  if (inside.length > 0) {
    const who: number[] = [];
    for (const h of inside) if (!who.includes(h.who)) who.push(h.who);
    return { kind: "named", who };
  }
  const text = ctx.w.slice(s, pos);
  ROLE_RE.lastIndex = 0;
  const hasRole = ROLE_RE.test(text);
  const rest = text.replace(ROLE_RE, "").replace(SUBJECT_FILLER, "");
  if (PRIOR_SENTENCE_SUBJECT.test(rest)) return "prior";
  if (CONTINUATION_WORDS.test(rest)) return hasRole ? { kind: "unnamed" } : "continuation";
  return "unknown";
}

function anchorsIn(ctx: Context, region: Region, hits: readonly NameHit[]): Anchor[] {
  const { w } = ctx;
  const anchors: Anchor[] = [];
  const subjectEnds = new Set<number>();
  for (const m of findAll(CONVICTION, w, region.start, region.end)) {
    const form: ConvictionForm = m.rule.yields;
    const charge = splitCharges(m);
    if (form === "convicted") {
      const subjects = subjectBefore(ctx, m.start, region.start, hits);
      anchors.push({ kind: "convicted", start: m.start, end: m.end, subjects, charge });
      for (const h of hits) if (h.end <= m.start && m.start - h.end <= SUBJECT_MAX) subjectEnds.add(h.end);
    } else {
      const after = w.slice(m.end, Math.min(region.end, m.end + 20));
      const nameFollows = hits.some((h) => h.start >= m.end && h.start - m.end <= 12);
      if (!nameFollows && PENALTY_WITHOUT_NAME.test(after)) {
        anchors.push({ kind: "unnamed-penalty", start: m.start, end: m.end, subjects: { kind: "unnamed" }, charge });
      } else {
        anchors.push({ kind: "by-charge", start: m.start, end: m.end, charge });
      }
    }
  }
  for (const h of hits) {
    const rest = w.slice(h.end, Math.min(region.end, h.end + 90));
    const p = PENALTY_AFTER_NAME.exec(rest);
    if (!p) continue;
    let charge: Found<string>[] = [];
    const c = p.groups?.charge;
    if (c !== undefined) {
      const cs = h.end + p[0].indexOf("以") + 1;
      charge = [found(c.replace(/\s+/g, ""), cs, cs + c.length, "zh.sentence.charge.by-charge")];
    }
    anchors.push({ kind: "named-penalty", start: h.start, end: h.end + p[0].length, subjects: { kind: "named", who: [h.who] }, charge });
  }
  anchors.sort((a, b) => a.start - b.start);
  return anchors;
}

function groupsIn(ctx: Context, region: Region): Group[] {
  const hits = findNames(ctx, region.start, region.end);
  const anchors = anchorsIn(ctx, region, hits);
  const groups: Group[] = [];
  let current: Group | null = null;
  let pendingCharge: Found<string>[] = [];
  const open = (subjects: Subjects, a: Anchor, charge: Found<string>[]): Group => {
    if (current) current.end = a.start;
    const g: Group = {
      subjects, counts: [{ charge, penaltyStart: a.end, start: a.start }], start: a.start, end: region.end, barriers: [], item: region.item,
    };
    groups.push(g);
    current = g;
    return g;
  };
  for (const a of anchors) {
    if (a.kind === "by-charge") {
      pendingCharge = a.charge;
      continue;
    }
    if (a.kind === "unnamed-penalty") {
      pendingCharge = a.charge;
      open({ kind: "unnamed" }, a, a.charge);
      continue;
    }
    if (a.kind === "named-penalty") {
      const cur = current as Group | null;
      const inherited = a.charge.length > 0 ? a.charge : pendingCharge.length > 0 ? pendingCharge : cur?.counts[cur.counts.length - 1]?.charge ?? [];
      open(a.subjects as Subjects, a, inherited);
      continue;
    }
    // "…犯Y罪"
    const subjects = a.subjects;
    pendingCharge = a.charge;
    if (subjects === "prior") {
      if (current) (current as Group).barriers.push(a.start);
      continue;
    }
    if (subjects === "unknown") {
      // someone the defendant list does not know: with one defendant it is him, else nobody's
      if (ctx.defendants.length === 1) open({ kind: "unnamed" }, a, a.charge);
      else if (current) {
        (current as Group).end = a.start;
        current = null;
      }
      continue;
    }
    if (subjects === "continuation" || subjects === undefined) {
      if (current) {
        (current as Group).counts.push({ charge: a.charge, penaltyStart: a.end, start: a.start });
        continue;
      }
      // "被告人X，犯Y罪": the subject sits in the clause before
      const before = hits.filter((h) => h.end <= a.start);
      const last = before[before.length - 1];
      if (last) open({ kind: "named", who: [last.who] }, a, a.charge);
      else open({ kind: "unnamed" }, a, a.charge);
      continue;
    }
    const cur = current as Group | null;
    if (cur && sameSubjects(cur.subjects, subjects) && cur.item === region.item) {
      cur.counts.push({ charge: a.charge, penaltyStart: a.end, start: a.start });
      continue;
    }
    open(subjects, a, a.charge);
  }
  return groups;
}

function evaluateGroup(ctx: Context, g: Group): GroupResult {
  const { w } = ctx;
  const k = g.subjects.kind === "named" ? g.subjects.who.length : 1;
  const last = g.counts[g.counts.length - 1];
  const decide = findEarliest(DECIDE, w, last.penaltyStart, g.end);
  const barriers = [...g.barriers];
  COUNT_BARRIER.lastIndex = 0;
  const region = w.slice(g.start, g.end);
  let bm: RegExpExecArray | null;
  while ((bm = COUNT_BARRIER.exec(region)) !== null) barriers.push(g.start + bm.index);
  const counts = g.counts.map((c, i) => {
    const nextStart = i + 1 < g.counts.length ? g.counts[i + 1].start : g.end;
    let end = Math.min(nextStart, decide ? decide.start : g.end);
    for (const b of barriers) if (b > c.penaltyStart && b < end) end = b;
    return { charge: c.charge, sentences: parsePenalties(w, c.penaltyStart, end, k) };
  });
  let sentences: (ParsedSentence | null)[];
  if (decide) {
    sentences = parsePenalties(w, decide.end, g.end, k);
    sentences = sentences.map((s, i) => (s ? withSummedFine(s, counts.map((c) => c.sentences[i] ?? null)) : s));
  } else if (counts.length === 1) {
    sentences = counts[0].sentences;
  } else {
    // several counts and no executed sentence stated: nothing to report as executed
    sentences = nulls(k);
  }
  return { decided: decide !== null, sentences, counts };
}

/** 决定执行 without a total fine while the counts carry fines: the fines add up (Art. 69). */
function withSummedFine(s: ParsedSentence, counts: (ParsedSentence | null)[]): ParsedSentence {
  if (s.fineMentioned || s.found.fineYuan) return s;
  const fines = counts.map((c) => c?.found.fineYuan ?? null).filter((f): f is Found<number> => f !== null);
  if (fines.length === 0) return s;
  const total = fines.reduce((sum, f) => sum + f.value, 0);
  return {
    ...s,
    found: { ...s.found, fineYuan: found(total, fines[0].start, fines[fines.length - 1].end, DERIVED_RULE.fineSumOfCounts) },
    fineMentioned: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Items, directives

interface Directive {
  kind: DirectiveKind;
  rule: string;
  start: number;
  end: number;
  /** The part an 撤销 removes ("none": something other than the penalty, e.g. an order to compensate). */
  part: RevokedPart | "none";
  /** Items of the earlier judgment it refers to (empty: the whole judgment). */
  items: number[];
  /** Defendants it names (outside the quote). */
  who: number[];
  /** The quoted earlier result ("即：…"), as a region. */
  quote: Region | null;
}

const CN_NUMERAL: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function itemNumber(s: string | undefined): number | null {
  if (!s) return null;
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 1) return CN_NUMERAL[s] ?? null;
  if (s.length === 2 && s[0] === "十") return 10 + (CN_NUMERAL[s[1]] ?? 0);
  if (s.length === 2 && s[1] === "十") return (CN_NUMERAL[s[0]] ?? 0) * 10;
  if (s.length === 3 && s[1] === "十") return (CN_NUMERAL[s[0]] ?? 0) * 10 + (CN_NUMERAL[s[2]] ?? 0);
  return null;
}

/** Numbered items of a result; the text before the first number is an item without number. */
function itemsIn(w: string, from: number, to: number): Region[] {
  const window = w.slice(from, to);
  const marks: { start: number; end: number; n: number | null }[] = [];
  ITEM_MARKER.lastIndex = 0;
  let m: RegExpExecArray | null;
  let expected = 1;
  while ((m = ITEM_MARKER.exec(window)) !== null) {
    const n = itemNumber(m.groups?.cn ?? m.groups?.cnp ?? m.groups?.ar);
    // item numbers run 1, 2, 3…; a number out of sequence is text ("一、二审")
    if (n === null || (n !== expected && n !== 1)) continue;
    expected = n + 1;
    marks.push({ start: from + m.index, end: from + m.index + m[0].length, n });
  }
  if (marks.length === 0) return [{ start: from, end: to, item: null }];
  const out: Region[] = [];
  if (marks[0].start > from) out.push({ start: from, end: marks[0].start, item: null });
  marks.forEach((mk, i) => out.push({ start: mk.end, end: i + 1 < marks.length ? marks[i + 1].start : to, item: mk.n }));
  return out;
}

/** Sentences of an unnumbered item: "。" outside quotes, or a line break, ends one. */
function sentencesIn(w: string, r: Region): Region[] {
  const out: Region[] = [];
  let s = r.start;
  let inQuote = false;
  for (let i = r.start; i < r.end; i++) {
    const c = w[i];
    if (c === "“") inQuote = true;
    else if (c === "”") inQuote = false;
    else if ((c === "。" && !inQuote) || c === "\n") {
      // a line break is a paragraph: it also closes an unterminated quote
      inQuote = false;
      out.push({ start: s, end: i + 1, item: r.item });
      s = i + 1;
    }
  }
  if (s < r.end) out.push({ start: s, end: r.end, item: r.item });
  return out;
}

function itemRefs(text: string): number[] {
  const out: number[] = [];
  ITEM_REFERENCE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ITEM_REFERENCE.exec(text)) !== null) {
    const list = m.groups?.list ?? "";
    const nums = [...list.matchAll(/[一二三四五六七八九十\d]{1,3}/g)].map((x) => itemNumber(x[0])).filter((n): n is number => n !== null);
    if (/至/.test(list) && nums.length === 2) for (let n = nums[0]; n <= nums[1]; n++) out.push(n);
    else out.push(...nums);
  }
  return out;
}

function parseDirective(ctx: Context, r: Region): Directive | null {
  const { w } = ctx;
  const head = w.slice(r.start, r.end);
  if (!DIRECTIVE_START.test(head)) return null;
  const quoteAt = DIRECTIVE_QUOTE_START.exec(head);
  const ownEnd = quoteAt ? r.start + quoteAt.index : r.end;
  const own = w.slice(r.start, ownEnd);
  const m = findEarliest(DIRECTIVE, w, r.start, ownEnd) ?? findEarliest(DIRECTIVE, w, r.start, r.end);
  const kind: DirectiveKind = m ? m.rule.yields : "other";
  const partMatch = findEarliest(REVOKED_PART, w, r.start, ownEnd);
  const who = [...new Set(findNames(ctx, r.start, ownEnd).map((h) => h.who))];
  // what the quote holds is what is disposed of: "撤销…第二项，即责令被告人退赔…" touches no penalty
  let part: RevokedPart | "none" = partMatch ? partMatch.rule.yields : "all";
  if (quoteAt && r.start + quoteAt.index + quoteAt[0].length < r.end - 2) {
    const qs = r.start + quoteAt.index + quoteAt[0].length;
    const hasPrincipal = findEarliest(PRINCIPAL, w, qs, r.end) !== null;
    const hasFine = findEarliest(FINE, w, qs, r.end) !== null;
    if (part !== "all" || !/犯\S{1,40}?罪/.test(w.slice(qs, r.end))) {
      part = hasPrincipal && hasFine ? "sentence" : hasPrincipal ? "principal" : hasFine ? "fine" : "none";
    }
  }
  return {
    kind,
    rule: m?.rule.id ?? "zh.sentence.appeal.other",
    start: r.start,
    end: r.end,
    part,
    items: itemRefs(own),
    who,
    quote: quoteAt ? { start: r.start + quoteAt.index + quoteAt[0].length, end: r.end, item: r.item } : null,
  };
}

interface ParsedResult {
  groups: { group: Group; result: GroupResult }[];
  directives: Directive[];
  /** Non-directive regions (for confiscation orders). */
  regions: Region[];
}

function parseResult(ctx: Context, from: number, to: number, withDirectives: boolean): ParsedResult {
  const { w } = ctx;
  const directives: Directive[] = [];
  const regions: Region[] = [];
  for (const item of itemsIn(w, from, to)) {
    if (!withDirectives) {
      regions.push(item);
      continue;
    }
    const parts = item.item === null ? sentencesIn(w, item) : [item];
    for (const part of parts) {
      const d = parseDirective(ctx, part);
      if (!d) {
        regions.push(part);
        continue;
      }
      // "撤销原判，改判上诉人X有期徒刑…": the new sentence follows 改判
      const revised = REVISED_START.exec(w.slice(part.start, part.end));
      if (revised && d.kind === "revoke") {
        const cut = part.start + revised.index;
        directives.push({ ...d, end: cut, quote: d.quote && d.quote.start < cut ? { ...d.quote, end: cut } : d.quote });
        regions.push({ start: cut + revised[0].length, end: part.end, item: part.item });
        continue;
      }
      directives.push(d);
    }
  }
  // consecutive regions of one unnumbered item stay one region (a 决定执行 after "。" belongs to the counts before)
  const merged: Region[] = [];
  for (const r of regions) {
    const prev = merged[merged.length - 1];
    if (prev && prev.item === r.item && prev.end === r.start && r.item === null) prev.end = r.end;
    else merged.push({ ...r });
  }
  const groups: ParsedResult["groups"] = [];
  for (const r of merged) for (const g of groupsIn(ctx, r)) groups.push({ group: g, result: evaluateGroup(ctx, g) });
  return { groups, directives, regions: merged };
}

// ---------------------------------------------------------------------------------------------
// Per-defendant assembly

interface Assembled {
  sentence: ParsedSentence | null;
  charges: { charge: Found<string>; sentence: ParsedSentence | null }[];
  /** Item of the result that sentenced the defendant (for 撤销第X项). */
  item: number | null;
}

function indexIn(g: Group, who: number, single: boolean): number {
  if (g.subjects.kind === "unnamed") return single ? 0 : -1;
  return g.subjects.who.indexOf(who);
}

function assemble(parsed: ParsedResult, who: number, single: boolean): Assembled | null {
  const mine = parsed.groups
    .map(({ group, result }) => ({ group, result, i: indexIn(group, who, single) }))
    .filter((x) => x.i >= 0);
  if (mine.length === 0) return null;
  const sentenced = mine.filter((x) => x.result.sentences[x.i] !== null);
  // several counts: the group that states the executed sentence; else the first sentencing
  const decided = sentenced.filter((x) => x.result.decided);
  const chosen = decided[decided.length - 1] ?? sentenced[0] ?? null;
  // one entry per charge name: a charge read twice (a 分别 list, then per-name penalties) is one count
  const byName = new Map<string, Assembled["charges"][number]>();
  for (const x of sentenced.length > 0 ? sentenced : mine) {
    for (const c of x.result.counts) {
      for (const ch of c.charge) {
        const sentence = c.charge.length === 1 ? c.sentences[x.i] ?? null : null;
        const prev = byName.get(ch.value);
        if (!prev || (prev.sentence === null && sentence !== null)) byName.set(ch.value, { charge: ch, sentence });
      }
    }
  }
  const charges = [...byName.values()].sort((a, b) => a.charge.start - b.charge.start);
  return { sentence: chosen ? chosen.result.sentences[chosen.i] : null, charges, item: (chosen ?? mine[0]).group.item };
}

// ---------------------------------------------------------------------------------------------
// Appeals: the quoted first-instance result

interface Original {
  assembled: Assembled;
  /** Confiscation found in the same block. */
  block: ParsedResult;
}

function originalBlocks(ctx: Context, from: number, to: number): { start: number; end: number }[] {
  const { w } = ctx;
  const out: { start: number; end: number }[] = [];
  let lastEnd = -1;
  for (const m of findAll(ORIGINAL_ANCHOR, w, from, to)) {
    if (m.start < lastEnd) continue;
    const before = w.slice(Math.max(from, m.start - 8), m.start);
    if (ORIGINAL_ANCHOR_VETO.test(before)) continue;
    const start = m.rule.id.endsWith("by-charge") ? m.start : m.end;
    let end = start;
    const limit = Math.min(to, start + ORIGINAL_BLOCK_MAX);
    // a quoted result ends at the paragraph break, unless the next paragraph continues it
    while (end < limit) {
      const c = w[end];
      if ((c === " " || c === "\n") && end > start + 2 && !ORIGINAL_BLOCK_CONTINUES.test(w.slice(end, end + 12))) break;
      end++;
    }
    out.push({ start, end });
    lastEnd = end;
  }
  return out;
}

function findOriginals(ctx: Context, from: number, to: number, reasoningStart: number | null): Map<number, Original> {
  const byWho = new Map<number, Original>();
  const blocks = originalBlocks(ctx, from, to);
  const single = ctx.defendants.length === 1;
  // the last quote before the appeal court's own reasoning is the judgment appealed against
  const preferred = reasoningStart === null ? blocks : blocks.filter((b) => b.start < reasoningStart);
  for (const pool of [preferred, blocks]) {
    for (const b of pool) {
      const parsed = parseResult(ctx, b.start, b.end, false);
      for (let who = 0; who < ctx.defendants.length; who++) {
        const a = assemble(parsed, who, single);
        if (a && a.sentence && (pool === preferred || !byWho.has(who))) byWho.set(who, { assembled: a, block: parsed });
      }
    }
    if (byWho.size > 0) break;
  }
  return byWho;
}

// ---------------------------------------------------------------------------------------------
// Merging an appeal's dispositions into the first-instance sentence

interface Revocation {
  principal: boolean;
  fine: boolean;
  conviction: boolean;
}

const NOTHING_REVOKED: Revocation = { principal: false, fine: false, conviction: false };

function revocationFor(directives: readonly Directive[], who: number, originalItem: number | null): Revocation {
  const r: Revocation = { ...NOTHING_REVOKED };
  for (const d of directives) {
    if (d.kind !== "revoke" || d.part === "none") continue;
    const namesOther = d.who.length > 0 && !d.who.includes(who);
    // an unnumbered quoted result is one item
    const itemsOther = d.items.length > 0 && !d.items.includes(originalItem ?? 1);
    if (namesOther || (d.who.length === 0 && itemsOther)) continue;
    if (d.part === "fine") r.fine = true;
    else if (d.part === "principal") r.principal = true;
    else {
      r.principal = true;
      r.fine = true;
      if (d.part === "all") r.conviction = true;
    }
  }
  return r;
}

function overlay(base: ParsedSentence | null, top: ParsedSentence | null, revoked: Revocation): ParsedSentence | null {
  const kept = base && !(revoked.principal && revoked.fine) ? base : null;
  if (!top) {
    if (!kept) return null;
    if (!revoked.principal && !revoked.fine) return kept;
    return revoked.fine
      ? { ...kept, found: { ...kept.found, fineYuan: null }, fineMentioned: false }
      : kept; // principal revoked but nothing new: keep what stands (never invent)
  }
  const takePrincipal = !top.implied || !kept || revoked.principal;
  const principalSrc = takePrincipal ? top : kept!;
  const fineSrc = top.fineMentioned || !kept || revoked.fine ? top : kept;
  return {
    found: {
      principal: principalSrc.found.principal,
      termMonths: principalSrc.found.termMonths,
      probationMonths: principalSrc.found.probationMonths,
      fineYuan: fineSrc.found.fineYuan,
      confiscationOfProperty: top.found.confiscationOfProperty.value ? top.found.confiscationOfProperty : principalSrc.found.confiscationOfProperty,
    },
    implied: principalSrc.implied,
    fineMentioned: fineSrc.fineMentioned,
  };
}

// ---------------------------------------------------------------------------------------------
// Confiscation of illegal gains

interface GainOrder {
  who: number | null;
  yuan: number;
  approx: boolean;
  start: number;
  end: number;
  rule: string;
  item: number | null;
}

const CLAUSE_END = /[。；;]/g;

function gainOrdersIn(ctx: Context, regions: readonly Region[]): GainOrder[] {
  const { w } = ctx;
  const out: GainOrder[] = [];
  for (const r of regions) {
    // clauses: 。 / ；
    const bounds: number[] = [r.start];
    const text = w.slice(r.start, r.end);
    CLAUSE_END.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CLAUSE_END.exec(text)) !== null) bounds.push(r.start + m.index + 1);
    bounds.push(r.end);
    for (let i = 0; i + 1 < bounds.length; i++) {
      const cs = bounds[i];
      const ce = bounds[i + 1];
      if (ce <= cs) continue;
      const verb = findEarliest(CONFISCATION_VERB, w, cs, ce);
      if (!verb) continue;
      const clause = w.slice(cs, ce);
      const nouns: { start: number; end: number }[] = [];
      ILLEGAL_GAIN_NOUN.lastIndex = 0;
      while ((m = ILLEGAL_GAIN_NOUN.exec(clause)) !== null) nouns.push({ start: cs + m.index, end: cs + m.index + m[0].length });
      if (nouns.length === 0) continue;
      const hits = findNames(ctx, cs, ce);
      nouns.forEach((n, ni) => {
        const stop = ni + 1 < nouns.length ? nouns[ni + 1].start : ce;
        const nextName = hits.find((h) => h.start > n.end && h.start < stop);
        const amountEnd = nextName ? nextName.start : stop;
        CONFISCATION_AMOUNT.lastIndex = 0;
        const am = CONFISCATION_AMOUNT.exec(w.slice(n.end, amountEnd));
        if (!am) return;
        const gap = w.slice(n.end, n.end + am.index);
        // the amount must belong to the gains ("违法所得人民币600元"), not to a later noun
        if (gap.length > 12 || /[，,]/.test(gap)) return;
        const money = parseChineseAmount(am[0]);
        if (!money) return;
        // owners: the names since the previous gains noun ("追缴被告人A违法所得…，被告人B违法所得…")
        const since = ni > 0 ? nouns[ni - 1].end : cs;
        let owners = [...new Set(hits.filter((h) => h.end <= n.start && h.start >= since).map((h) => h.who))];
        if (owners.length === 0 && ni === 0) owners = [...new Set(hits.filter((h) => h.start >= n.end).map((h) => h.who))].slice(0, 1);
        // "被告人A、B违法所得各人民币…" gives each the amount; a joint amount is not split (never guess)
        if (owners.length > 1 && !/各/.test(gap)) return;
        const at = { yuan: money.yuan, approx: money.approx, start: n.end + am.index, end: n.end + am.index + am[0].length, rule: verb.rule.id, item: r.item };
        if (owners.length === 0) out.push({ who: null, ...at });
        for (const who of owners) out.push({ who, ...at });
      });
    }
  }
  return out;
}

function confiscatedFor(orders: readonly GainOrder[], who: number, single: boolean): Found<Money> | null {
  const mine = orders.filter((o) => o.who === who || (o.who === null && single));
  if (mine.length === 0) return null;
  const yuan = mine.reduce((s, o) => s + o.yuan, 0);
  return found({ yuan: Math.round(yuan * 100) / 100, approx: mine.some((o) => o.approx) }, mine[0].start, mine[mine.length - 1].end, mine[0].rule);
}

// ---------------------------------------------------------------------------------------------
// Entry point

function emptyResult(): DefendantResult {
  return { charges: [], sentence: null, confiscated: null };
}

function publicSentence(s: ParsedSentence | null): FoundSentence | null {
  if (!s) return null;
  return s.found;
}

/**
 * The result per defendant (same order as `defendants`). `text` is the normalized view's text,
 * `sections` its segmentation; names are matched as written (masks kept).
 */
export function extractJudgmentResult(
  text: string,
  sections: readonly Section[],
  defendants: readonly DefendantRef[],
  instance: Instance,
): DefendantResult[] {
  const judgment = sections.find((s) => s.kind === "judgment");
  if (!judgment || defendants.length === 0) return defendants.map(emptyResult);
  const single = defendants.length === 1;
  const appeal = instance === "second" || instance === "retrial";
  // the text before the result is only read for appeals; rewrite it only then
  const parties = sections.find((s) => s.kind === "parties");
  const after = sections.find((s) => s.kind === "procedure" || s.kind === "prosecution" || s.kind === "facts");
  const originalFrom = Math.min(after ? after.start : parties ? parties.end : 0, judgment.start);
  const mayNeedOriginal = instance !== "first" || DIRECTIVE_ANYWHERE.test(text.slice(judgment.start, judgment.end));
  const w = workingText(text, mayNeedOriginal ? originalFrom : judgment.start, judgment.end);
  const ctx = buildContext(w, defendants);
  const parsed = parseResult(ctx, judgment.start, judgment.end, true);

  const directives = parsed.directives;
  const upholdAll = directives.some((d) => d.kind === "uphold-all");
  const useOriginal = mayNeedOriginal && (appeal || upholdAll || (instance !== "first" && directives.length > 0));

  let originals = new Map<number, Original>();
  const quoted: ParsedResult[] = [];
  if (useOriginal) {
    const reasoning = sections.find((s) => s.kind === "reasoning");
    originals = findOriginals(ctx, originalFrom, judgment.start, reasoning && reasoning.start < judgment.start ? reasoning.start : null);
    for (const d of directives) if (d.kind === "uphold" && d.quote) quoted.push(parseResult(ctx, d.quote.start, d.quote.end, false));
  }
  const fresh = gainOrdersIn(ctx, parsed.regions);

  return defendants.map((_, who) => {
    const own = assemble(parsed, who, single);
    let sentence = own?.sentence ?? null;
    let charges = own?.charges ?? [];
    let confiscated = confiscatedFor(fresh, who, single);

    if (useOriginal) {
      const orig = originals.get(who) ?? null;
      let base = orig?.assembled.sentence ?? null;
      // an 维持 that quotes what it keeps states that part directly
      for (const q of quoted) {
        const a = assemble(q, who, single);
        if (a?.sentence) base = overlay(base, a.sentence, NOTHING_REVOKED);
        if (charges.length === 0 && a && a.charges.length > 0 && !own?.charges.length) charges = a.charges;
      }
      const revoked = upholdAll && !directives.some((d) => d.kind === "revoke")
        ? NOTHING_REVOKED
        : revocationFor(directives, who, orig?.assembled.item ?? null);
      sentence = overlay(base, own?.sentence ?? null, revoked);
      if (charges.length === 0 && orig && !revoked.conviction) charges = orig.assembled.charges;
      if (!confiscated && orig) {
        const kept = gainOrdersIn(ctx, orig.block.regions).filter((o) => {
          if (upholdAll) return true;
          return !directives.some((d) => d.kind === "revoke" && (d.items.length === 0 ? d.who.length === 0 && d.part === "all" : d.items.includes(o.item ?? 1)));
        });
        confiscated = confiscatedFor(kept, who, single);
      }
      if (!confiscated) for (const q of quoted) confiscated ??= confiscatedFor(gainOrdersIn(ctx, q.regions), who, single);
    }

    return {
      charges: charges.map((c) => ({ name: c.charge, sentence: publicSentence(c.sentence) })),
      sentence: publicSentence(sentence),
      confiscated,
    };
  });
}

/** Every charge any defendant is convicted of, in order of first appearance (case.charges). */
export function extractCaseCharges(results: readonly DefendantResult[]): string[] {
  const out: string[] = [];
  for (const r of results) for (const c of r.charges) if (!out.includes(c.name.value)) out.push(c.name.value);
  return out;
}

/** Plain values of a FoundSentence (for the corpus record). */
export function sentenceValues(s: FoundSentence | null): {
  principal: Principal | null; termMonths: number | null; probationMonths: number | null; fineYuan: number | null; confiscationOfProperty: boolean;
} | null {
  if (!s) return null;
  return {
    principal: s.principal?.value ?? null,
    termMonths: s.termMonths?.value ?? null,
    probationMonths: s.probationMonths?.value ?? null,
    fineYuan: s.fineYuan?.value ?? null,
    confiscationOfProperty: s.confiscationOfProperty.value,
  };
}

export type { ConfiscationVerb };
