import { composeText, fieldText, type RecordFields, type Section } from "./compose.js";
import { normalizeNewlines } from "./decode.js";
import { FIELD_MAPS, type FieldMap } from "./fieldMaps.js";
import { htmlToText, looksLikeHtml } from "./html.js";

export type MappedRecord =
  | { ok: true; id: string | null; text: string; sections?: Section[]; recordFormat: string }
  | { ok: false; reason: string };

function isPlainObject(value: unknown): value is RecordFields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A full-text value as corpus text: markup reduced when it is HTML, line endings normalised. */
export function fullText(value: string): string {
  return looksLikeHtml(value) ? htmlToText(value) : normalizeNewlines(value).trim();
}

function idFrom(map: FieldMap, envelope: RecordFields | null, fields: RecordFields): string | null {
  for (const key of map.id) {
    const value = fieldText(envelope?.[key]) ?? fieldText(fields[key]);
    if (value !== null) return value;
  }
  return null;
}

function textFrom(map: FieldMap, fields: RecordFields): { text: string; sections?: Section[] } | null {
  for (const key of map.html ?? []) {
    const value = fields[key];
    if (typeof value !== "string") continue;
    const text = fullText(value);
    if (text !== "") return { text };
  }
  for (const key of map.text ?? []) {
    const value = fields[key];
    if (typeof value !== "string") continue;
    const text = normalizeNewlines(value).trim();
    if (text !== "") return { text };
  }
  if (map.compose) {
    const composed = composeText(fields, map.compose);
    // A header alone (court, title, case number) is metadata, not a judgment text.
    if (composed.sections.some((s) => s.kind !== "header")) return composed;
  }
  return null;
}

/**
 * Map one JSON record to a document with the first field map (in FIELD_MAPS order) that recognises
 * it and yields a text. A record none of them can read is reported with the keys it had.
 */
export function mapRecord(value: unknown, maps: FieldMap[] = FIELD_MAPS): MappedRecord {
  if (!isPlainObject(value)) {
    return { ok: false, reason: `record is not a JSON object (${Array.isArray(value) ? "array" : typeof value})` };
  }
  for (const map of maps) {
    const wrapped = map.wrapper !== undefined && isPlainObject(value[map.wrapper]);
    const fields = wrapped ? (value[map.wrapper!] as RecordFields) : value;
    const envelope = wrapped ? value : null;
    if (!map.detect.some((key) => key in fields)) continue;
    const found = textFrom(map, fields);
    if (found === null) continue;
    return { ok: true, id: idFrom(map, envelope, fields), recordFormat: map.name, ...found };
  }
  const keys = Object.keys(value);
  return {
    ok: false,
    reason: `no recognised text fields in record (keys: ${keys.length > 0 ? keys.join(", ") : "none"})`,
  };
}
