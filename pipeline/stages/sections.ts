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

/** Index of the first match of `re` in text at or after `from` (and before `to`), or -1. */
function searchFrom(re: RegExp, text: string, from: number, to: number, pickLast: boolean): { start: number; end: number } | null {
  // callers pass the module's precompiled global regexes; compile only for ad-hoc tables
  const g = re.global ? re : new RegExp(re.source, re.flags + "g");
  g.lastIndex = from;
  let found: { start: number; end: number } | null = null;
  let m: RegExpExecArray | null;
  while ((m = g.exec(text)) !== null && m.index < to) {
    // a leading boundary character belongs to the previous section
    const lead = /^[\s。；;：，,）)]/.test(m[0]) ? 1 : 0;
    // the anchor itself must start inside the window: a weak anchor whose run-up swallows the next
    // section's anchor ("本院认为，辩护人提出…辩护意见") would otherwise start where that section starts
    if (m.index + lead >= to) break;
    found = { start: m.index + lead, end: m.index + m[0].length };
    if (!pickLast) break;
    if (m[0].length === 0) g.lastIndex++;
  }
  return found;
}

const COMPILED = ZH_SECTION_ANCHORS.map((row) => ({ ...row, re: new RegExp(row.re.source, row.re.flags + (row.re.flags.includes("g") ? "" : "g")) }));

/**
 * Resolve anchors in table order, each inside the window its `after`/`before` constraints leave.
 * An anchor that is absent is skipped. A `before` kind not resolved yet is looked up ahead
 * (its first match in the window), which lets 判决如下 take the last occurrence before 如不服本判决.
 */
export function segmentSections(text: string, anchors: readonly SectionAnchorRow[] = COMPILED): Section[] {
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
        const ahead = row ? searchFrom(row.re, text, from, to, false) : null;
        if (ahead) to = Math.min(to, ahead.start);
      }
    }
    if (a.within !== undefined) to = Math.min(to, a.within);
    if (from >= to) continue;
    const hit = searchFrom(a.re, text, from, to, a.pick === "last");
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
