/**
 * Split a judgment's normalized text into sections (header, parties, … appendix).
 * Works without line breaks: anchors are phrases, not paragraph starts.
 */
import type { SectionKind } from "../../corpus/schema.js";
import { ZH_SECTION_ANCHORS, type SectionAnchorRow } from "../../extractors/patterns/zh/sections.js";

export interface Section {
  kind: SectionKind;
  start: number;
  end: number;
  /** Rule that placed the anchor ("source" when the input's structure said so). */
  rule: string;
}

/** A row's regexes, compiled once: global for scanning; sticky, and the pre-check, for rows with `needs`. */
interface RowSearch {
  re: RegExp;
  sticky: RegExp | null;
  needs: RegExp | null;
  maxOffset: number;
  /** Per UTF-16 code unit: 1 when a match may start at it (`needs.startsAt`). */
  startsAt: Uint8Array | null;
}

const SEARCHES = new WeakMap<SectionAnchorRow, RowSearch>();
const START_TABLES = new Map<string, Uint8Array>();

/** The code units a one-character class matches, as a table (made once per class). */
function startTable(charClass: string): Uint8Array {
  let table = START_TABLES.get(charClass);
  if (table === undefined) {
    const re = new RegExp(`^${charClass}$`);
    table = new Uint8Array(0x10000);
    for (let code = 0; code < table.length; code++) if (re.test(String.fromCharCode(code))) table[code] = 1;
    START_TABLES.set(charClass, table);
  }
  return table;
}

function rowSearch(row: SectionAnchorRow): RowSearch {
  let s = SEARCHES.get(row);
  if (s === undefined) {
    const flags = row.re.flags.replace(/[gy]/g, "");
    s = {
      re: new RegExp(row.re.source, flags + "g"),
      sticky: row.needs ? new RegExp(row.re.source, flags + "y") : null,
      needs: row.needs ? new RegExp(row.needs.re.source, row.needs.re.flags.replace(/[gy]/g, "") + "g") : null,
      maxOffset: row.needs?.maxOffset ?? 0,
      startsAt: row.needs ? startTable(row.needs.startsAt) : null,
    };
    SEARCHES.set(row, s);
  }
  return s;
}

/**
 * The leftmost match of the row at or after `from`; null when there is none, or (with a
 * pre-check) none that starts before `to`. With a pre-check only the positions at most
 * `maxOffset` before a key phrase that can start a match are tried, each with the sticky regex,
 * in increasing order: no other position can start a match, so the first success is the
 * leftmost match.
 */
function firstMatch(s: RowSearch, text: string, from: number, to: number): RegExpExecArray | null {
  if (s.needs === null || s.sticky === null || s.startsAt === null) {
    s.re.lastIndex = from;
    return s.re.exec(text);
  }
  let untried = from;
  s.needs.lastIndex = from;
  let key: RegExpExecArray | null;
  while ((key = s.needs.exec(text)) !== null) {
    s.needs.lastIndex = key.index + 1; // every start of a key phrase, overlapping ones included
    let p = Math.max(untried, key.index - s.maxOffset);
    if (p >= to) return null;
    for (; p <= key.index; p++) {
      if (p !== 0 && s.startsAt[text.charCodeAt(p)] === 0) continue;
      s.sticky.lastIndex = p;
      const m = s.sticky.exec(text);
      if (m !== null) return m;
    }
    untried = p;
  }
  return null;
}

/** A leading boundary character belongs to the previous section. */
const LEADING_BOUNDARY = /^[\s。；;：，,）)]/;

/** The first match of the row in text at or after `from` that starts before `to` (with pickLast, the last one), or null. */
function searchFrom(row: SectionAnchorRow, text: string, from: number, to: number, pickLast: boolean): { start: number; end: number } | null {
  const s = rowSearch(row);
  let found: { start: number; end: number } | null = null;
  let cursor = from;
  let m: RegExpExecArray | null;
  while ((m = firstMatch(s, text, cursor, to)) !== null && m.index < to) {
    const lead = LEADING_BOUNDARY.test(m[0]) ? 1 : 0;
    // the anchor itself must start inside the window: a weak anchor whose run-up swallows the next
    // section's anchor ("本院认为，辩护人提出…辩护意见") would otherwise start where that section starts
    if (m.index + lead >= to) break;
    found = { start: m.index + lead, end: m.index + m[0].length };
    if (!pickLast) break;
    cursor = m.index + Math.max(m[0].length, 1);
  }
  return found;
}

/**
 * Resolve anchors in table order, each inside the window its `after`/`before` constraints leave.
 * An anchor that is absent is skipped. A `before` kind not resolved yet is looked up ahead
 * (its first match in the window), which lets 判决如下 take the last occurrence before 如不服本判决.
 */
export function segmentSections(text: string, anchors: readonly SectionAnchorRow[] = ZH_SECTION_ANCHORS): Section[] {
  const found = new Map<SectionKind, { start: number; end: number; rule: string }>();
  const byKind = new Map(anchors.map((a) => [a.kind, a]));
  for (const a of anchors) {
    let from = 0;
    for (const k of a.after ?? []) {
      const f = found.get(k);
      if (f) from = Math.max(from, f.end);
    }
    let to = text.length;
    for (const k of a.before ?? []) {
      const f = found.get(k);
      if (f) to = Math.min(to, f.start);
      else {
        const row = byKind.get(k);
        const ahead = row ? searchFrom(row, text, from, to, false) : null;
        if (ahead) to = Math.min(to, ahead.start);
      }
    }
    if (a.within !== undefined) to = Math.min(to, a.within);
    if (from >= to) continue;
    const hit = searchFrom(a, text, from, to, a.pick === "last");
    if (!hit) continue;
    found.set(a.kind, { start: a.startAt === "end" ? hit.end : hit.start, end: hit.end, rule: a.id });
  }
  const markers = new Set(anchors.filter((a) => a.marker).map((a) => a.id));
  const starts = [...found.entries()].filter(([, f]) => !markers.has(f.rule))
    .map(([kind, f]) => ({ kind, start: f.start, rule: f.rule })).sort((x, y) => x.start - y.start);
  const sections: Section[] = [];
  const firstStart = starts.length > 0 ? starts[0].start : text.length;
  if (firstStart > 0) sections.push({ kind: "header", start: 0, end: firstStart, rule: "zh.section.header" });
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1].start : text.length;
    if (end > starts[i].start) sections.push({ kind: starts[i].kind, start: starts[i].start, end, rule: starts[i].rule });
  }
  return sections;
}

/** The first section of a kind, or null. */
export function sectionOf(sections: readonly Section[], kind: SectionKind): Section | null {
  return sections.find((s) => s.kind === kind) ?? null;
}
