import type { SectionKind } from "../../corpus/schema.js";
import type { ComposeRow, ComposeTable, DerivationRule, SplitRule } from "./fieldMaps.js";

export type Section = { kind: SectionKind; start: number; end: number };
export type RecordFields = Record<string, unknown>;

/**
 * A field's text, or null when it has none. "无" is how SimuCourt and other exports write "empty".
 * Arrays of strings (CJO's party list) become one line per element. Lines are trimmed, which also
 * removes the stray tabs some exports leave.
 */
export function fieldText(value: unknown): string | null {
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "number" && Number.isFinite(value)) text = String(value);
  else if (Array.isArray(value)) {
    text = value.filter((v): v is string | number => typeof v === "string" || typeof v === "number").join("\n");
  } else return null;
  const cleaned = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ""))
    .filter((line) => line !== "")
    .join("\n");
  if (cleaned === "" || cleaned === "无") return null;
  return cleaned;
}

// The document kinds a case name or title ends with ("…一审刑事判决书" → "刑事判决书").
const DOCUMENT_KIND =
  /((?:刑事附带民事|刑事|民事|行政|执行|国家赔偿|赔偿)?(?:判决书|裁定书|调解书|决定书|通知书|支付令))$/;

const DERIVATIONS: Record<DerivationRule, (value: string | null) => string | null> = {
  documentKind: (value) => (value === null ? null : (DOCUMENT_KIND.exec(value.replace(/\s+/g, ""))?.[1] ?? null)),
  decisionVerb: (value) => (value !== null && /裁定书\s*$/.test(value) ? "裁定" : "判决"),
};

// What follows a name after "，" or "," and still belongs to that person, not to a next one.
const PERSON_DESCRIPTOR = /^(?:绰号|外号|曾用名|别名|化名|又名|乳名|小名|网名|男|女|\d|[一二三四五六七八九十〇零]+岁|汉族|.{1,4}族，)/;

const SPLITS: Record<SplitRule, (value: string) => string[]> = {
  persons: (value) => {
    // split with a capture group: [person, separator, person, separator, …]
    const parts = value.split(/(、|，|,)/);
    const persons: string[] = [];
    for (let i = 0; i < parts.length; i += 2) {
      const piece = parts[i].trim();
      const separator = parts[i - 1];
      if (persons.length > 0 && separator !== "、" && PERSON_DESCRIPTOR.test(piece)) {
        persons[persons.length - 1] += separator + piece;
      } else if (piece !== "") {
        persons.push(piece);
      }
    }
    return persons;
  },
};

const PLACEHOLDER = /\{([^{}]+)\}/g;
// A paragraph that already ends a sentence (or a list item) needs no added full stop.
const SENTENCE_END = /[。！？；：.!?;:…”’」』）)]$/;
// Punctuation a value may end with that would double up with the template's own.
const TRAILING_PUNCTUATION = /[。；;，,]+$/;

/** Values that placeholders resolve to for one record. */
class PlaceholderValues {
  constructor(
    private readonly fields: RecordFields,
    private readonly table: ComposeTable,
    private readonly bound: Record<string, string> = {},
  ) {}

  with(name: string, value: string): PlaceholderValues {
    return new PlaceholderValues(this.fields, this.table, { ...this.bound, [name]: value });
  }

  get(name: string): string | null {
    if (name in this.bound) return this.bound[name];
    const derived = this.table.derived?.[name];
    if (derived) return DERIVATIONS[derived.rule](fieldText(this.fields[derived.from]));
    const list = this.table.lists?.[name];
    if (list) {
      const values = [...new Set(list.fields.map((f) => fieldText(this.fields[f])).filter((v): v is string => v !== null))];
      return values.length > 0 ? values.join(list.separator) : null;
    }
    return fieldText(this.fields[name]);
  }
}

/** Fill a template, or null if any of its placeholders has no value. */
function fillTemplate(template: string, values: PlaceholderValues, bareIfStartsWith: string[] | undefined): string | null {
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
  const resolved = new Map<string, string>();
  for (const name of names) {
    const value = values.get(name);
    if (value === null) return null;
    resolved.set(name, value);
  }
  if (names.length === 1 && bareIfStartsWith?.some((prefix) => resolved.get(names[0])!.startsWith(prefix))) {
    return resolved.get(names[0])!;
  }
  return template.replace(PLACEHOLDER, (match, name: string, offset: number) => {
    const value = resolved.get(name)!;
    const followedByTemplateText = offset + match.length < template.length;
    return followedByTemplateText ? value.replace(TRAILING_PUNCTUATION, "") : value;
  });
}

function rowParagraphs(row: ComposeRow, values: PlaceholderValues): string[] {
  const bindings: PlaceholderValues[] = [];
  if (row.each) {
    const whole = values.get(row.each.field);
    if (whole === null) return [];
    for (const item of SPLITS[row.each.split](whole)) bindings.push(values.with(row.each.field, item));
  } else {
    bindings.push(values);
  }
  const paragraphs: string[] = [];
  for (const binding of bindings) {
    for (const template of row.templates) {
      let paragraph = fillTemplate(template, binding, row.bareIfStartsWith);
      if (paragraph === null) continue;
      if (row.endWith && !SENTENCE_END.test(paragraph)) paragraph += row.endWith;
      paragraphs.push(paragraph);
      break;
    }
  }
  return paragraphs;
}

/**
 * Compose a judgment-like text from a structured record: one paragraph per line, in the table's
 * order, with the sections (consecutive paragraphs of one kind merged) as offsets into the text.
 */
export function composeText(fields: RecordFields, table: ComposeTable): { text: string; sections: Section[] } {
  const values = new PlaceholderValues(fields, table);
  const lines: { kind: SectionKind; line: string }[] = [];
  const addRow = (row: ComposeRow): number => {
    let added = 0;
    for (const paragraph of rowParagraphs(row, values)) {
      for (const line of paragraph.split("\n")) {
        const trimmed = line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
        if (trimmed === "") continue;
        lines.push({ kind: row.kind, line: trimmed });
        added++;
      }
    }
    return added;
  };
  for (const entry of table.rows) {
    if ("firstOf" in entry) {
      for (const group of entry.firstOf) {
        const added = group.reduce((n, row) => n + addRow(row), 0);
        if (added > 0) break;
      }
    } else {
      addRow(entry);
    }
  }

  let text = "";
  const sections: Section[] = [];
  for (const { kind, line } of lines) {
    if (text !== "") text += "\n";
    const start = text.length;
    text += line;
    const last = sections[sections.length - 1];
    if (last && last.kind === kind) last.end = text.length;
    else sections.push({ kind, start, end: text.length });
  }
  return { text, sections };
}
