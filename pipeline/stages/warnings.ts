/**
 * Legal-range checks from domain.md. They do not change values: a warning tells the
 * researcher that either the court did something unusual or the extraction is wrong, and
 * points at the value (JSON Pointer) so both can be checked against the evidence.
 */
import type { CaseInfo, Defendant, Sentence, Warning } from "../../corpus/schema.js";

export const BANGXIN_CHARGE = "帮助信息网络犯罪活动罪";

interface Check {
  code: string;
  /** Returns a message when the check fails, null when it passes or cannot be judged. */
  test(d: Defendant, s: Sentence, c: CaseInfo): string | null;
  /** Which value the warning is about. */
  path: string;
}

function isMinor(d: Defendant): boolean {
  return d.factors?.minor === true || (d.ageAtJudgment !== null && d.ageAtJudgment < 18);
}

const CHECKS: Check[] = [
  {
    code: "fine.below-minimum",
    path: "sentence/fineYuan",
    test: (d, s) => {
      if (s.fineYuan === null) return null;
      const min = isMinor(d) ? 500 : 1000;
      return s.fineYuan < min ? `fine ${s.fineYuan} yuan is below the statutory minimum of ${min} yuan` : null;
    },
  },
  {
    code: "term.above-bangxin-maximum",
    path: "sentence/termMonths",
    test: (d, s) => {
      const onlyBangxin = d.charges.length > 0 && d.charges.every((c) => c.name === BANGXIN_CHARGE);
      return onlyBangxin && s.principal === "fixed-term" && s.termMonths !== null && s.termMonths > 36
        ? `${s.termMonths} months of fixed-term imprisonment for 帮信罪 alone exceeds the 36-month maximum of Art. 287-2`
        : null;
    },
  },
  {
    code: "term.outside-general-range",
    path: "sentence/termMonths",
    test: (_d, s) => {
      if (s.termMonths === null) return null;
      const ranges: Record<string, [number, number, string]> = {
        "fixed-term": [6, 300, "有期徒刑 6 months – 25 years (数罪并罚)"],
        detention: [1, 12, "拘役 1 – 6 months (up to 1 year for several counts)"],
        surveillance: [3, 36, "管制 3 months – 2 years (up to 3 for several counts)"],
      };
      const r = s.principal ? ranges[s.principal] : undefined;
      if (!r) return null;
      return s.termMonths < r[0] || s.termMonths > r[1] ? `${s.termMonths} months is outside ${r[2]}` : null;
    },
  },
  {
    code: "probation.out-of-range",
    path: "sentence/probationMonths",
    test: (_d, s) => {
      if (s.probationMonths === null || s.termMonths === null) return null;
      if (s.principal === "detention") {
        const min = Math.max(s.termMonths, 2);
        return s.probationMonths < min || s.probationMonths > 12
          ? `probation of ${s.probationMonths} months for ${s.termMonths} months of 拘役 is outside ${min}–12 months (Art. 73)` : null;
      }
      if (s.principal === "fixed-term") {
        const min = Math.max(s.termMonths, 12);
        return s.probationMonths < min || s.probationMonths > 60
          ? `probation of ${s.probationMonths} months for ${s.termMonths} months of 有期徒刑 is outside ${min}–60 months (Art. 73)` : null;
      }
      return `probation with a ${s.principal ?? "unknown"} principal penalty (Art. 72 allows it for 拘役 and 有期徒刑 up to 3 years)`;
    },
  },
  {
    code: "probation.recidivist",
    path: "sentence/probationMonths",
    test: (d, s) => s.probationMonths !== null && d.priorRecord?.recidivist === true
      ? "probation for a recidivist (累犯), which Art. 74 excludes" : null,
  },
  {
    code: "fine.missing",
    path: "sentence/fineYuan",
    test: (d, s) => {
      const bangxin = d.charges.some((c) => c.name === BANGXIN_CHARGE);
      return bangxin && (s.principal === "fixed-term" || s.principal === "detention") && s.fineYuan === null
        ? "custodial sentence for 帮信罪 without a stated fine (Art. 287-2 provides for 并处罚金)" : null;
    },
  },
];

export function legalRangeWarnings(caseInfo: CaseInfo, defendants: readonly Defendant[]): Warning[] {
  const out: Warning[] = [];
  defendants.forEach((d, i) => {
    if (d.kind !== "person" || d.sentence === null) return;
    for (const check of CHECKS) {
      const message = check.test(d, d.sentence, caseInfo);
      if (message) out.push({ code: check.code, path: `/defendants/${i}/${check.path}`, message });
    }
  });
  return out;
}
