/**
 * Case-level fields of a Chinese judgment: number, court, level, province, document type,
 * instance, procedure and judgment date. Reads the header first and falls back to the rest.
 */
import { compileRules, findAll, findFirstRule, type Found, type Rule } from "./engine.js";
import { parseChineseDate } from "./numbers.js";
import { sectionOf, type Section } from "../pipeline/stages/sections.js";
import {
  CASE_NUMBER_ROWS, COURT_ROWS, COURT_PREFIX_TRIM, COURT_LEVEL_ROWS, DOC_TYPE_ROWS, DOC_TYPE_FROM_RESULT_ROWS,
  INSTANCE_FROM_NUMBER_ROWS, INSTANCE_FROM_TEXT_ROWS, PROCEDURE_ROWS, PROCEDURE_FALLBACK_ROWS, PROVINCES,
  PROVINCE_ABBREVIATIONS, PROVINCE_CODE_IN_NUMBER, JUDGMENT_DATE_SRC,
  type CourtLevel, type DocType, type Instance, type Procedure,
} from "./patterns/zh/case.js";

const CASE_NUMBER = compileRules(CASE_NUMBER_ROWS);
const COURT = compileRules(COURT_ROWS);
const COURT_LEVEL = compileRules(COURT_LEVEL_ROWS);
const DOC_TYPE = compileRules(DOC_TYPE_ROWS);
const DOC_TYPE_FROM_RESULT = compileRules(DOC_TYPE_FROM_RESULT_ROWS);
const INSTANCE_FROM_NUMBER = compileRules(INSTANCE_FROM_NUMBER_ROWS);
const INSTANCE_FROM_TEXT = compileRules(INSTANCE_FROM_TEXT_ROWS);
const PROCEDURE = compileRules(PROCEDURE_ROWS);
const PROCEDURE_FALLBACK = compileRules(PROCEDURE_FALLBACK_ROWS);
const JUDGMENT_DATE = new RegExp(JUDGMENT_DATE_SRC, "g");

export interface CaseFindings {
  caseNumber: Found<string> | null;
  court: Found<string> | null;
  courtLevel: Found<CourtLevel> | null;
  province: Found<string> | null;
  docType: Found<DocType> | null;
  instance: Found<Instance> | null;
  procedure: Found<Procedure> | null;
  judgmentDate: Found<string> | null;
}

/** The part before the first defendant's paragraph: header plus the prosecutor line. */
function headerSpan(text: string, sections: readonly Section[]): { start: number; end: number } {
  const header = sectionOf(sections, "header");
  const parties = sectionOf(sections, "parties");
  const end = Math.max(header?.end ?? 0, Math.min(parties?.start ?? text.length, 400));
  return { start: 0, end: Math.min(text.length, Math.max(end, 1)) };
}

function findCaseNumber(text: string, head: { start: number; end: number }): Found<string> | null {
  const m = findFirstRule(CASE_NUMBER, text, head.start, Math.min(text.length, head.end + 200)) ??
    findFirstRule(CASE_NUMBER, text, 0, Math.min(text.length, 3000));
  if (!m) return null;
  return { value: m.match[0].replace(/\s+/g, ""), start: m.start, end: m.end, rule: m.rule.id };
}

function findCourt(text: string, head: { start: number; end: number }): Found<string> | null {
  for (const m of findAll(COURT, text, head.start, head.end)) {
    const raw = m.match[0];
    const trimmed = raw.replace(COURT_PREFIX_TRIM, "");
    if (trimmed.length < 4) continue;
    return { value: trimmed, start: m.end - trimmed.length, end: m.end, rule: m.rule.id };
  }
  return null;
}

function classify<Y>(rules: readonly Rule<Y>[], value: string, evidence: Found<unknown>, rulePrefix = ""): Found<Y> | null {
  const m = findFirstRule(rules, value);
  return m ? { value: m.rule.yields, start: evidence.start, end: evidence.end, rule: rulePrefix + m.rule.id } : null;
}

/** Courts below the provincial level often omit the province: the appeal notice names the higher court in full. */
const APPEAL_COURT = /向([\u4e00-\u9fff]{2,30}?(?:中级|高级)人民法院)/g;

/** Each province with its name as courts shorten it (四川, 广西壮族 …), made once. */
const PROVINCE_NAMES = PROVINCES.map((name) => ({ name, short: name.replace(/(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$/, "") }));

function findProvince(text: string, court: Found<string> | null, caseNumber: Found<string> | null, sections: readonly Section[]): Found<string> | null {
  if (court) {
    const p = PROVINCE_NAMES.find(({ name, short }) => court.value.startsWith(name) || court.value.startsWith(short))?.name;
    if (p) return { value: p, start: court.start, end: court.end, rule: "zh.case.province.court-name" };
  }
  if (caseNumber) {
    const m = PROVINCE_CODE_IN_NUMBER.exec(caseNumber.value);
    if (m && PROVINCE_ABBREVIATIONS[m[1]]) {
      return { value: PROVINCE_ABBREVIATIONS[m[1]], start: caseNumber.start, end: caseNumber.end, rule: "zh.case.province.case-number-code" };
    }
  }
  const notice = sectionOf(sections, "appeal-notice");
  if (notice) {
    APPEAL_COURT.lastIndex = 0;
    const window = text.slice(notice.start, notice.end);
    const m = APPEAL_COURT.exec(window);
    if (m) {
      const p = PROVINCES.find((name) => m[1].startsWith(name));
      if (p) return { value: p, start: notice.start + m.index + 1, end: notice.start + m.index + m[0].length, rule: "zh.case.province.appeal-court" };
    }
  }
  return null;
}

function findProcedure(text: string, sections: readonly Section[]): Found<Procedure> | null {
  // The procedural history; for documents without one, everything before the facts.
  const proc = sectionOf(sections, "procedure");
  const facts = sections.find((s) => s.kind === "prosecution" || s.kind === "facts" || s.kind === "reasoning");
  const from = proc?.start ?? sectionOf(sections, "parties")?.start ?? 0;
  const to = proc ? proc.end : facts?.start ?? Math.min(text.length, 1500);
  const matches = findAll(PROCEDURE, text, from, to);
  // drop a match that lies inside an earlier one (简易程序 inside 不宜适用简易程序)
  let last: (typeof matches)[number] | null = null;
  let coveredTo = -1;
  for (const m of matches) {
    if (m.start < coveredTo) continue;
    last = m;
    coveredTo = m.end;
  }
  if (last) return { value: last.rule.yields, start: last.start, end: last.end, rule: last.rule.id };
  const fb = findFirstRule(PROCEDURE_FALLBACK, text, from, to);
  return fb ? { value: fb.rule.yields, start: fb.start, end: fb.end, rule: fb.rule.id } : null;
}

function findJudgmentDate(text: string, sections: readonly Section[]): Found<string> | null {
  // The date under the judges' names; without a signature block, the last full date of the text.
  const sig = sectionOf(sections, "signature");
  const appendix = sectionOf(sections, "appendix");
  const windows = sig ? [sig] : [{ start: Math.max(0, (appendix?.start ?? text.length) - 300), end: appendix?.start ?? text.length }];
  for (const w of windows) {
    JUDGMENT_DATE.lastIndex = 0;
    const slice = text.slice(w.start, w.end);
    let m: RegExpExecArray | null;
    while ((m = JUDGMENT_DATE.exec(slice)) !== null) {
      const iso = parseChineseDate(m[0].replace(/\s/g, ""));
      if (iso && iso.length === 10) {
        return { value: iso, start: w.start + m.index, end: w.start + m.index + m[0].length, rule: "zh.case.judgment-date.signature" };
      }
    }
  }
  return null;
}

export function extractCaseFindings(text: string, sections: readonly Section[]): CaseFindings {
  const head = headerSpan(text, sections);
  const caseNumber = findCaseNumber(text, head);
  const court = findCourt(text, head);
  const courtLevel = court ? classify(COURT_LEVEL, court.value, court) : null;

  const docTypeMatch = findFirstRule(DOC_TYPE, text, head.start, head.end);
  let docType: Found<DocType> | null = docTypeMatch
    ? { value: docTypeMatch.rule.yields, start: docTypeMatch.start, end: docTypeMatch.end, rule: docTypeMatch.rule.id }
    : null;
  if (!docType) {
    const m = findFirstRule(DOC_TYPE_FROM_RESULT, text);
    if (m) docType = { value: m.rule.yields, start: m.start, end: m.end, rule: m.rule.id };
  }

  let instance: Found<Instance> | null = caseNumber ? classify(INSTANCE_FROM_NUMBER, caseNumber.value, caseNumber) : null;
  if (!instance) {
    const m = findFirstRule(INSTANCE_FROM_TEXT, text, 0, Math.min(text.length, (sectionOf(sections, "prosecution")?.start ?? 2000)));
    if (m) instance = { value: m.rule.yields, start: m.start, end: m.end, rule: m.rule.id };
  }

  return {
    caseNumber,
    court,
    courtLevel,
    province: findProvince(text, court, caseNumber, sections),
    docType,
    instance,
    procedure: findProcedure(text, sections),
    judgmentDate: findJudgmentDate(text, sections),
  };
}
