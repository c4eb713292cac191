/**
 * Record validation: the zod schema decides, a checker compiled from it answers first.
 *
 * `CorpusRecordSchema.safeParse` builds a full copy of the record (every object, every evidence
 * entry) only to say "valid"; in a run that copy cost about a seventh of the throughput
 * (5,000 bench documents: 794 → 905 docs/s with validation removed). `compileSchemaCheck` walks
 * the zod definition once and writes a predicate that reads the value without allocating. It is
 * conservative: whatever it accepts zod accepts, which test/validate.test.ts checks against zod
 * on every sample record and on random mutations of them. When it says no, zod parses the record
 * and its issues are the reason given, so zod stays the one authority (and the source of types
 * and of the JSON Schema). A schema node or check it does not know makes compiling throw, so a
 * schema change cannot silently outgrow it.
 */
import type { z } from "zod";
// zod's own helpers for what its checks measure: code-point length (min_length) and plain objects (record)
import { util } from "zod/v4/core";
import { CorpusRecordSchema } from "./schema.js";

/** The parts of a zod 4 definition the compiler reads (zod's own def types, narrowed to these). */
interface ZodDef {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, { _zod: { def: ZodDef } }>;
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

function unsupported(path: string, what: string): never {
  throw new Error(`compileSchemaCheck: ${what} at ${path || "(root)"} is not supported; extend corpus/validate.ts`);
}

function checksOf(def: ZodDef, path: string): CheckDef[] {
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  // a conditional check (`when`) runs only sometimes in zod; treating it as unconditional is stricter,
  // except for zod's own length guard, which holds for every string and array
  for (const c of checks) if (c.when !== undefined && c.check !== "min_length") unsupported(path, `conditional check "${c.check}"`);
  return checks;
}

function checkName(c: CheckDef): string {
  return `${c.check}${c.format ? ":" + c.format : ""}`;
}

/**
 * Writes the checker as one JavaScript function: a statement list per schema node that returns
 * false as soon as the value at hand breaks a rule. Straight-line code with no call per node is
 * what makes it cheap: a tree of closures, tried first, took 20 µs a record in a loop and 55–65 µs
 * inside a run; this takes 10–15 and about 42.
 */
class CheckWriter {
  /** Sets (enums, literals) and regexes the code refers to as C[i]. */
  readonly constants: unknown[] = [];
  private variables = 0;

  constant(value: unknown): string {
    this.constants.push(value);
    return `C[${this.constants.length - 1}]`;
  }

  variable(): string {
    return `v${++this.variables}`;
  }

  /** Statements that return false unless `x` (a variable name) is valid for `def`. */
  node(def: ZodDef, x: string, path: string): string {
    switch (def.type) {
      case "string": {
        let code = `if (typeof ${x} !== "string") return false;\n`;
        for (const c of checksOf(def, path)) {
          if (c.check === "min_length" && typeof c.minimum === "number") {
            const m = c.minimum;
            code += `if (${x}.length < ${m} || (${x}.length < ${2 * m} && codePointLength(${x}) < ${m})) return false;\n`;
          } else if (c.check === "string_format" && c.format === "regex" && c.pattern instanceof RegExp) {
            const re = this.constant(c.pattern);
            code += `${re}.lastIndex = 0;\nif (!${re}.test(${x})) return false;\n`;
          } else unsupported(path, `string check "${checkName(c)}"`);
        }
        return code;
      }
      case "number": {
        let code = `if (typeof ${x} !== "number" || !Number.isFinite(${x})) return false;\n`;
        for (const c of checksOf(def, path)) {
          if (c.check === "number_format" && c.format === "safeint") code += `if (!Number.isSafeInteger(${x})) return false;\n`;
          else if ((c.check === "greater_than" || c.check === "less_than") && typeof c.value === "number") {
            const op = (c.check === "greater_than" ? ">" : "<") + (c.inclusive ? "=" : "");
            code += `if (!(${x} ${op} ${c.value})) return false;\n`;
          } else unsupported(path, `number check "${checkName(c)}"`);
        }
        return code;
      }
      case "boolean":
        if (checksOf(def, path).length > 0) unsupported(path, "boolean checks");
        return `if (typeof ${x} !== "boolean") return false;\n`;
      case "literal":
        return `if (!${this.constant(new Set(def.values))}.has(${x})) return false;\n`;
      case "enum":
        return `if (!${this.constant(new Set(Object.values(def.entries ?? {})))}.has(${x})) return false;\n`;
      case "nullable":
        return `if (${x} !== null) {\n${this.node(def.innerType!._zod.def, x, path)}}\n`;
      case "optional":
        return `if (${x} !== undefined) {\n${this.node(def.innerType!._zod.def, x, path)}}\n`;
      case "array": {
        let code = `if (!Array.isArray(${x})) return false;\n`;
        for (const c of checksOf(def, path)) {
          if (c.check === "min_length" && typeof c.minimum === "number") code += `if (${x}.length < ${c.minimum}) return false;\n`;
          else unsupported(path, `array check "${checkName(c)}"`);
        }
        const i = this.variable();
        const e = this.variable();
        return code + `for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {\nconst ${e} = ${x}[${i}];\n${this.node(def.element!._zod.def, e, `${path}/*`)}}\n`;
      }
      case "object": {
        if (def.catchall !== undefined) unsupported(path, "an object with a catchall (strict or passthrough)");
        if (checksOf(def, path).length > 0) unsupported(path, "object checks");
        // zod's object accepts any non-array object and ignores keys it does not know
        let code = `if (typeof ${x} !== "object" || ${x} === null || Array.isArray(${x})) return false;\n`;
        for (const [key, schema] of Object.entries(def.shape ?? {})) {
          const v = this.variable();
          code += `const ${v} = ${x}[${JSON.stringify(key)}];\n${this.node(schema._zod.def, v, `${path}/${key}`)}`;
        }
        return `{\n${code}}\n`;
      }
      case "record": {
        const keyDef = def.keyType!._zod.def;
        if (keyDef.type !== "string" || (keyDef.checks ?? []).length > 0) unsupported(path, "a record key other than z.string()");
        const keys = this.variable();
        const i = this.variable();
        const v = this.variable();
        // zod reads every own key, symbols and non-enumerable ones included; a record with such
        // keys (more own keys than enumerable string ones) or a "__proto__" key is left to it
        return `if (!isPlainObject(${x})) return false;\n{\nconst ${keys} = Object.keys(${x});\n` +
          `if (Reflect.ownKeys(${x}).length !== ${keys}.length) return false;\n` +
          `for (let ${i} = 0; ${i} < ${keys}.length; ${i}++) {\nif (${keys}[${i}] === "__proto__") return false;\n` +
          `const ${v} = ${x}[${keys}[${i}]];\n${this.node(def.valueType!._zod.def, v, `${path}/*`)}}\n}\n`;
      }
      default:
        return unsupported(path, `zod type "${def.type}"`);
    }
  }
}

/**
 * A predicate that is true only for values `schema.safeParse` accepts (it may say false for a
 * value zod would accept; callers then ask zod). Throws for schema features it does not cover.
 */
export function compileSchemaCheck(schema: z.ZodType): (value: unknown) => boolean {
  const writer = new CheckWriter();
  const body = writer.node((schema as unknown as { _zod: { def: ZodDef } })._zod.def, "v0", "");
  type Make = (constants: unknown[], cpl: typeof util.codePointLength, plain: typeof util.isPlainObject) => (value: unknown) => boolean;
  let make: Make;
  try {
    make = new Function("C", "codePointLength", "isPlainObject", `return function check(v0) {\n${body}return true;\n};`) as Make;
  } catch {
    // code generation disallowed (node --disallow-code-generation-from-strings): zod decides every record
    return () => false;
  }
  return make(writer.constants, util.codePointLength, util.isPlainObject);
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
