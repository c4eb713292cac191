/**
 * Record validation: the zod schema decides, a checker compiled from it answers first.
 *
 * `CorpusRecordSchema.safeParse` builds a full copy of the record (every object, every evidence
 * entry) only to say "valid"; in a run that copy cost about a seventh of the throughput
 * (`npm run bench`: 794 → 905 docs/s with validation removed). `compileSchemaCheck` walks the
 * zod definition once and returns a predicate that reads the value without allocating. It is
 * conservative: whatever it accepts zod accepts, which test/validate.test.ts checks against zod
 * on every sample record and on random mutations of them. When it says no, zod parses the record
 * and its issues are the reason given, so zod stays the one authority (and the source of types
 * and of the JSON Schema). A schema node or check it does not know makes compiling throw, so a
 * schema change cannot silently outgrow it.
 */
import type { z } from "zod";
import { CorpusRecordSchema } from "./schema.js";

type Check = (value: unknown) => boolean;

/** The parts of a zod 4 definition the compiler reads (zod's own def types, narrowed to these). */
interface ZodDef {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, { _zod: { def: ZodDef; optin?: string; optout?: string } }>;
  catchall?: unknown;
  innerType?: { _zod: { def: ZodDef } };
  element?: { _zod: { def: ZodDef } };
  keyType?: { _zod: { def: ZodDef } };
  valueType?: { _zod: { def: ZodDef } };
  entries?: Record<string, string | number>;
  values?: unknown[];
}

interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  value?: number;
  inclusive?: boolean;
  when?: unknown;
}

/** Length in code points, as zod's min_length counts it for strings. */
function codePointLength(s: string): number {
  let count = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    if ((s.charCodeAt(i) & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

function unsupported(path: string, what: string): never {
  throw new Error(`compileSchemaCheck: ${what} at ${path || "(root)"} is not supported; extend corpus/validate.ts`);
}

function stringCheck(check: CheckDef, path: string): (s: string) => boolean {
  if (check.check === "min_length" && typeof check.minimum === "number") {
    const min = check.minimum;
    return (s) => s.length >= min && (s.length >= 2 * min || codePointLength(s) >= min);
  }
  if (check.check === "string_format" && check.format === "regex" && check.pattern instanceof RegExp) {
    const pattern = check.pattern;
    return (s) => {
      pattern.lastIndex = 0;
      return pattern.test(s);
    };
  }
  return unsupported(path, `string check "${check.check}${check.format ? ":" + check.format : ""}"`);
}

function numberCheck(check: CheckDef, path: string): (n: number) => boolean {
  if (check.check === "number_format" && check.format === "safeint") return (n) => Number.isSafeInteger(n);
  if (check.check === "greater_than" && typeof check.value === "number") {
    const v = check.value;
    return check.inclusive ? (n) => n >= v : (n) => n > v;
  }
  if (check.check === "less_than" && typeof check.value === "number") {
    const v = check.value;
    return check.inclusive ? (n) => n <= v : (n) => n < v;
  }
  return unsupported(path, `number check "${check.check}${check.format ? ":" + check.format : ""}"`);
}

function all<T>(checks: ((v: T) => boolean)[]): (v: T) => boolean {
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0];
  return (v) => {
    for (const c of checks) if (!c(v)) return false;
    return true;
  };
}

function checksOf(def: ZodDef, path: string): CheckDef[] {
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  // a conditional check (`when`) runs only sometimes in zod; treating it as unconditional is stricter,
  // except for zod's own length guard, which holds for every string and array
  for (const c of checks) if (c.when !== undefined && c.check !== "min_length") unsupported(path, `conditional check "${c.check}"`);
  return checks;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function compileDef(def: ZodDef, path: string): Check {
  switch (def.type) {
    case "string": {
      const extra = all(checksOf(def, path).map((c) => stringCheck(c, path)));
      return (v) => typeof v === "string" && extra(v);
    }
    case "number": {
      const extra = all(checksOf(def, path).map((c) => numberCheck(c, path)));
      return (v) => typeof v === "number" && Number.isFinite(v) && extra(v);
    }
    case "boolean":
      if (checksOf(def, path).length > 0) unsupported(path, "boolean checks");
      return (v) => typeof v === "boolean";
    case "literal": {
      const values = new Set(def.values);
      return (v) => values.has(v);
    }
    case "enum": {
      const values = new Set(Object.values(def.entries ?? {}));
      return (v) => values.has(v as string);
    }
    case "nullable": {
      const inner = compileDef(def.innerType!._zod.def, path);
      return (v) => v === null || inner(v);
    }
    case "optional": {
      const inner = compileDef(def.innerType!._zod.def, path);
      return (v) => v === undefined || inner(v);
    }
    case "array": {
      const element = compileDef(def.element!._zod.def, `${path}/*`);
      const lengthChecks = checksOf(def, path).map((c): ((a: unknown[]) => boolean) => {
        if (c.check === "min_length" && typeof c.minimum === "number") {
          const min = c.minimum;
          return (a) => a.length >= min;
        }
        return unsupported(path, `array check "${c.check}"`);
      });
      const extra = all(lengthChecks);
      return (v) => {
        if (!Array.isArray(v) || !extra(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case "object": {
      if (def.catchall !== undefined) unsupported(path, "an object with a catchall (strict or passthrough)");
      if (checksOf(def, path).length > 0) unsupported(path, "object checks");
      const keys: string[] = [];
      const fields: Check[] = [];
      for (const [key, schema] of Object.entries(def.shape ?? {})) {
        keys.push(key);
        fields.push(compileDef(schema._zod.def, `${path}/${key}`));
      }
      return (v) => {
        // zod's object accepts any non-array object and ignores keys it does not know
        if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
        const o = v as Record<string, unknown>;
        for (let i = 0; i < keys.length; i++) if (!fields[i](o[keys[i]])) return false;
        return true;
      };
    }
    case "record": {
      if (def.keyType!._zod.def.type !== "string" || (def.keyType!._zod.def.checks ?? []).length > 0) unsupported(path, "a record key other than z.string()");
      const value = compileDef(def.valueType!._zod.def, `${path}/*`);
      return (v) => {
        if (!isPlainRecord(v)) return false;
        // zod reads every own key, symbols and non-enumerable ones included; anything unusual is left to it
        const keys = Reflect.ownKeys(v);
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i];
          if (typeof k !== "string" || k === "__proto__" || !Object.prototype.propertyIsEnumerable.call(v, k)) return false;
          if (!value(v[k])) return false;
        }
        return true;
      };
    }
    default:
      return unsupported(path, `zod type "${def.type}"`);
  }
}

/**
 * A predicate that is true only for values `schema.safeParse` accepts (it may say false for a
 * value zod would accept; callers then ask zod). Throws for schema features it does not cover.
 */
export function compileSchemaCheck(schema: z.ZodType): (value: unknown) => boolean {
  return compileDef((schema as unknown as { _zod: { def: ZodDef } })._zod.def, "");
}

/** True only for valid corpus records (see compileSchemaCheck). */
export const passesCorpusRecordCheck = compileSchemaCheck(CorpusRecordSchema);

/**
 * Validate a corpus record: `null` when it is valid, otherwise zod's first issues as one
 * readable line ("defendants/0/gender: Invalid option: …").
 */
export function corpusRecordProblems(value: unknown): string | null {
  if (passesCorpusRecordCheck(value)) return null;
  const parsed = CorpusRecordSchema.safeParse(value);
  if (parsed.success) return null;
  return parsed.error.issues.slice(0, 5).map((i) => `${i.path.join("/")}: ${i.message}`).join("; ");
}
