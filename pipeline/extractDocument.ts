/**
 * One document → one corpus record. Data flows one way:
 * normalize → sections → defendant blocks → extractors → record + evidence → warnings.
 * No I/O here: the runner reads sources and writes sinks.
 */
import { MECHANISM_CATEGORY, SCHEMA_VERSION, type CorpusRecord, type Defendant, type Sentence, type Money, type CaseInfo } from "../corpus/schema.js";
import type { Found } from "../extractors/engine.js";
import { extractCaseFindings } from "../extractors/case.js";
import { extractPartyFacts } from "../extractors/party.js";
import { extractCaseCharges, extractJudgmentResult, type FoundSentence } from "../extractors/sentence.js";
import { extractFactors } from "../extractors/factors.js";
import { extractFactFindings } from "../extractors/facts.js";
import type { SourceDocument } from "./sources/types.js";
import { sha256 } from "./sources/readers.js";
import { normalizeText, toOriginalSpan, type TextView } from "./stages/normalize.js";
import { segmentSections, type Section } from "./stages/sections.js";
import { splitDefendantBlocks } from "./stages/defendants.js";
import { legalRangeWarnings } from "./stages/warnings.js";
import { EXTRACTOR_VERSION } from "./version.js";

export interface ExtractOptions {
  /** Include `text` in the record (default true); false leaves it out, and offsets still refer to it. */
  includeText?: boolean;
  /** Override the record id (the runner uses this to make repeated source ids unique). */
  id?: string;
}

interface EvidenceSpan {
  start: number;
  end: number;
  rule: string;
}

/**
 * Collects evidence spans (normalized offsets), mapped to the original text, in the order they
 * are put. Kept as two arrays and copied into the record once at the end: adding a hundred
 * distinct keys to an object one by one (and copying it again) cost more than the extraction of
 * several fields. A path put twice keeps its first position and its last span, as object
 * assignment does.
 */
class EvidenceMap {
  private readonly paths: string[] = [];
  private readonly spans: EvidenceSpan[] = [];
  constructor(private readonly view: TextView) {}
  put(path: string, found: { start: number; end: number; rule: string }): void {
    const span = toOriginalSpan(this.view, found.start, found.end);
    this.paths.push(path);
    this.spans.push({ start: span.start, end: span.end, rule: found.rule });
  }
  /** The span last put for `path`. */
  get(path: string): EvidenceSpan | undefined {
    const i = this.paths.lastIndexOf(path);
    return i === -1 ? undefined : this.spans[i];
  }
  /** Set a value from a Found (or null) and record its evidence. */
  value<T>(path: string, found: Found<T> | null | undefined): T | null {
    if (!found) return null;
    this.put(path, found);
    return found.value;
  }
  /** Add the entries to `target` in order (object assignment resolves repeated paths). */
  copyTo(target: Record<string, EvidenceSpan>): void {
    for (let i = 0; i < this.paths.length; i++) target[this.paths[i]] = this.spans[i];
  }
}

/** Cached paths at most; beyond that `child` builds fresh strings (a bound for freak documents). */
const MAX_CACHED_PATHS = 20000;
let cachedPaths = 0;
const CHILD_PATHS = new Map<string, Map<string | number, string>>();

/**
 * `${parent}/${key}`, the same string object every time. Evidence paths repeat in every
 * document, and a freshly built string that becomes a new key of the evidence object costs a
 * string-table lookup each time; reusing them made building the evidence several times cheaper.
 */
function child(parent: string, key: string | number): string {
  const children = CHILD_PATHS.get(parent);
  const cached = children?.get(key);
  if (cached !== undefined) return cached;
  const path = `${parent}/${key}`;
  if (cachedPaths < MAX_CACHED_PATHS) {
    cachedPaths++;
    if (children === undefined) CHILD_PATHS.set(parent, new Map([[key, path]]));
    else children.set(key, path);
  }
  return path;
}

/** Chinese when the first 4,000 characters hold 20 CJK characters or more than a tenth are CJK. */
export function detectLanguage(text: string): "zh" | "en" {
  const n = Math.min(text.length, 4000);
  let cjk = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff && ++cjk >= 20) return "zh";
  }
  return cjk > n * 0.1 ? "zh" : "en";
}

/** Map source-given sections (original offsets) into the normalized view. */
function toViewSections(view: TextView, sections: NonNullable<SourceDocument["sections"]>): Section[] {
  const toView = (orig: number): number => {
    // first normalized index whose original offset is >= orig (binary search over the monotone map)
    let lo = 0;
    let hi = view.toOriginal.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (view.toOriginal[mid] < orig) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return sections.map((s) => ({ kind: s.kind, start: toView(s.start), end: toView(s.end), rule: "source.structure" }));
}

function emptyCase(): CaseInfo {
  return {
    caseNumber: null, court: null, courtLevel: null, province: null, docType: null, instance: null, procedure: null,
    judgmentDate: null, charges: [],
  };
}

function sentenceFrom(ev: EvidenceMap, path: string, s: FoundSentence | null): Sentence | null {
  if (!s) return null;
  return {
    principal: ev.value(child(path, "principal"), s.principal),
    termMonths: ev.value(child(path, "termMonths"), s.termMonths),
    probationMonths: ev.value(child(path, "probationMonths"), s.probationMonths),
    fineYuan: ev.value(child(path, "fineYuan"), s.fineYuan),
    confiscationOfProperty: ev.value(child(path, "confiscationOfProperty"), s.confiscationOfProperty) ?? false,
  };
}

function money(ev: EvidenceMap, path: string, f: Found<{ yuan: number; approx: boolean }> | null): Money {
  return ev.value(path, f);
}

/**
 * Extract one record from one source document. Throws only on programming errors; the
 * runner turns a throw into an errors.jsonl line for this document and goes on.
 */
export function extractDocument(doc: SourceDocument, options: ExtractOptions = {}): CorpusRecord {
  const original = doc.text;
  const view = normalizeText(original);
  const text = view.text;
  const language = detectLanguage(text);
  const ev = new EvidenceMap(view);
  const sections = doc.sections && doc.sections.length > 0 ? toViewSections(view, doc.sections) : segmentSections(text);

  const record: CorpusRecord = {
    schemaVersion: SCHEMA_VERSION,
    id: options.id ?? doc.id ?? sha256(original).slice(7, 23),
    source: { uri: doc.uri, format: doc.format, contentHash: doc.contentHash, fetchedAt: doc.fetchedAt, sourceId: doc.id },
    language,
    extractor: { version: EXTRACTOR_VERSION },
    ...(options.includeText === false ? {} : { text: original }),
    case: emptyCase(),
    defendants: [],
    sections: sections.map((s) => ({ kind: s.kind, ...toOriginalSpan(view, s.start, s.end) })),
    evidence: {},
    warnings: [],
  };
  if (language !== "zh") {
    record.warnings.push({ code: "language.unsupported", path: "", message: "English extraction is not implemented yet: only case metadata from the source is kept" });
    return record;
  }

  const cf = extractCaseFindings(text, sections);
  const c = record.case;
  c.caseNumber = ev.value("/case/caseNumber", cf.caseNumber);
  c.court = ev.value("/case/court", cf.court);
  c.courtLevel = ev.value("/case/courtLevel", cf.courtLevel);
  c.province = ev.value("/case/province", cf.province);
  c.docType = ev.value("/case/docType", cf.docType);
  c.instance = ev.value("/case/instance", cf.instance);
  c.procedure = ev.value("/case/procedure", cf.procedure);
  c.judgmentDate = ev.value("/case/judgmentDate", cf.judgmentDate);

  const blocks = splitDefendantBlocks(text, sections);
  const parties = blocks.map((b) => ({ name: b.name, kind: b.kind }));
  const results = extractJudgmentResult(text, sections, parties, c.instance);
  const factors = extractFactors(text, sections, parties.map((p) => p.name), c.instance === "second" || c.instance === "retrial",
    parties.map((p) => p.kind === "unit"));
  const facts = extractFactFindings(text, sections, parties);

  blocks.forEach((block, i) => {
    const p = child("/defendants", i);
    const pf = extractPartyFacts(text, block, c.judgmentDate);
    const isPerson = block.kind === "person";
    ev.put(child(p, "name"), { start: block.nameStart, end: block.nameEnd, rule: block.rule });
    ev.put(child(p, "kind"), { start: block.start, end: block.nameEnd, rule: block.rule });
    const res = results[i];
    const fac = factors.perDefendant[i];
    const fin = facts[i];

    const charges = (res?.charges ?? []).map((ch, k) => {
      const cp = child(child(p, "charges"), k);
      return { name: ev.value(child(cp, "name"), ch.name)!, sentence: sentenceFrom(ev, child(cp, "sentence"), ch.sentence) };
    });

    // A factor is true when the reasoning finds it; false (evidence: the reasoning searched) otherwise.
    const fp = child(p, "factors");
    const factor = (key: keyof typeof fac): boolean => {
      const hits = fac[key];
      if (hits.length > 0) {
        ev.put(child(fp, key), hits[0]);
        return true;
      }
      ev.put(child(fp, key), { start: factors.searched!.start, end: factors.searched!.end, rule: `zh.factors.${key}.not-found` });
      return false;
    };
    // units have factors too (单位自首, 单位认罪认罚); only person-specific ones stay false for them
    let factorValues: Defendant["factors"] = null;
    if (factors.searched) {
      const surrender = factor("surrender");
      // gold-format: confession is 坦白 — 如实供述 without a 自首 finding
      let confession = factor("confession");
      if (surrender && confession) {
        confession = false;
        ev.put(child(fp, "confession"), { ...fac.surrender[0], rule: "zh.factors.confession.subsumed-by-surrender" });
      }
      factorValues = {
        surrender, confession, plea: factor("plea"), accessory: factor("accessory"), attempt: factor("attempt"),
        restitution: factor("restitution"), forgiveness: factor("forgiveness"), meritorious: factor("meritorious"),
        minor: factor("minor"),
      };
    }

    let priorRecord: Defendant["priorRecord"] = null;
    if (isPerson) {
      const recidivistInReasoning = fac.recidivist[0];
      const recidivist = recidivistInReasoning ?? pf.priorRecord.recidivist;
      const pp = child(p, "priorRecord");
      priorRecord = {
        recidivist: ev.value(child(pp, "recidivist"), recidivist),
        priorConviction: ev.value(child(pp, "priorConviction"), pf.priorRecord.priorConviction),
        priorAdministrativePenalty: ev.value(child(pp, "priorAdministrativePenalty"), pf.priorRecord.priorAdministrativePenalty),
      };
      // a recidivist necessarily has a prior conviction
      if (priorRecord.recidivist === true && priorRecord.priorConviction !== true) {
        priorRecord.priorConviction = true;
        ev.put(child(pp, "priorConviction"), { ...recidivist!, rule: "zh.party.prior.implied-by-recidivism" });
      }
    }

    const acts: Defendant["acts"] = [];
    for (const a of fin?.acts ?? []) {
      if (acts.some((x) => x.mechanism === a.value.mechanism)) continue;
      ev.put(child(child(p, "acts"), acts.length), a);
      acts.push({ category: MECHANISM_CATEGORY[a.value.mechanism], mechanism: a.value.mechanism });
    }

    const occupation = pf.occupation;
    const ip = child(p, "instruments");
    const ap = child(p, "amounts");
    const defendant: Defendant = {
      name: block.name,
      kind: block.kind,
      gender: isPerson ? ev.value(child(p, "gender"), pf.gender) : null,
      birthDate: isPerson ? ev.value(child(p, "birthDate"), pf.birthDate) : null,
      ageAtJudgment: isPerson ? ev.value(child(p, "ageAtJudgment"), pf.ageAtJudgment) : null,
      ethnicity: isPerson ? ev.value(child(p, "ethnicity"), pf.ethnicity) : null,
      education: isPerson ? ev.value(child(p, "education"), pf.education) : null,
      occupation: isPerson && occupation ? ev.value(child(p, "occupation"), { ...occupation, value: occupation.value.code }) : null,
      occupationRaw: isPerson && occupation ? ev.value(child(p, "occupationRaw"), { ...occupation, value: occupation.value.raw }) : null,
      residence: isPerson ? ev.value(child(p, "residence"), pf.residence) : null,
      priorRecord,
      custody: isPerson ? pf.custody.map((f, k) => {
        ev.put(child(child(p, "custody"), k), f);
        return { kind: f.value.kind, date: f.value.date };
      }) : [],
      charges,
      sentence: sentenceFrom(ev, child(p, "sentence"), res?.sentence ?? null),
      factors: factorValues,
      acts,
      instruments: {
        bankCards: ev.value(child(ip, "bankCards"), fin?.instruments.bankCards),
        phoneCards: ev.value(child(ip, "phoneCards"), fin?.instruments.phoneCards),
        paymentAccounts: ev.value(child(ip, "paymentAccounts"), fin?.instruments.paymentAccounts),
        corporateAccounts: ev.value(child(ip, "corporateAccounts"), fin?.instruments.corporateAccounts),
      },
      amounts: {
        settlement: money(ev, child(ap, "settlement"), fin?.amounts.settlement ?? null),
        fraudLinked: money(ev, child(ap, "fraudLinked"), fin?.amounts.fraudLinked ?? null),
        illegalGain: money(ev, child(ap, "illegalGain"), fin?.amounts.illegalGain ?? null),
        confiscated: money(ev, child(ap, "confiscated"), res?.confiscated ?? null),
      },
    };
    record.defendants.push(defendant);
  });

  const caseCharges = extractCaseCharges(results);
  caseCharges.forEach((name, k) => {
    // evidence: the first count that names this charge
    const at = record.defendants.findIndex((d) => d.charges.some((ch) => ch.name === name));
    const ci = record.defendants[at].charges.findIndex((ch) => ch.name === name);
    const e = ev.get(child(child(child(child("/defendants", at), "charges"), ci), "name"));
    record.evidence[child("/case/charges", k)] = e!;
  });
  c.charges = caseCharges;
  ev.copyTo(record.evidence);
  record.warnings = legalRangeWarnings(c, record.defendants);
  return record;
}
