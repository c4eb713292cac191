/**
 * Split the parties section into one block per defendant: who (name, person or unit, the role
 * as written) and the span of the defendant's own paragraph, which is all that extractors of
 * personal facts may read (one defendant's facts must never leak into another's).
 *
 * Works without line breaks: a party paragraph starts with a role word (被告人, 被告单位,
 * 上诉人(原审被告人), 原审被告人, 辩护人, 诉讼代表人, …) at a paragraph or sentence boundary,
 * and ends where the next one starts, where the procedural history starts, or at the end of
 * the parties section. The tables are in extractors/patterns/zh/party.ts.
 */
import { anyOf, compileRules, type Rule } from "../../extractors/engine.js";
import {
  NAME_END_LOOKAHEAD,
  NAME_PREFIX_SRC,
  NOT_A_NAME_RE,
  PARTY_START_BOUNDARY,
  PERSON_NAME_SRC,
  UNIT_NAME_SRC,
  UNIT_REPRESENTATIVE_ROLE_IDS,
  ZH_DEFENDANT_MENTIONS,
  ZH_DEFENDANT_ROLES,
  ZH_OTHER_PARTY_ROLES,
  ZH_PARTY_TERMINATORS,
  type PartyKind,
} from "../../extractors/patterns/zh/party.js";
import type { Section } from "./sections.js";

export interface DefendantBlock {
  /** As written, masks kept (张3, 王某, 李某某, 张×, 牟某甲, X); "自报" and aliases dropped. */
  name: string;
  kind: PartyKind;
  /** The role phrase as written (normalized view): 被告人, 上诉人(原审被告人), 原审被告人, 被告单位, … */
  role: string;
  /** The defendant's own paragraph (normalized offsets), role word included. */
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  /** The role rule that introduced the block, or a zh.party.block.mention.* rule for name-only blocks. */
  rule: string;
}

/** Rule-id prefix of blocks that have no paragraph of their own (name found in a mention). */
export const MENTION_RULE_PREFIX = "zh.party.block.mention";

// ---------------------------------------------------------------------------------------------
// Compiled once at module load.

interface RoleAlternative {
  group: string;
  id: string;
  defendant: PartyKind | null;
}

/**
 * One regex for every role; each alternative is a named group (d0…, o0…). The boundary a role
 * must follow (PARTY_START_BOUNDARY) is checked at each match instead of being the regex's
 * first item: a regex that opens with a lookbehind is tried at every position of the text,
 * one that opens with the role words lets V8 skip ahead to characters that can start a role.
 */
function buildRoleScanner(): { re: RegExp; alternatives: RoleAlternative[] } {
  const alternatives: RoleAlternative[] = [];
  const parts: string[] = [];
  ZH_DEFENDANT_ROLES.forEach((row, i) => {
    alternatives.push({ group: `d${i}`, id: row.id, defendant: row.yields });
    parts.push(`(?<d${i}>${typeof row.re === "string" ? row.re : row.re.source})`);
  });
  ZH_OTHER_PARTY_ROLES.forEach((row, i) => {
    alternatives.push({ group: `o${i}`, id: row.id, defendant: null });
    parts.push(`(?<o${i}>${typeof row.re === "string" ? row.re : row.re.source})`);
  });
  return { re: new RegExp(`(?:${parts.join("|")})`, "g"), alternatives };
}

const ROLE_SCANNER = buildRoleScanner();
/** The boundary alone, sticky: tested where the role scanner matched. */
const PARTY_START_AT = new RegExp(PARTY_START_BOUNDARY, "y");
/** Other-party roles alone, sticky: tried where a defendant role word did not introduce a name. */
const OTHER_ROLE_AT = ZH_OTHER_PARTY_ROLES.map((row) => ({ id: row.id, re: new RegExp(typeof row.re === "string" ? row.re : row.re.source, "y") }));
const PERSON_NAME_RE = new RegExp(`${NAME_PREFIX_SRC}(?<name>${PERSON_NAME_SRC})${NAME_END_LOOKAHEAD}`, "y");
const UNIT_NAME_RE = new RegExp(`${NAME_PREFIX_SRC}(?<name>${UNIT_NAME_SRC})`, "y");
const TERMINATORS: Rule<null>[] = compileRules(ZH_PARTY_TERMINATORS);
/** How every terminator row starts: at the start of the text or of a paragraph (after whitespace). */
const PARAGRAPH_START = String.raw`(?<=^|\s)`;
/**
 * Every terminator row at one position (sticky). Only paragraph starts are tried (see
 * firstTerminator), so the rows must all begin there; a row that does not is a table error.
 */
const TERMINATOR_AT = ((): RegExp => {
  const stray = TERMINATORS.find((rule) => !rule.re.source.startsWith(PARAGRAPH_START));
  if (stray !== undefined) throw new Error(`party terminator ${stray.id} must start with ${PARAGRAPH_START}`);
  const re = anyOf(TERMINATORS, "y");
  if (re === null) throw new Error("party terminators cannot be combined into one regex");
  return re;
})();
const WHITESPACE = /\s/g;
const MENTIONS: Rule<PartyKind>[] = compileRules(ZH_DEFENDANT_MENTIONS);
/** The name of a mention-only block, inside an intro found anywhere: same shapes as in the region. */
const NAME_SPLIT_RE = /、/;

// ---------------------------------------------------------------------------------------------

interface PartyStart {
  pos: number;
  roleEnd: number;
  roleId: string;
  defendant: PartyKind | null;
  /** Set for a defendant start whose name was read. */
  name?: { value: string; start: number; end: number };
}

/** Read the name after a defendant role; null when what follows is not a party introduction. */
function readName(text: string, at: number, kind: PartyKind, limit: number): { value: string; start: number; end: number } | null {
  const re = kind === "unit" ? UNIT_NAME_RE : PERSON_NAME_RE;
  re.lastIndex = at;
  const m = re.exec(text);
  if (m === null || m.groups === undefined) return null;
  const value = m.groups.name;
  const end = m.index + m[0].length;
  if (end > limit) return null;
  const start = end - value.length;
  if (kind === "person" && NOT_A_NAME_RE.test(value)) return null;
  if (kind === "unit" && /罪|判决|一案|涉嫌/.test(value)) return null;
  return { value, start, end };
}

/**
 * More than any party-start or terminator match can span: their rows use bounded quantifiers only
 * (the longest match is under 100 characters; test/defendants.test.ts checks the rows stay bounded).
 */
const MATCH_MARGIN = 400;

/**
 * The text cut `MATCH_MARGIN` characters after `to`: a scan for matches that start before `to`
 * finds exactly the same ones in it, but stops there instead of running over the rest of the
 * judgment (the last, failing search of a scan used to read to the end of the text).
 */
function scanWindow(text: string, to: number): string {
  return to + MATCH_MARGIN >= text.length ? text : text.slice(0, to + MATCH_MARGIN);
}

/** Every party paragraph start in [from, to), in order. */
function findPartyStarts(text: string, from: number, to: number): PartyStart[] {
  const starts: PartyStart[] = [];
  const re = ROLE_SCANNER.re;
  const window = scanWindow(text, to);
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(window)) !== null && m.index < to) {
    PARTY_START_AT.lastIndex = m.index;
    if (!PARTY_START_AT.test(window)) {
      // as the boundary failing in front of the alternation would: go on at the next position
      re.lastIndex = m.index + 1;
      continue;
    }
    const groups = m.groups ?? {};
    const alt = ROLE_SCANNER.alternatives.find((a) => groups[a.group] !== undefined);
    if (alt === undefined) continue;
    const roleEnd = m.index + m[0].length;
    if (alt.defendant === null) {
      starts.push({ pos: m.index, roleEnd, roleId: alt.id, defendant: null });
      continue;
    }
    const name = readName(text, roleEnd, alt.defendant, to);
    if (name !== null) {
      starts.push({ pos: m.index, roleEnd, roleId: alt.id, defendant: alt.defendant, name });
      continue;
    }
    // "被告人张某的辩护人李某…" starts a counsel's paragraph; any other defendant role word that
    // does not introduce a name is a sentence inside a paragraph
    for (const other of OTHER_ROLE_AT) {
      other.re.lastIndex = m.index;
      const o = other.re.exec(text);
      if (o !== null) {
        starts.push({ pos: m.index, roleEnd: m.index + o[0].length, roleId: other.id, defendant: null });
        break;
      }
    }
  }
  return starts;
}

/**
 * The first paragraph start of the procedural history inside [from, to), or null. Every row
 * begins with PARAGRAPH_START, so only the start of the text and the positions after whitespace
 * can start a match: they are tried in order with the sticky regex, and the first success is the
 * leftmost match (a scan with the rows' leading lookbehind tried every position of the text).
 */
function firstTerminator(text: string, from: number, to: number): number | null {
  // run on the text from its start (not a slice from `from`), so that lookbehinds see the real context
  const window = scanWindow(text, to);
  if (from === 0) {
    TERMINATOR_AT.lastIndex = 0;
    if (TERMINATOR_AT.test(window)) return to > 0 ? 0 : null;
  }
  WHITESPACE.lastIndex = Math.max(0, from - 1);
  let w: RegExpExecArray | null;
  while ((w = WHITESPACE.exec(window)) !== null) {
    const p = w.index + 1;
    if (p >= to) return null;
    if (p < from) continue;
    TERMINATOR_AT.lastIndex = p;
    if (TERMINATOR_AT.test(window)) return p;
  }
  return null;
}

/**
 * From the start of the text to the end of the parties section (or, without one, to the first
 * body section). The header is included: a misplaced header/parties boundary must not hide a
 * party paragraph, and titles ("被告人X犯…罪一审刑事判决书") never pass as introductions.
 */
function partiesRegion(text: string, sections: readonly Section[]): { start: number; end: number } {
  const parties = sections.find((s) => s.kind === "parties");
  if (parties !== undefined) return { start: 0, end: parties.end };
  const body = sections.find((s) => s.kind !== "header");
  return { start: 0, end: body !== undefined ? body.start : Math.min(text.length, 4000) };
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

function normalizedName(name: string): string {
  return name.replace(/\s+/g, "");
}

/** Defendants named only in mentions ("被告人张某犯…罪"), for texts without party paragraphs. */
function mentionBlocks(text: string): DefendantBlock[] {
  const blocks: DefendantBlock[] = [];
  const seen = new Set<string>();
  for (const rule of MENTIONS) {
    rule.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.re.exec(text)) !== null) {
      const names = m.groups?.names;
      if (names === undefined) continue;
      const namesStart = m.index + m[0].length - names.length;
      let offset = namesStart;
      for (const name of names.split(NAME_SPLIT_RE)) {
        const nameStart = offset;
        offset += name.length + 1;
        if (name.length === 0 || (rule.yields === "person" && NOT_A_NAME_RE.test(name))) continue;
        const key = normalizedName(name);
        if (seen.has(key)) continue;
        seen.add(key);
        blocks.push({
          name, kind: rule.yields, role: text.slice(m.index, namesStart),
          start: m.index, end: nameStart + name.length, nameStart, nameEnd: nameStart + name.length, rule: rule.id,
        });
      }
    }
    if (blocks.length > 0) break;
  }
  // a party introduction outside any recognised parties section (fragments, composed records)
  if (blocks.length === 0) {
    for (const start of findPartyStarts(text, 0, text.length)) {
      if (start.defendant === null || start.name === undefined) continue;
      const key = normalizedName(start.name.value);
      if (seen.has(key)) continue;
      seen.add(key);
      blocks.push({
        name: start.name.value, kind: start.defendant, role: text.slice(start.pos, start.roleEnd),
        start: start.pos, end: start.name.end, nameStart: start.name.start, nameEnd: start.name.end,
        rule: `${MENTION_RULE_PREFIX}.intro`,
      });
    }
  }
  return blocks.sort((a, b) => a.start - b.start);
}

/**
 * One block per defendant, in order of introduction. Blocks come from party paragraphs in the
 * parties section (or the text before the procedure); the same name introduced twice is one
 * defendant. A document without any party paragraph falls back to the defendants named in
 * the prosecution or result ("被告人张某犯…"); those blocks span only the mention.
 */
export function splitDefendantBlocks(text: string, sections: readonly Section[]): DefendantBlock[] {
  const region = partiesRegion(text, sections);
  const starts = findPartyStarts(text, region.start, region.end);
  const firstDefendant = starts.find((s) => s.defendant !== null);
  if (firstDefendant === undefined) return mentionBlocks(text);

  // the party list ends at the first paragraph of the procedural history after it
  const regionEnd = firstTerminator(text, firstDefendant.roleEnd, region.end) ?? region.end;
  const inRegion = starts.filter((s) => s.pos < regionEnd);

  const blocks: DefendantBlock[] = [];
  const seen = new Set<string>();
  inRegion.forEach((start, i) => {
    if (start.defendant === null || start.name === undefined) return;
    const key = normalizedName(start.name.value);
    let next = i + 1;
    for (;;) {
      const n = inRegion[next];
      if (n === undefined) break;
      // a unit's 诉讼代表人 / 法定代表人 paragraph belongs to the unit's block
      const representative = start.defendant === "unit" && UNIT_REPRESENTATIVE_ROLE_IDS.has(n.roleId);
      // "…。被告人张某，因本案…": the same defendant named again continues the paragraph
      const sameDefendant = n.name !== undefined && normalizedName(n.name.value) === key;
      if (!representative && !sameDefendant) break;
      next++;
    }
    if (seen.has(key)) return;
    const end = trimEnd(text, start.pos, next < inRegion.length ? inRegion[next].pos : regionEnd);
    seen.add(key);
    blocks.push({
      name: start.name.value,
      kind: start.defendant,
      role: text.slice(start.pos, start.roleEnd),
      start: start.pos,
      end: Math.max(end, start.name.end),
      nameStart: start.name.start,
      nameEnd: start.name.end,
      rule: start.roleId,
    });
  });
  return blocks;
}
