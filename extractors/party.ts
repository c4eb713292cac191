/**
 * Personal facts of one defendant, read only from the defendant's own paragraph (its block):
 * gender, birth date (and the age at judgment derived from it), ethnicity, education,
 * occupation, residence, prior record and the custody chain of this case.
 *
 * The phrasings are tables in patterns/zh/party.ts; this module decides where in the paragraph
 * each table is searched and how matches become values. Identity facts are read from the
 * identity part (name … up to the first narrative sentence: 曾因…, 因涉嫌…被刑事拘留, …), prior
 * record and custody from the narrative, segment by segment, so that a detention in a prior
 * case (曾因盗窃被刑事拘留…判处…) never enters this case's custody chain.
 */
import type { CustodyKind, Education, Occupation } from "../corpus/schema.js";
import { anyOf, compileRules, findEarliest, type Found, type Rule } from "./engine.js";
import { parseChineseDate } from "./numbers.js";
import { MENTION_RULE_PREFIX, type DefendantBlock } from "../pipeline/stages/defendants.js";
import {
  ANY_DATE_SRC,
  CURRENT_CASE_RE,
  CUSTODY_NEGATED_BEFORE_RE,
  DECIDED_BEFORE_RE,
  EXECUTED_BEFORE_RE,
  LIST_JOINER_RE,
  NARRATIVE_TOKEN_RE,
  NOT_OCCUPATION_TOKEN_RE,
  PRIOR_CASE_CONTEXT_RE,
  SEGMENT_SPLIT_RE,
  ZH_BIRTH_RULES,
  ZH_CUSTODY_RULES,
  ZH_DATE_TOKEN_RULES,
  ZH_EDUCATION_RULES,
  ZH_ETHNICITY_RULES,
  ZH_GENDER_RULES,
  ZH_OCCUPATION_RULES,
  ZH_PRIOR_RECORD_RULES,
  ZH_RECIDIVIST_REASONING_RE,
  ZH_RESIDENCE_RULES,
  YEAR_DROPPED_REPAIR_RE,
  type DateTokenKind,
  type Gender,
  type ResidenceKind,
} from "./patterns/zh/party.js";

export interface OccupationValue {
  code: Occupation;
  /** The words as written (the token of the paragraph that states the occupation). */
  raw: string;
}

export interface CustodyValue {
  kind: CustodyKind;
  /** ISO, as precise as the text; relative dates (同年…, 次日, 当日) resolved; null when none is stated. */
  date: string | null;
}

export interface PriorRecordFacts {
  /** true when the paragraph says 累犯 (the court's reasoning is read by `findRecidivistInReasoning`). */
  recidivist: Found<boolean>;
  /** 曾因犯…罪被判处…, 刑满释放, 假释 … */
  priorConviction: Found<boolean>;
  /** 行政拘留, 劳动教养, 罚款, 强制戒毒 … (not for this case: 因本案…) */
  priorAdministrativePenalty: Found<boolean>;
}

/**
 * Every field is null when the paragraph does not state it. Unit defendants and defendants
 * known only from a mention (no paragraph) have only `name`/`kind` and an all-false
 * priorRecord. A false prior-record value points at the whole paragraph (rule
 * zh.party.prior.none), at the mention (zh.party.prior.not-stated) or at the unit's paragraph
 * (zh.party.prior.unit — a unit has no personal record: do not emit it, schema.md).
 */
export interface PartyFacts {
  name: Found<string>;
  kind: "person" | "unit";
  gender: Found<Gender> | null;
  birthDate: Found<string> | null;
  /** Full years at the judgment date when the dates decide it; evidence is the birth date span (rule zh.party.age.derived). */
  ageAtJudgment: Found<number> | null;
  ethnicity: Found<string> | null;
  education: Found<Education> | null;
  occupation: Found<OccupationValue> | null;
  /** 户籍地 / 户籍所在地 as written; without one, 住所地 / 住 (never 暂住 / 租住). */
  residence: Found<string> | null;
  priorRecord: PriorRecordFacts;
  custody: Found<CustodyValue>[];
}

// ---------------------------------------------------------------------------------------------
// Compiled once at module load.

const GENDER = compileRules(ZH_GENDER_RULES);
const BIRTH = compileRules(ZH_BIRTH_RULES);
const ETHNICITY = compileRules(ZH_ETHNICITY_RULES);
const EDUCATION = compileRules(ZH_EDUCATION_RULES);
const OCCUPATION = ZH_OCCUPATION_RULES.map((row) => ({ id: row.id, re: typeof row.re === "string" ? new RegExp(row.re) : row.re, yields: row.yields }));
/** Most tokens state no occupation: they cost one test instead of one per row. */
const ANY_OCCUPATION = anyOf(OCCUPATION);
const RESIDENCE = compileRules(ZH_RESIDENCE_RULES);
const PRIOR = compileRules(ZH_PRIOR_RECORD_RULES);
const CUSTODY = compileRules(ZH_CUSTODY_RULES);
/** A segment without any custody word costs one test. */
const ANY_CUSTODY = anyOf(CUSTODY);
/**
 * All date-token rows as one alternation, so that a scan finds each token once, leftmost
 * first. Row i is group t<i>; its m/d groups are renamed m<i>/d<i> (group names must be unique).
 */
const DATE_TOKEN_SCANNER = new RegExp(
  ZH_DATE_TOKEN_RULES.map((row, i) => {
    const src = typeof row.re === "string" ? row.re : row.re.source;
    return `(?<t${i}>${src.replace(/\(\?<(m|d)>/g, (_all, g: string) => `(?<${g}${i}>`)})`;
  }).join("|"),
  "g",
);
/** The scanner's group names per row (made once: resolveDates looks them up for every date). */
const DATE_TOKEN_GROUPS = ZH_DATE_TOKEN_RULES.map((_row, i) => ({ token: `t${i}`, month: `m${i}`, day: `d${i}` }));
const TOKEN_SPLIT_RE = /[，,。；;]/g;

// ---------------------------------------------------------------------------------------------
// Paragraph layout

interface Span { start: number; end: number }

/** A comma piece that is only a date ("2018年3月17日，因涉嫌…被取保候审") belongs to what follows. */
const DATE_ONLY_PIECE_RE = new RegExp(`^\\s*(?:于)?${ANY_DATE_SRC}\\s*$`);

/** From the name to the first narrative token (prior record, custody): where identity is stated. */
function identitySpan(text: string, block: DefendantBlock): Span {
  const start = block.nameEnd;
  TOKEN_SPLIT_RE.lastIndex = start;
  let tokenStart = start;
  let previousStart = -1;
  for (;;) {
    const m = TOKEN_SPLIT_RE.exec(text);
    const tokenEnd = m === null || m.index >= block.end ? block.end : m.index;
    if (NARRATIVE_TOKEN_RE.test(text.slice(tokenStart, tokenEnd))) {
      // "…，2018年3月17日，因涉嫌…被取保候审": the date opens the narrative
      const datedOpening = previousStart >= 0 && DATE_ONLY_PIECE_RE.test(text.slice(previousStart, tokenStart - 1));
      return { start, end: datedOpening ? previousStart : tokenStart };
    }
    if (tokenEnd >= block.end) return { start, end: block.end };
    previousStart = tokenStart;
    tokenStart = tokenEnd + 1;
  }
}

/** What /\s/ matches: ECMAScript white space and line terminators (by code, no one-character strings). */
function isSpaceCode(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Comma/stop-separated tokens of a span, trimmed, with offsets. */
function tokensOf(text: string, span: Span): { value: string; start: number; end: number }[] {
  const out: { value: string; start: number; end: number }[] = [];
  let s = span.start;
  const push = (e: number) => {
    let a = s;
    let b = e;
    while (a < b && isSpaceCode(text.charCodeAt(a))) a++;
    while (b > a && isSpaceCode(text.charCodeAt(b - 1))) b--;
    if (b > a) out.push({ value: text.slice(a, b), start: a, end: b });
  };
  for (let i = span.start; i < span.end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xff0c || c === 0x2c || c === 0x3002 || c === 0xff1b || c === 0x3b) { // ，,。；;
      push(i);
      s = i + 1;
    }
  }
  push(span.end);
  return out;
}

/** Narrative segments: split at 。/； and where a comma chain turns to this case (，因涉嫌…). */
function segmentsOf(text: string, span: Span): Span[] {
  const out: Span[] = [];
  const window = text.slice(span.start, span.end);
  SEGMENT_SPLIT_RE.lastIndex = 0;
  let s = 0;
  let m: RegExpExecArray | null;
  while ((m = SEGMENT_SPLIT_RE.exec(window)) !== null) {
    const isComma = m[0] === "，" || m[0] === ",";
    const piece = window.slice(s, m.index);
    if (isComma && DATE_ONLY_PIECE_RE.test(piece.slice(piece.search(/[^，,]*$/)))) continue;
    if (m.index > s) out.push({ start: span.start + s, end: span.start + m.index });
    s = m.index + m[0].length;
  }
  if (window.length > s) out.push({ start: span.start + s, end: span.end });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Identity facts

function earliestFound<Y, T>(rules: readonly Rule<Y>[], text: string, span: Span, value: (m: RegExpExecArray, y: Y) => T | null): Found<T> | null {
  const hit = findEarliest(rules, text, span.start, span.end);
  if (hit === null) return null;
  const v = value(hit.match, hit.rule.yields);
  return v === null ? null : { value: v, start: hit.start, end: hit.end, rule: hit.rule.id };
}

/** A date token to ISO; a year whose 年 was lost ("20219月3日") gets it back first. */
function parseDateToken(raw: string): string | null {
  return parseChineseDate(raw) ?? (YEAR_DROPPED_REPAIR_RE.test(raw) ? parseChineseDate(raw.replace(YEAR_DROPPED_REPAIR_RE, "$1年")) : null);
}

function readBirthDate(text: string, span: Span): Found<string> | null {
  // the earliest date-of-birth phrase; a date that does not parse (a year alone is fine) is skipped
  const window = text.slice(span.start, span.end);
  let best: Found<string> | null = null;
  for (const rule of BIRTH) {
    rule.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.re.exec(window)) !== null) {
      const raw = m.groups?.d;
      const iso = raw === undefined ? null : parseDateToken(raw);
      if (iso !== null) {
        const start = span.start + m.index;
        if (best === null || start < best.start) best = { value: iso, start, end: start + m[0].length, rule: rule.id };
        break;
      }
    }
  }
  return best;
}

/**
 * Full years between an ISO birth date and an ISO judgment date (YYYY-MM-DD). A birth date
 * without its day still decides the age when the months differ (born 2000-01, judged
 * 2022-09 → 22); a year alone, the same month without a day, or a partial judgment date
 * leave it undecided: null.
 */
export function ageAt(birthIso: string, judgmentIso: string): number | null {
  const b = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(birthIso);
  const j = /^(\d{4})-(\d{2})-(\d{2})$/.exec(judgmentIso);
  if (b === null || j === null) return null;
  const [by, bm, jy, jm, jd] = [Number(b[1]), Number(b[2]), Number(j[1]), Number(j[2]), Number(j[3])];
  let age = jy - by;
  if (b[3] === undefined) {
    if (jm === bm) return null;
    if (jm < bm) age--;
  } else if (jm < bm || (jm === bm && jd < Number(b[3]))) {
    age--;
  }
  return age >= 0 && age < 130 ? age : null;
}

function readOccupation(text: string, span: Span): Found<OccupationValue> | null {
  for (const token of tokensOf(text, span)) {
    if (NOT_OCCUPATION_TOKEN_RE.test(token.value) || (ANY_OCCUPATION !== null && !ANY_OCCUPATION.test(token.value))) continue;
    for (const row of OCCUPATION) {
      if (row.re.test(token.value)) {
        return { value: { code: row.yields, raw: token.value }, start: token.start, end: token.end, rule: row.id };
      }
    }
  }
  return null;
}

function readResidence(text: string, span: Span): Found<string> | null {
  // household registration wins over domicile wherever it is stated
  const byKind = new Map<ResidenceKind, Found<string>>();
  const window = text.slice(span.start, span.end);
  for (const rule of RESIDENCE) {
    rule.re.lastIndex = 0;
    const m = rule.re.exec(window);
    const v = m?.groups?.v;
    if (m === null || v === undefined || byKind.has(rule.yields)) continue;
    const start = span.start + m.index;
    byKind.set(rule.yields, { value: v, start, end: start + m[0].length, rule: rule.id });
  }
  return byKind.get("household") ?? byKind.get("domicile") ?? null;
}

// ---------------------------------------------------------------------------------------------
// Prior record

function readPriorRecord(text: string, block: DefendantBlock, narrative: Span): PriorRecordFacts {
  const none = (): Found<boolean> => ({ value: false, start: block.start, end: block.end, rule: "zh.party.prior.none" });
  const facts: PriorRecordFacts = { recidivist: none(), priorConviction: none(), priorAdministrativePenalty: none() };
  const seen = new Set<string>();
  for (const segment of segmentsOf(text, narrative)) {
    const body = text.slice(segment.start, segment.end);
    const currentCase = CURRENT_CASE_RE.test(body);
    for (const rule of PRIOR) {
      const field = rule.yields;
      if (seen.has(field)) continue;
      // 因本案…行政拘留 is this case, not a prior record; 累犯 is a finding wherever it is written
      if (currentCase && field !== "recidivist") continue;
      rule.re.lastIndex = 0;
      const m = rule.re.exec(body);
      if (m === null) continue;
      seen.add(field);
      const start = segment.start + m.index;
      facts[field] = { value: true, start, end: start + m[0].length, rule: rule.id };
    }
  }
  return facts;
}

// ---------------------------------------------------------------------------------------------
// Dates and custody

interface DateToken { start: number; end: number; iso: string | null }

function addDay(iso: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m === null) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1));
  return d.toISOString().slice(0, 10);
}

/** Every date in the span in order, relative ones resolved against the previous date. */
function resolveDates(text: string, span: Span): DateToken[] {
  const out: DateToken[] = [];
  let last: string | null = null;
  const window = text.slice(span.start, span.end);
  DATE_TOKEN_SCANNER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATE_TOKEN_SCANNER.exec(window)) !== null) {
    if (m[0].length === 0) {
      DATE_TOKEN_SCANNER.lastIndex++;
      continue;
    }
    const groups = m.groups ?? {};
    let i = 0;
    while (i < DATE_TOKEN_GROUPS.length && groups[DATE_TOKEN_GROUPS[i].token] === undefined) i++;
    if (i === DATE_TOKEN_GROUPS.length) continue;
    const kind: DateTokenKind = ZH_DATE_TOKEN_RULES[i].yields;
    const month = groups[DATE_TOKEN_GROUPS[i].month];
    const day = groups[DATE_TOKEN_GROUPS[i].day];
    const year: string | null = last === null ? null : last.slice(0, 4);
    let iso: string | null = null;
    switch (kind) {
      case "absolute": iso = parseDateToken(m[0]); break;
      case "same-year":
      case "month-day":
        iso = year === null || month === undefined ? null : parseChineseDate(`${year}年${month}月${day !== undefined ? `${day}日` : ""}`);
        break;
      case "next-year":
        iso = year === null || month === undefined ? null : parseChineseDate(`${Number(year) + 1}年${month}月${day !== undefined ? `${day}日` : ""}`);
        break;
      case "same-month":
        iso = last === null || last.length < 7 || day === undefined ? null : parseChineseDate(`${last.slice(0, 4)}年${last.slice(5, 7)}月${day}日`);
        break;
      case "next-day": iso = last === null ? null : addDay(last); break;
      case "same-day": iso = last; break;
    }
    out.push({ start: span.start + m.index, end: span.start + m.index + m[0].length, iso });
    if (iso !== null) last = iso;
  }
  return out;
}

interface CustodyHit { kind: CustodyKind; start: number; end: number; rule: string }
interface CustodyEntry { found: Found<CustodyValue>; decided: boolean; executed: boolean }

/** Custody words of a segment, in order. */
function custodyHits(text: string, segment: Span): CustodyHit[] {
  const hits: CustodyHit[] = [];
  const window = text.slice(segment.start, segment.end);
  if (ANY_CUSTODY !== null && !ANY_CUSTODY.test(window)) return hits;
  for (const rule of CUSTODY) {
    rule.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.re.exec(window)) !== null) {
      hits.push({ kind: rule.yields, start: segment.start + m.index, end: segment.start + m.index + m[0].length, rule: rule.id });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** The dates in [from, to): the last one, or the whole "A、B" list it ends. */
function datesBefore(text: string, dates: readonly DateToken[], from: number, to: number): DateToken[] {
  const inside = dates.filter((d) => d.start >= from && d.end <= to);
  if (inside.length === 0) return [];
  const run = [inside[inside.length - 1]];
  for (let i = inside.length - 2; i >= 0; i--) {
    if (!LIST_JOINER_RE.test(text.slice(inside[i].end, run[0].start))) break;
    run.unshift(inside[i]);
  }
  return run;
}

function readCustody(text: string, narrative: Span, identityEnd: number): Found<CustodyValue>[] {
  // relative dates (同年…) refer to the narrative, never to the birth date before it
  const dates = resolveDates(text, { start: identityEnd, end: narrative.end });
  const entries: CustodyEntry[] = [];
  for (const segment of segmentsOf(text, narrative)) {
    const hits = custodyHits(text, segment);
    let boundary = segment.start;
    for (let h = 0; h < hits.length; h++) {
      const hit = hits[h];
      const lead = text.slice(Math.max(segment.start, hit.start - 6), hit.start);
      // a prior case's detention or release, or a measure not taken / merely current, is skipped
      if (PRIOR_CASE_CONTEXT_RE.test(text.slice(segment.start, hit.end)) || CUSTODY_NEGATED_BEFORE_RE.test(lead)) {
        boundary = hit.end;
        continue;
      }
      // "被刑事拘留和逮捕": the measures joined to this one share its date list
      const chain = [hit];
      while (h + chain.length < hits.length && LIST_JOINER_RE.test(text.slice(chain[chain.length - 1].end, hits[h + chain.length].start))) {
        chain.push(hits[h + chain.length]);
      }
      const run = datesBefore(text, dates, boundary, hit.start);
      const pairs: [CustodyHit, DateToken | null][] =
        run.length > 1 && chain.length === run.length ? chain.map((c, i) => [c, run[i]])
        : run.length > 1 && chain.length === 1 ? run.map((d) => [hit, d])
        : chain.map((c) => [c, run.length > 0 ? run[run.length - 1] : null]);
      for (const [c, d] of pairs) {
        const cLead = text.slice(Math.max(segment.start, c.start - 6), c.start);
        entries.push({
          found: { value: { kind: c.kind, date: d?.iso ?? null }, start: d !== null ? Math.min(d.start, c.start) : c.start, end: c.end, rule: c.rule },
          decided: DECIDED_BEFORE_RE.test(cLead),
          executed: EXECUTED_BEFORE_RE.test(cLead),
        });
      }
      h += chain.length - 1;
      boundary = chain[chain.length - 1].end;
    }
  }
  // 批准逮捕 … 执行逮捕 is one arrest (likewise 决定刑事拘留 … 执行刑事拘留): keep the execution
  const out: Found<CustodyValue>[] = [];
  entries.forEach((e, i) => {
    const next = entries[i + 1];
    if (e.decided && next !== undefined && next.executed && next.found.value.kind === e.found.value.kind) {
      if (next.found.value.date === null) next.found.value.date = e.found.value.date;
      return;
    }
    out.push(e.found);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------

/**
 * The personal facts of one defendant, from its block only. `judgmentDate` (ISO) is used to
 * derive the age; pass null when unknown.
 */
export function extractPartyFacts(text: string, block: DefendantBlock, judgmentDate: string | null): PartyFacts {
  const name: Found<string> = { value: block.name, start: block.nameStart, end: block.nameEnd, rule: block.rule };
  const notStated = (rule: string): Found<boolean> => ({ value: false, start: block.start, end: block.end, rule });
  const unstated = (rule: string): PriorRecordFacts => ({ recidivist: notStated(rule), priorConviction: notStated(rule), priorAdministrativePenalty: notStated(rule) });
  const facts: PartyFacts = {
    name, kind: block.kind, gender: null, birthDate: null, ageAtJudgment: null, ethnicity: null,
    education: null, occupation: null, residence: null, priorRecord: unstated("zh.party.prior.unit"), custody: [],
  };
  if (block.kind === "unit") return facts;
  // a defendant known only from a mention: nothing about a record is stated anywhere near it
  if (block.rule.startsWith(MENTION_RULE_PREFIX)) return { ...facts, priorRecord: unstated("zh.party.prior.not-stated") };

  const identity = identitySpan(text, block);
  const narrative: Span = { start: block.nameEnd, end: block.end };
  facts.gender = earliestFound(GENDER, text, identity, (_m, y) => y);
  facts.birthDate = readBirthDate(text, identity);
  if (facts.birthDate !== null && judgmentDate !== null) {
    const age = ageAt(facts.birthDate.value, judgmentDate);
    if (age !== null) facts.ageAtJudgment = { value: age, start: facts.birthDate.start, end: facts.birthDate.end, rule: "zh.party.age.derived" };
  }
  facts.ethnicity = earliestFound(ETHNICITY, text, identity, (m) => {
    if (m.groups?.e !== undefined) return m.groups.e;
    return m.groups?.stem !== undefined ? `${m.groups.stem}族` : null;
  });
  facts.education = earliestFound(EDUCATION, text, identity, (_m, y) => y);
  facts.occupation = readOccupation(text, identity);
  facts.residence = readResidence(text, identity);
  facts.priorRecord = readPriorRecord(text, block, narrative);
  facts.custody = readCustody(text, narrative, identity.end);
  return facts;
}

/**
 * Whether the court's reasoning (本院认为 …, the [from, to) span) finds this defendant a
 * recidivist: a sentence that says 累犯 (not 不构成累犯) and names the defendant, or any such
 * sentence when the judgment has a single defendant. Returns the 累犯 span, or null.
 */
export function findRecidivistInReasoning(text: string, from: number, to: number, name: string, singleDefendant: boolean): Found<boolean> | null {
  const window = text.slice(from, to);
  ZH_RECIDIVIST_REASONING_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ZH_RECIDIVIST_REASONING_RE.exec(window)) !== null) {
    const sentenceStart = Math.max(window.lastIndexOf("。", m.index), window.lastIndexOf("；", m.index)) + 1;
    const stop = window.slice(m.index).search(/[。；]/);
    const sentence = window.slice(sentenceStart, stop < 0 ? window.length : m.index + stop);
    if (singleDefendant || sentence.includes(name)) {
      return { value: true, start: from + m.index, end: from + m.index + m[0].length, rule: "zh.party.prior.recidivist.reasoning" };
    }
  }
  return null;
}
