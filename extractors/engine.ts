/**
 * The matching engine: pattern tables are data (id, regex, what the match yields);
 * this module only runs them. Adding a phrasing is one row in a table and one test row.
 */

/** One row of a pattern table. */
export interface Rule<Y = undefined> {
  /** Stable id, reported as evidence `rule`: "zh.<family>.<name>". */
  readonly id: string;
  /** Compiled with the "g" flag by `compileRules`; may use named groups. */
  readonly re: RegExp;
  /** What a match of this rule means (a vocabulary value, a kind, …). */
  readonly yields: Y;
}

export interface RuleRow<Y> {
  id: string;
  /** A RegExp or its source. */
  re: RegExp | string;
  yields: Y;
}

/** A value read from the text, with the span (normalized offsets) and rule it came from. */
export interface Found<T> {
  value: T;
  start: number;
  end: number;
  rule: string;
}

export interface RuleMatch<Y> {
  rule: Rule<Y>;
  match: RegExpExecArray;
  /** Offsets of the whole match in the searched text (not the window). */
  start: number;
  end: number;
}

/** Compile a table once at module load: every regex global, so matching can iterate. */
export function compileRules<Y>(rows: readonly RuleRow<Y>[]): Rule<Y>[] {
  return rows.map((row) => {
    const src = typeof row.re === "string" ? row.re : row.re.source;
    const flags = typeof row.re === "string" ? "g" : row.re.flags.includes("g") ? row.re.flags : row.re.flags + "g";
    return { id: row.id, re: new RegExp(src, flags), yields: row.yields };
  });
}

/** Every match of every rule inside [from, to), ordered by start then table order. */
export function findAll<Y>(rules: readonly Rule<Y>[], text: string, from = 0, to = text.length): RuleMatch<Y>[] {
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  const out: RuleMatch<Y>[] = [];
  // called per sentence with tables of dozens of rules: plain loops, no per-call allocation
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r];
    const re = rule.re;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(window)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      out.push({ rule, match: m, start: from + m.index, end: from + m.index + m[0].length });
    }
  }
  // matches were collected rule by rule, so a stable sort by start keeps table order for equal starts
  if (out.length > 1) out.sort(byStart);
  return out;
}

function byStart(a: { start: number }, b: { start: number }): number {
  return a.start - b.start;
}

/**
 * One regex that matches wherever one of the rules matches (each rule an alternative, in table
 * order), plus `flags`: a pre-check that costs one scan instead of one per rule, or the earliest
 * match of any rule. null when the rules cannot share a regex: their own flags differ, a
 * back-reference would point elsewhere once they are joined, or group names repeat.
 */
export function anyOf(rules: readonly { re: RegExp }[], flags = ""): RegExp | null {
  const own = rules.map((r) => r.re.flags.replace(/[gdy]/g, ""));
  if (rules.length === 0 || own.some((f) => f !== own[0]) || rules.some((r) => /\\[1-9]|\\k</.test(r.re.source))) return null;
  try {
    return new RegExp(rules.map((r) => `(?:${r.re.source})`).join("|"), own[0] + flags);
  } catch {
    return null;
  }
}

/** The first rule (in table order) that matches anywhere in [from, to); its earliest match. */
export function findFirstRule<Y>(rules: readonly Rule<Y>[], text: string, from = 0, to = text.length): RuleMatch<Y> | null {
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  for (const rule of rules) {
    rule.re.lastIndex = 0;
    const m = rule.re.exec(window);
    if (m !== null) return { rule, match: m, start: from + m.index, end: from + m.index + m[0].length };
  }
  return null;
}

/** The earliest match of any rule in [from, to) (ties: table order). */
export function findEarliest<Y>(rules: readonly Rule<Y>[], text: string, from = 0, to = text.length): RuleMatch<Y> | null {
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  let best: RuleMatch<Y> | null = null;
  for (const rule of rules) {
    rule.re.lastIndex = 0;
    const m = rule.re.exec(window);
    if (m !== null && (best === null || from + m.index < best.start)) {
      best = { rule, match: m, start: from + m.index, end: from + m.index + m[0].length };
    }
  }
  return best;
}

