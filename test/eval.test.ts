import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CorpusRecordSchema, type CorpusRecord, type Defendant } from "../corpus/schema.js";
import {
  checkThresholds,
  evaluateFiles,
  formatReport,
  scoreCorpus,
  type EvalReport,
  type FieldStats,
  type GoldRecord,
} from "../pipeline/eval.js";

type DefendantOverrides = Partial<Omit<Defendant, "sentence" | "factors">> & {
  sentence?: Partial<NonNullable<Defendant["sentence"]>> | null;
  factors?: Partial<NonNullable<Defendant["factors"]>> | null;
};

function defendant(name: string, overrides: DefendantOverrides = {}): Defendant {
  const { sentence, factors, ...rest } = overrides;
  return {
    name,
    kind: "person",
    gender: "male",
    birthDate: "1990-01-02",
    ageAtJudgment: 27,
    ethnicity: "汉族",
    education: "junior-high",
    occupation: "unemployed",
    occupationRaw: "无业",
    residence: null,
    priorRecord: { recidivist: false, priorConviction: null, priorAdministrativePenalty: null },
    custody: [],
    charges: [{ name: "帮助信息网络犯罪活动罪", sentence: null }],
    acts: [],
    instruments: { bankCards: null, phoneCards: null, paymentAccounts: null, corporateAccounts: null },
    amounts: { settlement: null, fraudLinked: null, illegalGain: null, confiscated: null },
    ...rest,
    sentence:
      sentence === null
        ? null
        : { principal: "fixed-term", termMonths: 7, probationMonths: null, fineYuan: 3000, confiscationOfProperty: false, ...sentence },
    factors:
      factors === null
        ? null
        : {
            surrender: false, confession: true, plea: true, accessory: false, attempt: false,
            restitution: false, forgiveness: false, meritorious: false, minor: false, ...factors,
          },
  };
}

interface RecordOverrides {
  case?: Partial<CorpusRecord["case"]>;
  defendants?: Defendant[];
  sourceId?: string;
}

/** A full corpus record, validated so the tests exercise what the pipeline really emits. */
function corpusRecord(id: string, overrides: RecordOverrides = {}): CorpusRecord {
  return CorpusRecordSchema.parse({
    schemaVersion: 1,
    id,
    source: {
      uri: `file:///corpus/${id}.txt`,
      format: "txt",
      contentHash: `sha256:${"0".repeat(64)}`,
      fetchedAt: null,
      ...(overrides.sourceId === undefined ? {} : { sourceId: overrides.sourceId }),
    },
    language: "zh",
    extractor: { version: "0.1.0" },
    case: {
      caseNumber: "(2017)沪0120刑初684号",
      court: "上海市奉贤区人民法院",
      courtLevel: "basic",
      province: "上海市",
      docType: "judgment",
      instance: "first",
      procedure: "summary",
      judgmentDate: "2017-06-28",
      charges: ["帮助信息网络犯罪活动罪"],
      ...overrides.case,
    },
    defendants: overrides.defendants ?? [defendant("张三")],
    sections: [],
    evidence: {},
    warnings: [],
  });
}

function field(report: EvalReport, name: string): FieldStats {
  const stats = report.fields.find((f) => f.field === name);
  if (!stats) throw new Error(`field ${name} was not scored; scored: ${report.fields.map((f) => f.field).join(", ")}`);
  return stats;
}

/** [scored, correct] of a field, for compact assertions. */
function counts(report: EvalReport, name: string): [number, number] {
  const stats = field(report, name);
  return [stats.scored, stats.correct];
}

describe("scoreCorpus", () => {
  it("scores an exact match as all correct, only over the keys the gold holds", () => {
    const gold: GoldRecord = {
      id: "doc-1",
      case: { caseNumber: "(2017)沪0120刑初684号", court: "上海市奉贤区人民法院", procedure: "summary", charges: ["帮助信息网络犯罪活动罪"] },
      defendants: [
        {
          name: "张三", gender: "male", birthDate: "1990-01-02", education: "junior-high",
          priorRecord: { recidivist: false },
          sentence: { principal: "fixed-term", termMonths: 7, probationMonths: null, fineYuan: 3000 },
          charges: [{ name: "帮助信息网络犯罪活动罪" }],
          factors: { confession: true, plea: true },
          acts: [],
          instruments: {},
          amounts: { settlement: null },
        },
      ],
    };
    const report = scoreCorpus([gold], [corpusRecord("doc-1")]);
    // 4 case fields + defendants.count + 14 defendant values; instruments {} scores nothing.
    expect(report.micro).toEqual({ scored: 19, correct: 19, accuracy: 1 });
    expect(report.fields).toHaveLength(19);
    expect(report.fields.some((f) => f.field.startsWith("defendants.instruments"))).toBe(false);
    expect(report.fields.some((f) => f.field === "case.courtLevel")).toBe(false);
    expect(counts(report, "defendants.sentence.probationMonths")).toEqual([1, 1]);
    expect(field(report, "defendants.sentence.probationMonths").goldNull).toEqual({ scored: 1, correct: 1, accuracy: 1 });
    expect(field(report, "defendants.acts").goldNull.scored).toBe(1);
    expect(report.mismatches).toEqual([]);
    expect(report.documents).toMatchObject({ gold: 1, matched: 1, missing: [], corpusRecords: 1, ambiguous: [] });
  });

  it("counts a guess where the gold says null, and a null where the gold states a value, as wrong", () => {
    const gold: GoldRecord = {
      id: "doc-1",
      defendants: [{ name: "张三", education: null, occupation: null, gender: "male", birthDate: "1990-01-02" }],
    };
    const corpus = corpusRecord("doc-1", {
      defendants: [defendant("张三", { education: "junior-high", occupation: null, gender: null, birthDate: "1990-01-02" })],
    });
    const report = scoreCorpus([gold], [corpus]);
    expect(counts(report, "defendants.education")).toEqual([1, 0]);
    expect(field(report, "defendants.education").goldNull).toEqual({ scored: 1, correct: 0, accuracy: 0 });
    expect(counts(report, "defendants.occupation")).toEqual([1, 1]);
    expect(counts(report, "defendants.gender")).toEqual([1, 0]);
    expect(field(report, "defendants.gender").goldStated).toEqual({ scored: 1, correct: 0, accuracy: 0 });
    expect(counts(report, "defendants.birthDate")).toEqual([1, 1]);
    expect(report.mismatches).toEqual([
      { docId: "doc-1", defendant: "张三", field: "defendants.education", gold: null, got: "junior-high" },
      { docId: "doc-1", defendant: "张三", field: "defendants.gender", gold: "male", got: null },
    ]);
  });

  it("reads the children of a null corpus parent as null", () => {
    const gold: GoldRecord = {
      id: "doc-1",
      defendants: [{ name: "张三", priorRecord: { recidivist: null }, factors: { plea: false }, sentence: { principal: "exempt" } }],
    };
    const corpus = corpusRecord("doc-1", {
      defendants: [defendant("张三", { priorRecord: null, factors: null, sentence: null })],
    });
    const report = scoreCorpus([gold], [corpus]);
    expect(counts(report, "defendants.priorRecord.recidivist")).toEqual([1, 1]);
    expect(counts(report, "defendants.factors.plea")).toEqual([1, 0]);
    expect(counts(report, "defendants.sentence.principal")).toEqual([1, 0]);
  });

  it("compares strings with all whitespace removed", () => {
    const gold: GoldRecord = {
      id: "doc-1",
      case: { court: "上海市 奉贤区人民法院" },
      defendants: [{ name: "张 三", ethnicity: "汉\u3000族" }],
    };
    const corpus = corpusRecord("doc-1", {
      case: { court: " 上海市奉贤区\n人民法院" },
      defendants: [defendant("张三", { ethnicity: "汉族" })],
    });
    const report = scoreCorpus([gold], [corpus]);
    expect(counts(report, "case.court")).toEqual([1, 1]);
    expect(counts(report, "defendants.name")).toEqual([1, 1]);
    expect(counts(report, "defendants.ethnicity")).toEqual([1, 1]);
    expect(counts(report, "defendants.count")).toEqual([1, 1]);
  });

  it("compares case numbers with full-width parentheses as half-width", () => {
    const gold: GoldRecord[] = [
      { id: "doc-1", case: { caseNumber: "（2017）沪0120刑初684号" } },
      { id: "doc-2", case: { caseNumber: "(2018)沪0120刑初1号" } },
      { id: "doc-3", case: { caseNumber: "(2018)沪0120刑初1号" } },
    ];
    const corpus = [
      corpusRecord("doc-1", { case: { caseNumber: "(2017)沪0120刑初684号" } }),
      corpusRecord("doc-2", { case: { caseNumber: "（2018）沪0120刑初1号" } }),
      corpusRecord("doc-3", { case: { caseNumber: "(2018)沪0120刑初2号" } }),
    ];
    expect(counts(scoreCorpus(gold, corpus), "case.caseNumber")).toEqual([3, 2]);
  });

  it("only normalises parentheses in case numbers", () => {
    const gold: GoldRecord[] = [{ id: "doc-1", case: { court: "（某）法院" } }];
    const corpus = [corpusRecord("doc-1", { case: { court: "(某)法院" } })];
    expect(counts(scoreCorpus(gold, corpus), "case.court")).toEqual([1, 0]);
  });

  it("compares money within 0.5 yuan and other numbers exactly", () => {
    const gold: GoldRecord = {
      id: "doc-1",
      defendants: [{
        name: "张三",
        amounts: { settlement: 1000, illegalGain: 500, fraudLinked: null, confiscated: null },
        sentence: { fineYuan: 3000, termMonths: 7 },
      }],
    };
    const corpus = corpusRecord("doc-1", {
      defendants: [defendant("张三", {
        amounts: {
          settlement: { yuan: 1000.4, approx: true },
          illegalGain: { yuan: 500.6, approx: false },
          fraudLinked: null,
          confiscated: { yuan: 0, approx: false },
        },
        sentence: { fineYuan: 3000.4, termMonths: 7 },
      })],
    });
    const report = scoreCorpus([gold], [corpus]);
    expect(counts(report, "defendants.amounts.settlement")).toEqual([1, 1]);
    expect(counts(report, "defendants.amounts.illegalGain")).toEqual([1, 0]);
    expect(counts(report, "defendants.amounts.fraudLinked")).toEqual([1, 1]);
    expect(counts(report, "defendants.amounts.confiscated")).toEqual([1, 0]);
    expect(counts(report, "defendants.sentence.fineYuan")).toEqual([1, 0]);
    expect(counts(report, "defendants.sentence.termMonths")).toEqual([1, 1]);
    const illegalGain = report.mismatches.find((m) => m.field === "defendants.amounts.illegalGain");
    expect(illegalGain).toMatchObject({ gold: 500, got: { yuan: 500.6, approx: false } });
  });

  it("compares money null in gold against a corpus amount and a stated gold amount against null", () => {
    const gold: GoldRecord = { id: "doc-1", defendants: [{ name: "张三", amounts: { settlement: 200 } }] };
    const report = scoreCorpus([gold], [corpusRecord("doc-1")]);
    expect(counts(report, "defendants.amounts.settlement")).toEqual([1, 0]);
  });

  it("compares charges as sets of names", () => {
    const gold: GoldRecord[] = [
      {
        id: "doc-1",
        case: { charges: ["诈骗罪", "帮助信息网络犯罪活动罪"] },
        defendants: [
          { name: "张三", charges: [{ name: "帮助信息网络犯罪活动罪" }, { name: "诈骗罪" }] },
          { name: "李四", charges: [{ name: "诈骗罪" }] },
        ],
      },
      { id: "doc-2", case: { charges: ["诈骗罪"] } },
    ];
    const corpus = [
      corpusRecord("doc-1", {
        case: { charges: ["帮助信息网络犯罪活动罪", "诈骗罪", "诈骗罪"] },
        defendants: [
          defendant("张三", { charges: [{ name: "诈骗罪", sentence: null }, { name: "帮助信息网络 犯罪活动罪", sentence: null }] }),
          defendant("李四", { charges: [{ name: "诈骗罪", sentence: null }, { name: "掩饰、隐瞒犯罪所得罪", sentence: null }] }),
        ],
      }),
      corpusRecord("doc-2", { case: { charges: [] } }),
    ];
    const report = scoreCorpus(gold, corpus);
    expect(counts(report, "case.charges")).toEqual([2, 1]);
    expect(counts(report, "defendants.charges")).toEqual([2, 1]);
    expect(report.mismatches.find((m) => m.field === "defendants.charges")).toEqual({
      docId: "doc-1", defendant: "李四", field: "defendants.charges",
      gold: ["诈骗罪"], got: ["掩饰、隐瞒犯罪所得罪", "诈骗罪"],
    });
  });

  it("compares acts as sets of mechanisms and reports precision and recall over all pairs", () => {
    const gold: GoldRecord = {
      id: "doc-1",
      defendants: [
        { name: "甲", acts: [{ category: "payment-settlement", mechanism: "bank-card" }, { category: "payment-settlement", mechanism: "cash-out" }] },
        { name: "乙", acts: [{ category: "payment-settlement", mechanism: "running-points" }] },
        { name: "丙", acts: [{ category: "communication-transmission", mechanism: "phone-card" }] },
        { name: "丁", acts: [] },
      ],
    };
    const corpus = corpusRecord("doc-1", {
      defendants: [
        defendant("甲", { acts: [{ category: "payment-settlement", mechanism: "cash-out" }, { category: "payment-settlement", mechanism: "bank-card" }] }),
        defendant("乙", { acts: [{ category: "payment-settlement", mechanism: "bank-card" }, { category: "payment-settlement", mechanism: "running-points" }] }),
        defendant("丙", { acts: [] }),
        defendant("丁", { acts: [] }),
      ],
    });
    const report = scoreCorpus([gold], [corpus]);
    expect(counts(report, "defendants.acts")).toEqual([4, 2]);
    expect(field(report, "defendants.acts").goldNull).toEqual({ scored: 1, correct: 1, accuracy: 1 });
    expect(field(report, "defendants.acts").goldStated).toEqual({ scored: 3, correct: 1, accuracy: 1 / 3 });
    expect(report.acts).toEqual({ truePositives: 3, falsePositives: 1, falseNegatives: 1, precision: 0.75, recall: 0.75 });
  });

  it("pairs defendants by name regardless of order", () => {
    const gold: GoldRecord = {
      id: "doc-1",
      defendants: [{ name: "张三", gender: "male" }, { name: "李四", gender: "female" }],
    };
    const corpus = corpusRecord("doc-1", {
      defendants: [defendant("李 四", { gender: "female" }), defendant("张三", { gender: "male" })],
    });
    const report = scoreCorpus([gold], [corpus]);
    expect(counts(report, "defendants.gender")).toEqual([2, 2]);
    expect(counts(report, "defendants.name")).toEqual([2, 2]);
    expect(counts(report, "defendants.count")).toEqual([2, 2]);
  });

  it("pairs the defendants left over by name in order", () => {
    const gold: GoldRecord = {
      id: "doc-1",
      defendants: [{ name: "王五", gender: "female" }, { name: "张三", gender: "male" }],
    };
    const corpus = corpusRecord("doc-1", {
      defendants: [defendant("张三", { gender: "male" }), defendant("王六", { gender: "female" })],
    });
    const report = scoreCorpus([gold], [corpus]);
    expect(counts(report, "defendants.count")).toEqual([2, 2]);
    expect(counts(report, "defendants.name")).toEqual([2, 1]);
    expect(counts(report, "defendants.gender")).toEqual([2, 2]);
  });

  it("scores every field of an unpaired gold defendant as wrong, gold nulls included", () => {
    const gold: GoldRecord = {
      id: "doc-1",
      defendants: [
        { name: "张三", gender: "male", education: null },
        { name: "李四", gender: "female", education: null, factors: { plea: true }, acts: [{ category: "other", mechanism: "other" }] },
      ],
    };
    const report = scoreCorpus([gold], [corpusRecord("doc-1", { defendants: [defendant("张三", { education: null })] })]);
    expect(counts(report, "defendants.count")).toEqual([2, 1]);
    expect(counts(report, "defendants.gender")).toEqual([2, 1]);
    expect(counts(report, "defendants.education")).toEqual([2, 1]);
    expect(counts(report, "defendants.factors.plea")).toEqual([1, 0]);
    expect(counts(report, "defendants.acts")).toEqual([1, 0]);
    expect(report.acts).toMatchObject({ truePositives: 0, falsePositives: 0, falseNegatives: 1, recall: 0, precision: null });
    expect(report.micro).toEqual({ scored: 10, correct: 4, accuracy: 0.4 });
    const unpaired = report.mismatches.filter((m) => m.defendant === "李四");
    expect(unpaired).toHaveLength(6);
    expect(unpaired.every((m) => m.absent === "defendant" && m.got === null)).toBe(true);
  });

  it("charges each extra corpus defendant as one error on defendants.count", () => {
    const gold: GoldRecord = { id: "doc-1", defendants: [{ name: "张三", gender: "male" }] };
    const corpus = corpusRecord("doc-1", { defendants: [defendant("张三"), defendant("赵六"), defendant("钱七")] });
    const report = scoreCorpus([gold], [corpus]);
    expect(counts(report, "defendants.count")).toEqual([3, 1]);
    expect(counts(report, "defendants.gender")).toEqual([1, 1]);
    expect(report.mismatches).toEqual([
      { docId: "doc-1", defendant: "赵六", field: "defendants.count", gold: null, got: "赵六" },
      { docId: "doc-1", defendant: "钱七", field: "defendants.count", gold: null, got: "钱七" },
    ]);
  });

  it("scores every field of a gold document missing from the corpus as wrong", () => {
    const gold: GoldRecord[] = [
      { id: "doc-1", case: { court: "上海市奉贤区人民法院" } },
      {
        id: "doc-gone",
        case: { court: null, charges: ["诈骗罪"] },
        defendants: [{ name: "张三", gender: null, instruments: {}, acts: [] }],
      },
    ];
    const report = scoreCorpus(gold, [corpusRecord("doc-1"), corpusRecord("doc-unrelated")]);
    expect(report.documents).toMatchObject({ gold: 2, matched: 1, missing: ["doc-gone"], corpusRecords: 2 });
    expect(counts(report, "case.court")).toEqual([2, 1]);
    expect(counts(report, "case.charges")).toEqual([1, 0]);
    expect(counts(report, "defendants.count")).toEqual([1, 0]);
    expect(counts(report, "defendants.name")).toEqual([1, 0]);
    expect(counts(report, "defendants.gender")).toEqual([1, 0]);
    expect(counts(report, "defendants.acts")).toEqual([1, 0]);
    expect(report.micro).toEqual({ scored: 7, correct: 1, accuracy: 1 / 7 });
    expect(report.mismatches.filter((m) => m.docId === "doc-gone").every((m) => m.absent === "document")).toBe(true);
  });

  it("matches a gold id to source.sourceId and picks the candidate with the most shared defendant names", () => {
    const gold: GoldRecord[] = [
      { id: "src-1", defendants: [{ name: "乙", gender: "female" }, { name: "丙", gender: "male" }] },
      { id: "src-2", defendants: [{ name: "丁", gender: "male" }] },
    ];
    const corpus = [
      corpusRecord("src-1~1", { sourceId: "src-1", defendants: [defendant("甲"), defendant("丙")] }),
      corpusRecord("src-1~2", { sourceId: "src-1", defendants: [defendant("乙", { gender: "female" }), defendant("丙")] }),
      // Ties go to the first candidate: neither shares a name with the gold.
      corpusRecord("src-2", { defendants: [defendant("戊", { gender: "male" })] }),
      corpusRecord("src-2~2", { sourceId: "src-2", defendants: [defendant("己", { gender: "female" })] }),
    ];
    const report = scoreCorpus(gold, corpus);
    expect(report.documents.ambiguous).toEqual([
      { goldId: "src-1", candidates: ["src-1~1", "src-1~2"], nameOverlap: [1, 2], chosen: "src-1~2" },
      { goldId: "src-2", candidates: ["src-2", "src-2~2"], nameOverlap: [0, 0], chosen: "src-2" },
    ]);
    expect(report.documents.missing).toEqual([]);
    expect(counts(report, "defendants.gender")).toEqual([3, 3]);
    expect(counts(report, "defendants.name")).toEqual([3, 2]);
  });

  it("does not list a single sourceId match as ambiguous", () => {
    const gold: GoldRecord[] = [{ id: "src-1", case: { procedure: "summary" } }];
    const report = scoreCorpus(gold, [corpusRecord("src-1~1", { sourceId: "src-1" })]);
    expect(report.documents.ambiguous).toEqual([]);
    expect(counts(report, "case.procedure")).toEqual([1, 1]);
  });
});

describe("checkThresholds", () => {
  const thresholds = { micro: 0.97, perField: 0.9, minStated: 10 };

  /** n gold documents, `wrongGender` of them with a wrong gender, `wrongEducation` with a guess where gold says null. */
  function reportWith(n: number, wrongGender: number, wrongEducation: number): EvalReport {
    const gold: GoldRecord[] = [];
    const corpus: CorpusRecord[] = [];
    for (let i = 0; i < n; i++) {
      gold.push({ id: `d${i}`, case: { court: "上海市奉贤区人民法院" }, defendants: [{ name: "张三", gender: "male", education: null }] });
      corpus.push(corpusRecord(`d${i}`, {
        defendants: [defendant("张三", { gender: i < wrongGender ? "female" : "male", education: i < wrongEducation ? "primary" : null })],
      }));
    }
    return scoreCorpus(gold, corpus);
  }

  it("passes a perfect report", () => {
    expect(checkThresholds(reportWith(12, 0, 0), thresholds)).toEqual([]);
  });

  it("fails on micro-accuracy, a field as a whole and its gold-stated subset", () => {
    // 12 docs × 5 values = 60; 2 wrong genders → 58/60 = 0.967 < 0.97; gender 10/12 = 0.833.
    const failures = checkThresholds(reportWith(12, 2, 0), thresholds);
    expect(failures.map((f) => [f.scope, f.field])).toEqual([
      ["micro", null],
      ["field", "defendants.gender"],
      ["field-stated", "defendants.gender"],
    ]);
    expect(failures[0]).toMatchObject({ accuracy: 58 / 60, scored: 60, threshold: 0.97 });
    expect(failures[0].message).toContain("micro-accuracy");
  });

  it("applies the whole-field threshold to a field whose gold is all null", () => {
    // education: 12 values, all gold null, 2 guesses → 10/12; no stated subset to check.
    const failures = checkThresholds(reportWith(12, 0, 2), { ...thresholds, micro: 0.9 });
    expect(failures.map((f) => [f.scope, f.field])).toEqual([["field", "defendants.education"]]);
  });

  it("skips fields with fewer than minStated values", () => {
    // 9 docs: gender 8/9 is below 0.90 but has only 9 values.
    expect(checkThresholds(reportWith(9, 1, 0), { ...thresholds, micro: 0.9 })).toEqual([]);
  });

  it("fails when nothing was scored", () => {
    expect(checkThresholds(scoreCorpus([], []), thresholds).map((f) => f.scope)).toEqual(["micro"]);
  });
});

describe("formatReport", () => {
  it("prints the table, the mismatch count and only the first 40 mismatches", () => {
    const gold: GoldRecord[] = [];
    const corpus: CorpusRecord[] = [];
    for (let i = 0; i < 45; i++) {
      gold.push({ id: `d${i}`, defendants: [{ name: "张三", gender: "female" }] });
      corpus.push(corpusRecord(`d${i}`));
    }
    gold.push({ id: "gone", case: { court: null } });
    const text = formatReport(scoreCorpus(gold, corpus));
    // 45 × (count, name, gender) + the missing document's court.
    expect(text).toContain("Micro-accuracy: 0.662 (90/136)");
    expect(text).toMatch(/^defendants\.gender\s+45\s+0\s+0\.000/mu);
    expect(text).toContain("Missing documents (1): gone");
    expect(text).toContain("Mismatches: 46 (first 40 shown)");
    expect(text.split("\n").filter((line) => line.includes("defendants.gender: gold"))).toHaveLength(40);
    expect(text).not.toContain("gone case.court");
  });
});

describe("evaluateFiles", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bangxin-eval-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("streams both JSON Lines files and counts every corpus record read", async () => {
    const goldPath = join(dir, "gold.jsonl");
    const corpusPath = join(dir, "corpus.jsonl");
    const gold: GoldRecord[] = [
      { id: "doc-1", case: { caseNumber: "（2017）沪0120刑初684号" }, defendants: [{ name: "张三", gender: "male" }] },
      { id: "doc-2", case: { court: null } },
    ];
    await writeFile(goldPath, `\uFEFF${gold.map((g) => JSON.stringify(g)).join("\r\n")}\r\n\r\n`);
    const corpus = [corpusRecord("doc-1"), corpusRecord("doc-3"), corpusRecord("doc-4")];
    await writeFile(corpusPath, `${corpus.map((c) => JSON.stringify({ ...c, text: "全文" })).join("\n")}\n`);

    const report = await evaluateFiles(goldPath, corpusPath);
    expect(report.documents).toMatchObject({ gold: 2, matched: 1, missing: ["doc-2"], corpusRecords: 3 });
    expect(report.micro).toEqual({ scored: 5, correct: 4, accuracy: 0.8 });
  });

  it("names the file and line of invalid JSON", async () => {
    const goldPath = join(dir, "bad.jsonl");
    await writeFile(goldPath, `{"id":"a"}\n{not json\n`);
    await expect(evaluateFiles(goldPath, goldPath)).rejects.toThrow(`${goldPath}:2: invalid JSON`);
  });

  it("rejects a gold record without an id", async () => {
    const goldPath = join(dir, "noid.jsonl");
    await writeFile(goldPath, `{"case":{}}\n`);
    await expect(evaluateFiles(goldPath, goldPath)).rejects.toThrow(`${goldPath}:1: a gold record must be an object`);
  });
});
