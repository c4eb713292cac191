/**
 * Sentencing factors per defendant from the court's reasoning. Sentences are attributed to
 * the defendants they name; an unnamed sentence continues the defendants of the previous one
 * (Chinese reasoning refers back with 其 / 该被告人); a single-defendant document needs no names.
 */
import { anyOf, compileRules, findAll, type Found } from "./engine.js";
import { sectionOf, type Section } from "../pipeline/stages/sections.js";
import { splitSentences } from "../pipeline/stages/sentences.js";
import {
  FACTOR_ROWS, NEGATION_BEFORE, NEGATION_AFTER, REJECTED_CLAIM, GENERAL_STATEMENT, ALL_DEFENDANTS, ALL_NAMED_DEFENDANTS, UNIT_ROLE, CLAIM, CLAIM_ACCEPTED,
  CITED_TITLE, type FactorKey,
} from "./patterns/zh/factors.js";

const FACTORS = compileRules(FACTOR_ROWS);
/** Most sentences of the reasoning name no factor: they are skipped after one test instead of one scan per row. */
const ANY_FACTOR = anyOf(FACTORS);
/** Reasoning chains several findings with ；, and a claim and its rejection often sit on both sides of one. */
const FULL_STOP = /[。！!？?]/;
const FIRST_INSTANCE_REASONING = /(?:原审|原判|一审)(?:法院|判决)?(?:经审理)?认为/g;
export type FactorFindings = Record<FactorKey, Found<boolean>[]>;

export interface FactorResult {
  /** The court's reasoning, evidence for a `false` value; null when the document has none. */
  searched: { start: number; end: number } | null;
  perDefendant: FactorFindings[];
}

function emptyFindings(): FactorFindings {
  return {
    surrender: [], confession: [], plea: [], accessory: [], attempt: [], restitution: [], forgiveness: [], meritorious: [],
    minor: [], recidivist: [],
  };
}

/** The court's own reasoning: 本院认为 up to the result. */
export function reasoningSpan(sections: readonly Section[]): { start: number; end: number } | null {
  const r = sectionOf(sections, "reasoning");
  return r ? { start: r.start, end: r.end } : null;
}

/** Which defendants a sentence names (by index); names are matched as written, masks included. */
function namedIn(sentence: string, names: readonly string[], units: readonly boolean[]): number[] {
  const hits: number[] = [];
  const unitRole = UNIT_ROLE.test(sentence);
  names.forEach((n, i) => {
    if ((n.length > 0 && sentence.includes(n)) || (unitRole && units[i])) hits.push(i);
  });
  // a short masked name (王某) inside a longer one (王某某) must not count as both
  return hits.filter((i) => !hits.some((j) => j !== i && names[j].length > names[i].length && names[j].includes(names[i]) &&
    !sentence.split(names[j]).join("").includes(names[i])));
}

/**
 * An appeal quotes the first-instance court's reasoning (原审法院认为 …) before its own; the
 * findings there (累犯, 自首) stand unless the appeal court says otherwise.
 */
function quotedFirstInstanceReasoning(text: string, sections: readonly Section[], reasoning: { start: number } | null): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const s of sections) {
    if (reasoning && s.start >= reasoning.start) break;
    if (s.kind === "header" || s.kind === "parties") continue;
    FIRST_INSTANCE_REASONING.lastIndex = 0;
    const m = FIRST_INSTANCE_REASONING.exec(text.slice(s.start, s.end));
    if (m) out.push({ start: s.start + m.index, end: s.end });
  }
  return out;
}

/**
 * Factors per defendant. `units[i]` marks a unit defendant, which the reasoning usually calls
 * 被告单位 rather than by name.
 */
export function extractFactors(text: string, sections: readonly Section[], names: readonly string[], appeal = false, units: readonly boolean[] = []): FactorResult {
  const searched = reasoningSpan(sections);
  const perDefendant = names.map(() => emptyFindings());
  if (!searched || names.length === 0) return { searched, perDefendant };
  // the reasoning and, in appeals, the first-instance reasoning the appeal quotes
  const spans = [...(appeal ? quotedFirstInstanceReasoning(text, sections, searched) : []), searched];
  for (const span of spans) readFactors(text, span, names, units, perDefendant);
  return { searched, perDefendant };
}

function readFactors(text: string, span: { start: number; end: number }, names: readonly string[], units: readonly boolean[], perDefendant: FactorFindings[]): void {
  let current: number[] = names.map((_, i) => i);
  for (const sp of splitSentences(text, span.start, span.end, FULL_STOP)) {
    // blank out cited titles so their words (自首和立功) are not read as findings; offsets are kept
    const sentence = text.slice(sp.start, sp.end).replace(CITED_TITLE, (t) => "　".repeat(t.length));
    const named = namedIn(sentence, names, units);
    if (ALL_DEFENDANTS.test(sentence)) current = names.map((_, i) => i);
    else if (named.length > 0) current = named;
    else if (ALL_NAMED_DEFENDANTS.test(sentence)) current = names.map((_, i) => i);
    if (ANY_FACTOR !== null && !ANY_FACTOR.test(sentence)) continue;
    if (REJECTED_CLAIM.test(sentence) || GENERAL_STATEMENT.test(sentence)) continue;
    if (CLAIM.test(sentence) && !CLAIM_ACCEPTED.test(sentence)) continue;
    const base = sp.start;
    for (const m of findAll(FACTORS, sentence)) {
      const before = sentence.slice(0, m.start);
      const after = sentence.slice(m.end);
      if (NEGATION_BEFORE.test(before) || NEGATION_AFTER.test(after)) continue;
      // In a sentence naming several defendants, a factor belongs to the names in its own clause run
      const targets = named.length > 1 ? clauseOwners(sentence, m.start, names, named) : current;
      const found: Found<boolean> = { value: true, start: base + m.start, end: base + m.end, rule: m.rule.id };
      for (const i of targets) perDefendant[i][m.rule.yields].push(found);
    }
  }
}

/** The defendants named last before position `at` in the sentence (the clause's subject). */
function clauseOwners(sentence: string, at: number, names: readonly string[], named: number[]): number[] {
  let best = -1;
  let owners: number[] = named;
  for (const i of named) {
    const pos = sentence.lastIndexOf(names[i], at);
    if (pos < 0) continue;
    if (pos > best) {
      best = pos;
      owners = [i];
    }
  }
  if (best < 0) return named;
  // "被告人A、B均系从犯": names joined by 、/和/及 share the clause
  const lead = sentence.slice(0, at);
  const joined = named.filter((i) => {
    const p = lead.lastIndexOf(names[i]);
    if (p < 0) return false;
    const between = lead.slice(p + names[i].length, best);
    return p === best || /^[、和及与,，]?(?:被告人)?$/.test(between) || /^(?:[、和及与](?:被告人)?[^、和及与，,。]{1,6})*[、和及与](?:被告人)?$/.test(between);
  });
  return joined.length > 0 ? joined : owners;
}
