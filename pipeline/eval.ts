/**
 * Scores a corpus against gold annotations (../shared/docs/gold-format.md), the library behind
 * `bangxin eval --gold G --corpus C [--json]`.
 *
 * The walk is generic over the gold object's keys: whatever the gold holds is scored, whatever it
 * omits is not. Special cases are limited to sets (`case.charges`, `defendants.charges`,
 * `defendants.acts`), money (corpus `{yuan, approx}` against a gold number), case-number
 * parentheses, and the pairing of defendants.
 *
 * Decisions the gold format leaves open, documented here so the numbers can be read:
 * - `defendants.count` is scored once per gold defendant (correct when it found a partner) and
 *   once, wrong, per extra corpus defendant. It is only scored when the gold has `defendants`.
 * - A corpus parent that is `null` (e.g. `factors: null`, `priorRecord: null`) makes every child
 *   read as `null`: a gold `null` below it is correct, a gold value is wrong. A key the corpus
 *   lacks altogether, a missing document and an unpaired gold defendant are always wrong, even
 *   where the gold says `null`.
 * - The gold-null subset of a field also takes empty gold sets (`acts: []`, `charges: []`): they
 *   state nothing, and "always empty" must not look accurate in the stated subset either.
 * - Money tolerance (0.5 yuan) applies where either side is a Money object; plain numbers such as
 *   `fineYuan` or `termMonths` compare exactly, as the format says.
 * - Acts precision/recall count every scored gold defendant: an unpaired one (or a missing
 *   document) contributes false negatives; extra corpus defendants are not counted there, since
 *   `defendants.count` already charges them.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { CorpusRecord } from "../corpus/schema.js";

/** One gold line: `id` plus any subset of the corpus record's paths, values only. */
export interface GoldRecord {
  id: string;
  case?: Record<string, unknown>;
  defendants?: GoldDefendant[];
  [key: string]: unknown;
}

export interface GoldDefendant {
  name?: string;
  [key: string]: unknown;
}

export interface SubsetStats {
  scored: number;
  correct: number;
  /** correct / scored; null when nothing was scored. */
  accuracy: number | null;
}

export interface FieldStats extends SubsetStats {
  /** Path with array indices collapsed, e.g. `defendants.sentence.termMonths`. */
  field: string;
  /** Values whose gold is null (or an empty set). */
  goldNull: SubsetStats;
  /** Values whose gold states something. */
  goldStated: SubsetStats;
}

/** Why the corpus side had nothing to compare. */
export type AbsenceReason = "document" | "defendant" | "key";

export interface Mismatch {
  docId: string;
  /** The gold defendant's name (the corpus name for an extra corpus defendant); null for case fields. */
  defendant: string | null;
  field: string;
  gold: unknown;
  /** The corpus value (sets as sorted normalised names); null when absent, see `absent`. */
  got: unknown;
  absent?: AbsenceReason;
}

export interface AmbiguousMatch {
  goldId: string;
  /** Corpus ids of every record whose `id` or `source.sourceId` equals the gold id, in corpus order. */
  candidates: string[];
  /** Gold defendants name-paired with each candidate, parallel to `candidates`. */
  nameOverlap: number[];
  chosen: string;
}

export interface ActsStats {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number | null;
  recall: number | null;
}

export interface EvalReport {
  documents: {
    gold: number;
    matched: number;
    /** Gold ids with no corpus record; all their fields are scored wrong. */
    missing: string[];
    /** Corpus records read (including those no gold document refers to). */
    corpusRecords: number;
    ambiguous: AmbiguousMatch[];
  };
  micro: SubsetStats;
  fields: FieldStats[];
  acts: ActsStats;
  mismatches: Mismatch[];
}

export interface Thresholds {
  /** Minimum overall micro-accuracy. */
  micro: number;
  /** Minimum accuracy of each field (as a whole, and of its gold-stated values). */
  perField: number;
  /** A per-field threshold applies only to a field (or stated subset) with at least this many values. */
  minStated: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { micro: 0.97, perField: 0.9, minStated: 10 };

export interface ThresholdFailure {
  scope: "micro" | "field" | "field-stated";
  /** null for the micro-accuracy. */
  field: string | null;
  accuracy: number | null;
  scored: number;
  threshold: number;
  message: string;
}

const MONEY_TOLERANCE_YUAN = 0.5;

/** Set-valued fields and the element key that identifies a member. */
const SET_FIELDS: ReadonlyMap<string, string> = new Map([
  ["case.charges", "name"],
  ["defendants.charges", "name"],
  ["defendants.acts", "mechanism"],
]);
const ACTS_FIELD = "defendants.acts";
const DEFENDANT_COUNT_FIELD = "defendants.count";

/** Marks a corpus side that has nothing to offer, so that even a gold null scores wrong. */
class Absent {
  constructor(readonly reason: AbsenceReason) {}
}

interface Tally {
  nullScored: number;
  nullCorrect: number;
  statedScored: number;
  statedCorrect: number;
}

interface Scoring {
  tallies: Map<string, Tally>;
  mismatches: Mismatch[];
  acts: { tp: number; fp: number; fn: number };
}

interface Scope {
  docId: string;
  defendant: string | null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isMoney(value: unknown): value is { yuan: number } {
  return isPlainObject(value) && typeof value.yuan === "number";
}

function removeWhitespace(text: string): string {
  return text.replace(/\s+/gu, "");
}

function normaliseString(key: string, text: string): string {
  const compact = removeWhitespace(text);
  return key === "caseNumber" ? compact.replace(/（/gu, "(").replace(/）/gu, ")") : compact;
}

function ratio(correct: number, scored: number): number | null {
  return scored === 0 ? null : correct / scored;
}

function joinPath(prefix: string, key: string): string {
  return prefix === "" ? key : `${prefix}.${key}`;
}

/** The corpus value under `key`; a null parent reads as null children (see the module comment). */
function childOf(parent: unknown, key: string): unknown {
  if (parent instanceof Absent) return parent;
  if (parent === null) return null;
  if (isPlainObject(parent) && parent[key] !== undefined) return parent[key];
  return new Absent("key");
}

function isGoldEmpty(gold: unknown): boolean {
  return gold === null || (Array.isArray(gold) && gold.length === 0);
}

/** Whether the corpus value agrees with the gold on every key the gold holds. */
function matchesGold(key: string, gold: unknown, got: unknown): boolean {
  if (got instanceof Absent) return false;
  if (gold === null) return got === null;
  if (typeof gold === "string") return typeof got === "string" && normaliseString(key, gold) === normaliseString(key, got);
  if (typeof gold === "number" || isMoney(gold)) {
    const goldYuan = typeof gold === "number" ? gold : gold.yuan;
    if (isMoney(got) || isMoney(gold)) {
      const gotYuan = isMoney(got) ? got.yuan : typeof got === "number" ? got : null;
      return gotYuan !== null && Math.abs(gotYuan - goldYuan) <= MONEY_TOLERANCE_YUAN;
    }
    return got === gold;
  }
  if (typeof gold === "boolean") return got === gold;
  if (Array.isArray(gold)) {
    return Array.isArray(got) && got.length === gold.length && gold.every((item, i) => matchesGold(key, item, got[i]));
  }
  if (isPlainObject(gold)) {
    if (!isPlainObject(got)) return false;
    return Object.entries(gold).every(([childKey, childGold]) => matchesGold(childKey, childGold, childOf(got, childKey)));
  }
  return false;
}

/** What to show for the corpus side in a mismatch. */
function shownValue(got: unknown): { got: unknown; absent?: AbsenceReason } {
  return got instanceof Absent ? { got: null, absent: got.reason } : { got };
}

function record(
  scoring: Scoring,
  scope: Scope,
  field: string,
  goldIsEmpty: boolean,
  correct: boolean,
  gold: unknown,
  got: unknown,
): void {
  let tally = scoring.tallies.get(field);
  if (!tally) {
    tally = { nullScored: 0, nullCorrect: 0, statedScored: 0, statedCorrect: 0 };
    scoring.tallies.set(field, tally);
  }
  if (goldIsEmpty) {
    tally.nullScored++;
    if (correct) tally.nullCorrect++;
  } else {
    tally.statedScored++;
    if (correct) tally.statedCorrect++;
  }
  if (!correct) scoring.mismatches.push({ docId: scope.docId, defendant: scope.defendant, field, gold, ...shownValue(got) });
}

function setMembers(items: unknown[], memberKey: string): Set<string> {
  const members = new Set<string>();
  for (const item of items) {
    const member = typeof item === "string" ? item : isPlainObject(item) ? item[memberKey] : undefined;
    if (typeof member === "string") members.add(removeWhitespace(member));
  }
  return members;
}

function scoreSet(scoring: Scoring, scope: Scope, field: string, memberKey: string, gold: unknown[], got: unknown): void {
  const goldSet = setMembers(gold, memberKey);
  const gotSet = Array.isArray(got) ? setMembers(got, memberKey) : null;
  const found = gotSet ?? new Set<string>();
  const truePositives = [...goldSet].filter((member) => found.has(member)).length;
  if (field === ACTS_FIELD) {
    scoring.acts.tp += truePositives;
    scoring.acts.fn += goldSet.size - truePositives;
    scoring.acts.fp += found.size - truePositives;
  }
  const correct = gotSet !== null && truePositives === goldSet.size && gotSet.size === goldSet.size;
  const shownGot = gotSet === null ? got : [...gotSet].sort();
  record(scoring, scope, field, goldSet.size === 0, correct, [...goldSet].sort(), shownGot);
}

function scoreValue(scoring: Scoring, scope: Scope, key: string, field: string, gold: unknown, got: unknown): void {
  const setMemberKey = SET_FIELDS.get(field);
  if (setMemberKey !== undefined && Array.isArray(gold)) {
    scoreSet(scoring, scope, field, setMemberKey, gold, got);
  } else if (isPlainObject(gold) && !isMoney(gold)) {
    scoreObject(scoring, scope, field, gold, got);
  } else {
    record(scoring, scope, field, isGoldEmpty(gold), matchesGold(key, gold, got), gold, got);
  }
}

function scoreObject(scoring: Scoring, scope: Scope, prefix: string, gold: Record<string, unknown>, got: unknown): void {
  for (const [key, childGold] of Object.entries(gold)) {
    scoreValue(scoring, scope, key, joinPath(prefix, key), childGold, childOf(got, key));
  }
}

function defendantName(value: unknown): string | null {
  return isPlainObject(value) && typeof value.name === "string" ? value.name : null;
}

interface Pairing {
  /** Corpus index paired with each gold defendant, or null. */
  partners: (number | null)[];
  /** Corpus indices left without a gold partner. */
  extras: number[];
  /** How many gold defendants were paired by name. */
  byName: number;
}

/** Pairs by name (whitespace removed) first, then the remaining ones in order. */
function pairDefendants(gold: readonly unknown[], corpus: readonly unknown[]): Pairing {
  const used = corpus.map(() => false);
  const partners: (number | null)[] = gold.map(() => null);
  let byName = 0;
  gold.forEach((goldDefendant, gi) => {
    const name = defendantName(goldDefendant);
    if (name === null) return;
    const key = removeWhitespace(name);
    const ci = corpus.findIndex((c, j) => !used[j] && removeWhitespace(defendantName(c) ?? "") === key);
    if (ci >= 0) {
      used[ci] = true;
      partners[gi] = ci;
      byName++;
    }
  });
  let next = 0;
  partners.forEach((partner, gi) => {
    if (partner !== null) return;
    while (next < corpus.length && used[next]) next++;
    if (next < corpus.length) {
      used[next] = true;
      partners[gi] = next;
    }
  });
  const extras = used.flatMap((isUsed, ci) => (isUsed ? [] : [ci]));
  return { partners, extras, byName };
}

function scoreDefendants(scoring: Scoring, docId: string, gold: unknown[], got: unknown): void {
  const corpusDefendants = Array.isArray(got) ? got : [];
  const missingPartner = got instanceof Absent ? got : new Absent("defendant");
  const { partners, extras } = pairDefendants(gold, corpusDefendants);
  gold.forEach((goldDefendant, gi) => {
    const scope: Scope = { docId, defendant: defendantName(goldDefendant) };
    const partnerIndex = partners[gi];
    const partner = partnerIndex === null ? missingPartner : corpusDefendants[partnerIndex];
    record(scoring, scope, DEFENDANT_COUNT_FIELD, false, partnerIndex !== null, scope.defendant,
      partnerIndex === null ? partner : defendantName(partner));
    if (isPlainObject(goldDefendant)) scoreObject(scoring, scope, "defendants", goldDefendant, partner);
    else scoreValue(scoring, scope, "defendants", "defendants", goldDefendant, partner);
  });
  for (const ci of extras) {
    const name = defendantName(corpusDefendants[ci]);
    record(scoring, { docId, defendant: name }, DEFENDANT_COUNT_FIELD, false, false, null, name);
  }
}

function scoreDocument(scoring: Scoring, gold: GoldRecord, corpus: unknown): void {
  const scope: Scope = { docId: gold.id, defendant: null };
  for (const [key, childGold] of Object.entries(gold)) {
    if (key === "id") continue;
    const got = childOf(corpus, key);
    if (key === "defendants" && Array.isArray(childGold)) scoreDefendants(scoring, gold.id, childGold, got);
    else scoreValue(scoring, scope, key, key, childGold, got);
  }
}

function corpusIdsOf(record: CorpusRecord): string[] {
  const ids = new Set<string>([record.id]);
  const sourceId = record.source?.sourceId;
  if (typeof sourceId === "string") ids.add(sourceId);
  return [...ids];
}

function indexCorpus(corpus: readonly CorpusRecord[]): Map<string, CorpusRecord[]> {
  const index = new Map<string, CorpusRecord[]>();
  for (const record of corpus) {
    for (const id of corpusIdsOf(record)) {
      const list = index.get(id);
      if (list) list.push(record);
      else index.set(id, [record]);
    }
  }
  return index;
}

/** The candidate whose defendants share the most names with the gold; ties go to the first. */
function chooseCandidate(gold: GoldRecord, candidates: CorpusRecord[]): { chosen: CorpusRecord; overlaps: number[] } {
  const goldDefendants = Array.isArray(gold.defendants) ? gold.defendants : [];
  const overlaps = candidates.map((c) => pairDefendants(goldDefendants, Array.isArray(c.defendants) ? c.defendants : []).byName);
  let best = 0;
  overlaps.forEach((overlap, i) => {
    if (overlap > overlaps[best]) best = i;
  });
  return { chosen: candidates[best], overlaps };
}

function subset(correct: number, scored: number): SubsetStats {
  return { scored, correct, accuracy: ratio(correct, scored) };
}

/** Scores every gold document against its corpus record. Pure; corpus records no gold refers to are ignored. */
export function scoreCorpus(gold: readonly GoldRecord[], corpus: readonly CorpusRecord[]): EvalReport {
  const scoring: Scoring = { tallies: new Map(), mismatches: [], acts: { tp: 0, fp: 0, fn: 0 } };
  const index = indexCorpus(corpus);
  const missing: string[] = [];
  const ambiguous: AmbiguousMatch[] = [];
  let matched = 0;

  for (const goldRecord of gold) {
    const candidates = index.get(goldRecord.id) ?? [];
    if (candidates.length === 0) {
      missing.push(goldRecord.id);
      scoreDocument(scoring, goldRecord, new Absent("document"));
      continue;
    }
    matched++;
    const { chosen, overlaps } = chooseCandidate(goldRecord, candidates);
    if (candidates.length > 1) {
      ambiguous.push({ goldId: goldRecord.id, candidates: candidates.map((c) => c.id), nameOverlap: overlaps, chosen: chosen.id });
    }
    scoreDocument(scoring, goldRecord, chosen);
  }

  const fields: FieldStats[] = [];
  let microScored = 0;
  let microCorrect = 0;
  for (const [field, t] of scoring.tallies) {
    const scored = t.nullScored + t.statedScored;
    const correct = t.nullCorrect + t.statedCorrect;
    microScored += scored;
    microCorrect += correct;
    fields.push({
      field,
      ...subset(correct, scored),
      goldNull: subset(t.nullCorrect, t.nullScored),
      goldStated: subset(t.statedCorrect, t.statedScored),
    });
  }
  const { tp, fp, fn } = scoring.acts;
  return {
    documents: { gold: gold.length, matched, missing, corpusRecords: corpus.length, ambiguous },
    micro: subset(microCorrect, microScored),
    fields,
    acts: { truePositives: tp, falsePositives: fp, falseNegatives: fn, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn) },
    mismatches: scoring.mismatches,
  };
}

/** Failures against the thresholds; empty when the corpus passes. */
export function checkThresholds(report: EvalReport, thresholds: Thresholds = DEFAULT_THRESHOLDS): ThresholdFailure[] {
  const failures: ThresholdFailure[] = [];
  const { micro } = report;
  // Nothing scored is a failure: an evaluation that checked nothing must not pass.
  if (micro.accuracy === null || micro.accuracy < thresholds.micro) {
    failures.push({
      scope: "micro", field: null, accuracy: micro.accuracy, scored: micro.scored, threshold: thresholds.micro,
      message: `micro-accuracy ${formatAccuracy(micro.accuracy)} (${micro.correct}/${micro.scored}) is below ${thresholds.micro}`,
    });
  }
  for (const field of report.fields) {
    if (field.scored >= thresholds.minStated && field.accuracy !== null && field.accuracy < thresholds.perField) {
      failures.push({
        scope: "field", field: field.field, accuracy: field.accuracy, scored: field.scored, threshold: thresholds.perField,
        message: `${field.field}: accuracy ${formatAccuracy(field.accuracy)} (${field.correct}/${field.scored}) is below ${thresholds.perField}`,
      });
    }
    const stated = field.goldStated;
    if (stated.scored >= thresholds.minStated && stated.accuracy !== null && stated.accuracy < thresholds.perField) {
      failures.push({
        scope: "field-stated", field: field.field, accuracy: stated.accuracy, scored: stated.scored, threshold: thresholds.perField,
        message: `${field.field} (gold stated): accuracy ${formatAccuracy(stated.accuracy)} (${stated.correct}/${stated.scored}) is below ${thresholds.perField}`,
      });
    }
  }
  return failures;
}

function formatAccuracy(accuracy: number | null): string {
  return accuracy === null ? "-" : accuracy.toFixed(3);
}

function formatMismatchValue(value: unknown, absent: AbsenceReason | undefined): string {
  if (absent !== undefined) return `<missing ${absent}>`;
  return JSON.stringify(value) ?? String(value);
}

export interface FormatOptions {
  /** How many mismatches to list; the rest are only counted. */
  maxMismatches?: number;
}

/** The human-readable report: summary, per-field table, ambiguous matches and the first mismatches. */
export function formatReport(report: EvalReport, options: FormatOptions = {}): string {
  const maxMismatches = options.maxMismatches ?? 40;
  const { documents, micro, acts } = report;
  const lines: string[] = [];
  lines.push(
    `Documents: ${documents.gold} gold, ${documents.matched} matched, ${documents.missing.length} missing; ` +
      `${documents.corpusRecords} corpus records read`,
  );
  lines.push(`Micro-accuracy: ${formatAccuracy(micro.accuracy)} (${micro.correct}/${micro.scored})`);
  lines.push(
    `Acts: precision ${formatAccuracy(acts.precision)} (${acts.truePositives}/${acts.truePositives + acts.falsePositives}), ` +
      `recall ${formatAccuracy(acts.recall)} (${acts.truePositives}/${acts.truePositives + acts.falseNegatives})`,
  );
  lines.push("");

  const fieldWidth = Math.max(5, ...report.fields.map((f) => f.field.length));
  const cell = (s: SubsetStats): string => `${String(s.scored).padStart(6)} ${formatAccuracy(s.accuracy).padStart(6)}`;
  lines.push(
    `${"field".padEnd(fieldWidth)}  ${"scored".padStart(6)} ${"right".padStart(6)} ${"acc".padStart(6)}` +
      `  | ${"null".padStart(6)} ${"acc".padStart(6)}  | ${"stated".padStart(6)} ${"acc".padStart(6)}`,
  );
  lines.push("-".repeat(fieldWidth + 56));
  for (const f of report.fields) {
    lines.push(
      `${f.field.padEnd(fieldWidth)}  ${String(f.scored).padStart(6)} ${String(f.correct).padStart(6)} ` +
        `${formatAccuracy(f.accuracy).padStart(6)}  | ${cell(f.goldNull)}  | ${cell(f.goldStated)}`,
    );
  }

  if (documents.missing.length > 0) {
    lines.push("", `Missing documents (${documents.missing.length}): ${documents.missing.join(", ")}`);
  }
  if (documents.ambiguous.length > 0) {
    lines.push("", `Ambiguous matches (${documents.ambiguous.length}):`);
    for (const a of documents.ambiguous) {
      const options = a.candidates.map((id, i) => `${id} (${a.nameOverlap[i]} names)`).join(", ");
      lines.push(`  ${a.goldId} → ${a.chosen} among ${options}`);
    }
  }
  lines.push("", `Mismatches: ${report.mismatches.length}` +
    (report.mismatches.length > maxMismatches ? ` (first ${maxMismatches} shown)` : ""));
  for (const m of report.mismatches.slice(0, maxMismatches)) {
    const who = m.defendant === null ? "" : ` [${m.defendant}]`;
    lines.push(`  ${m.docId}${who} ${m.field}: gold ${formatMismatchValue(m.gold, undefined)}, got ${formatMismatchValue(m.got, m.absent)}`);
  }
  return lines.join("\n");
}

/** Parsed JSON values of a JSON Lines file, with their 1-based line numbers; blank lines skipped. */
export async function* readJsonLines(path: string): AsyncGenerator<{ line: number; value: unknown }> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/u, "") : raw;
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Error(`${path}:${line}: invalid JSON: ${(error as Error).message}`);
    }
    yield { line, value };
  }
}

/** Checks the shape the scorer relies on; the rest of a gold line is taken as it is. */
export function toGoldRecord(value: unknown, where: string): GoldRecord {
  if (!isPlainObject(value) || typeof value.id !== "string" || value.id === "") {
    throw new Error(`${where}: a gold record must be an object with a non-empty string "id"`);
  }
  if (value.defendants !== undefined && !Array.isArray(value.defendants)) {
    throw new Error(`${where}: gold "defendants" must be an array`);
  }
  return value as GoldRecord;
}

/**
 * Reads both JSON Lines files and scores them. The corpus is streamed and only records some gold
 * id refers to are kept (without `text`), so a large corpus does not have to fit in memory.
 */
export async function evaluateFiles(goldPath: string, corpusPath: string): Promise<EvalReport> {
  const gold: GoldRecord[] = [];
  for await (const { line, value } of readJsonLines(goldPath)) gold.push(toGoldRecord(value, `${goldPath}:${line}`));
  const wanted = new Set(gold.map((g) => g.id));

  const kept: CorpusRecord[] = [];
  let corpusRecords = 0;
  for await (const { line, value } of readJsonLines(corpusPath)) {
    if (!isPlainObject(value) || typeof value.id !== "string") {
      throw new Error(`${corpusPath}:${line}: a corpus record must be an object with a string "id"`);
    }
    corpusRecords++;
    const corpusRecord = value as unknown as CorpusRecord;
    if (corpusIdsOf(corpusRecord).some((id) => wanted.has(id))) {
      delete corpusRecord.text;
      kept.push(corpusRecord);
    }
  }
  const report = scoreCorpus(gold, kept);
  return { ...report, documents: { ...report.documents, corpusRecords } };
}
