/**
 * The compiled record check against zod, the authority: it must never accept what zod rejects,
 * and on the records the pipeline makes (and mutations of them) it must say what zod says.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { z } from "zod";
import { CorpusRecordSchema, type CorpusRecord } from "../corpus/schema.js";
import { compileSchemaCheck, corpusRecordProblems, passesCorpusRecordCheck } from "../corpus/validate.js";
import { extractDocument } from "../pipeline/extractDocument.js";
import { utf8SampleTexts } from "./fixtures/sampleTexts.js";

/** Records of the UTF-8 .txt samples, as the pipeline makes them. */
const records: CorpusRecord[] = utf8SampleTexts().map((text, i) => extractDocument({ id: `s${i}`, uri: `file:///s${i}.txt`, format: "txt", text, contentHash: "sha256:" + "a".repeat(64), fetchedAt: null }));

/** Every path (as keys) to a value inside a record, objects and arrays included. */
function pathsOf(value: unknown, path: (string | number)[], out: (string | number)[][]): void {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...path, i], out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, k], out);
}

/**
 * `check` applied to `record` with the value at `path` replaced (or its key deleted when
 * `replacement` is DELETE); the record is changed in place and restored afterwards, because
 * copying it for each of tens of thousands of mutations cost more than checking them.
 */
const DELETE = Symbol("delete");
function withReplaced<T>(record: CorpusRecord, path: (string | number)[], replacement: unknown, check: (value: unknown) => T): T {
  if (path.length === 0) return check(replacement === DELETE ? undefined : replacement);
  let parent = record as unknown as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  const had = Object.prototype.hasOwnProperty.call(parent, last);
  const old = parent[last];
  if (replacement === DELETE) delete parent[last];
  else parent[last] = replacement;
  try {
    return check(record);
  } finally {
    if (had) parent[last] = old;
    else delete parent[last];
  }
}

/** Values that sit on the edges of the schema's rules. */
const EDGE_VALUES: unknown[] = [
  DELETE, null, undefined, 0, -1, 1.5, 2 ** 60, NaN, Infinity, -0, "", "x", "\ud83d\ude00", "1", "2021", "2021-03", "2021-3",
  "2021-03-04", "male", "fixed-term", "bank-card", "zh", "judgment", true, false, [], [{}], {}, { start: 0, end: 1, rule: "r" },
  { start: -1, end: 1, rule: "r" }, { start: 0.5, end: 1, rule: "r" }, { start: 0, end: 1, rule: "" }, { yuan: 5, approx: false },
  { yuan: -5, approx: false }, "sha256:" + "0".repeat(64), "sha256:" + "0".repeat(63),
];

describe("compiled record check", () => {
  it("accepts every record the pipeline makes of the samples, as zod does", () => {
    expect(records.length).toBeGreaterThanOrEqual(20);
    for (const r of records) {
      expect(CorpusRecordSchema.safeParse(r).success, r.id).toBe(true);
      expect(passesCorpusRecordCheck(r), r.id).toBe(true);
      expect(corpusRecordProblems(r), r.id).toBe(null);
    }
  });

  it("agrees with zod on every record with one value replaced by an edge value", () => {
    let rejected = 0;
    let checked = 0;
    for (const r of [records[0], records.reduce((a, b) => (b.defendants.length > a.defendants.length ? b : a))]) {
      const paths: (string | number)[][] = [];
      pathsOf(r, [], paths);
      // every third (path, value) pair: zod takes about 250 µs to report a rejection
      for (const [pi, p] of paths.entries()) {
        for (const [vi, v] of EDGE_VALUES.entries()) {
          if ((pi + vi) % 3 !== 0) continue;
          const [zod, compiled] = withReplaced(r, p, v, (m) => [CorpusRecordSchema.safeParse(m).success, passesCorpusRecordCheck(m)]);
          expect(compiled, `${r.id} /${p.join("/")} = ${String(v === DELETE ? "(deleted)" : JSON.stringify(v))}`).toBe(zod);
          checked++;
          if (!zod) rejected++;
        }
      }
    }
    // the mutations reach both answers, many times
    expect(checked).toBeGreaterThan(10000);
    expect(rejected).toBeGreaterThan(checked / 4);
    expect(checked - rejected).toBeGreaterThan(checked / 10);
  });

  it("agrees with zod on random values put anywhere in a record (fast-check)", () => {
    const pathLists = records.map((r) => {
      const paths: (string | number)[][] = [];
      pathsOf(r, [], paths);
      return paths;
    });
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.anything({ withNullPrototype: true, withObjectString: true }), (ri, pi, value) => {
        const r = records[ri % records.length];
        const paths = pathLists[ri % records.length];
        const [zod, compiled] = withReplaced(r, paths[pi % paths.length], value, (m) => [CorpusRecordSchema.safeParse(m).success, passesCorpusRecordCheck(m)]);
        // never more lenient than zod; anything unusual it may leave to zod
        if (compiled) expect(zod).toBe(true);
      }),
      { numRuns: 3000, seed: 20261122 },
    );
  });

  it("counts string length in code points, as zod's min(2) does", () => {
    const check = compileSchemaCheck(z.object({ s: z.string().min(2) }));
    expect(check({ s: "\ud83d\ude00" })).toBe(false);
    expect(z.object({ s: z.string().min(2) }).safeParse({ s: "\ud83d\ude00" }).success).toBe(false);
    expect(check({ s: "\ud83d\ude00a" })).toBe(true);
    expect(check({ s: "ab" })).toBe(true);
    expect(check({ s: "\ud83da" })).toBe(true); // a lone surrogate is one code point
  });

  it("gives zod's issues as the reason for an invalid record", () => {
    const bad = { ...records[0], language: "fr", evidence: { "/case/court": { start: -1, end: 2, rule: "r" } } };
    expect(passesCorpusRecordCheck(bad)).toBe(false);
    expect(corpusRecordProblems(bad)).toBe(
      'language: Invalid option: expected one of "zh"|"en"; evidence//case/court/start: Too small: expected number to be >=0',
    );
  });

  it("refuses to compile a schema it cannot mirror, naming the place", () => {
    expect(() => compileSchemaCheck(z.object({ a: z.object({ b: z.string().transform((s) => s.length) }) }))).toThrow(
      'compileSchemaCheck: zod type "pipe" at /a/b is not supported; extend corpus/validate.ts',
    );
    expect(() => compileSchemaCheck(z.object({ n: z.number().multipleOf(2) }))).toThrow(
      'compileSchemaCheck: number check "multiple_of" at /n is not supported; extend corpus/validate.ts',
    );
    expect(() => compileSchemaCheck(z.object({ a: z.string() }).strict())).toThrow(
      "compileSchemaCheck: an object with a catchall (strict or passthrough) at (root) is not supported; extend corpus/validate.ts",
    );
    expect(() => compileSchemaCheck(z.union([z.string(), z.number()]))).toThrow(
      'compileSchemaCheck: zod type "union" at (root) is not supported; extend corpus/validate.ts',
    );
  });
});
