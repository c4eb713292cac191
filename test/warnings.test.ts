import { describe, expect, it } from "vitest";
import { legalRangeWarnings, BANGXIN_CHARGE } from "../pipeline/stages/warnings.js";
import type { CaseInfo, Defendant, Sentence } from "../corpus/schema.js";

const CASE: CaseInfo = {
  caseNumber: "(2021)川0107刑初1号", court: "某人民法院", courtLevel: "basic", province: "四川省", docType: "judgment",
  instance: "first", procedure: "summary", judgmentDate: "2021-05-10", charges: [BANGXIN_CHARGE],
};

function defendant(sentence: Partial<Sentence>, extra: Partial<Defendant> = {}): Defendant {
  const s: Sentence = { principal: "fixed-term", termMonths: 8, probationMonths: null, fineYuan: 5000, confiscationOfProperty: false, ...sentence };
  return {
    name: "甲某", kind: "person", gender: "male", birthDate: "1990-01-01", ageAtJudgment: 31, ethnicity: "汉族", education: null,
    occupation: null, occupationRaw: null, residence: null,
    priorRecord: { recidivist: false, priorConviction: false, priorAdministrativePenalty: false }, custody: [],
    charges: [{ name: BANGXIN_CHARGE, sentence: s }], sentence: s, factors: null, acts: [],
    instruments: { bankCards: null, phoneCards: null, paymentAccounts: null, corporateAccounts: null },
    amounts: { settlement: null, fraudLinked: null, illegalGain: null, confiscated: null }, ...extra,
  };
}

const codes = (d: Defendant) => legalRangeWarnings(CASE, [d]).map((w) => `${w.code} ${w.path}`);

describe("legalRangeWarnings", () => {
  it("accepts a lawful 帮信 sentence", () => {
    expect(codes(defendant({ termMonths: 10, probationMonths: 18, fineYuan: 10000 }))).toEqual([]);
  });
  it("flags a fine below 1,000 yuan, and below 500 for a minor", () => {
    expect(codes(defendant({ fineYuan: 800 }))).toEqual(["fine.below-minimum /defendants/0/sentence/fineYuan"]);
    expect(codes(defendant({ fineYuan: 800 }, { ageAtJudgment: 17 }))).toEqual([]);
    expect(codes(defendant({ fineYuan: 400 }, { ageAtJudgment: 17 }))).toEqual(["fine.below-minimum /defendants/0/sentence/fineYuan"]);
  });
  it("flags a 帮信-only term above 36 months", () => {
    expect(codes(defendant({ termMonths: 40 }))).toEqual(["term.above-bangxin-maximum /defendants/0/sentence/termMonths"]);
  });
  it("flags probation outside Art. 73", () => {
    expect(codes(defendant({ termMonths: 8, probationMonths: 8 }))).toEqual(["probation.out-of-range /defendants/0/sentence/probationMonths"]);
    expect(codes(defendant({ principal: "detention", termMonths: 4, probationMonths: 3 }))).toEqual(["probation.out-of-range /defendants/0/sentence/probationMonths"]);
    expect(codes(defendant({ principal: "detention", termMonths: 4, probationMonths: 6 }))).toEqual([]);
  });
  it("flags probation for a recidivist", () => {
    expect(codes(defendant({ probationMonths: 12 }, { priorRecord: { recidivist: true, priorConviction: true, priorAdministrativePenalty: false } })))
      .toEqual(["probation.recidivist /defendants/0/sentence/probationMonths"]);
  });
  it("flags a custodial 帮信 sentence without a fine, but not a fine-only or exempt one", () => {
    expect(codes(defendant({ fineYuan: null }))).toEqual(["fine.missing /defendants/0/sentence/fineYuan"]);
    expect(codes(defendant({ principal: "exempt", termMonths: null, fineYuan: null }))).toEqual([]);
  });
  it("says nothing about unknown values", () => {
    expect(codes(defendant({ principal: null, termMonths: null, fineYuan: 5000 }))).toEqual([]);
  });
});
