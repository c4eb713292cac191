/**
 * The corpus record, schema version 1 (../shared/docs/schema.md).
 * This zod schema is the single source of the TypeScript types, of record validation
 * and of the JSON Schema printed by `bangxin schema`.
 */
import { z } from "zod";

export const SCHEMA_VERSION = 1 as const;

export const PRINCIPAL_PENALTIES = [
  "fixed-term", "detention", "surveillance", "fine-only", "exempt", "life", "death-suspended", "death",
] as const;
export const EDUCATION_LEVELS = [
  "none", "primary", "junior-high", "senior-high", "vocational-secondary", "junior-college", "bachelor", "postgraduate",
] as const;
export const OCCUPATIONS = [
  "unemployed", "farmer", "worker", "employee", "self-employed", "student", "civil-servant", "other",
] as const;
export const CUSTODY_KINDS = ["criminal-detention", "arrest", "bail", "residential-surveillance", "released"] as const;
export const ACT_CATEGORIES = [
  "payment-settlement", "communication-transmission", "technical-support", "advertising-promotion", "other",
] as const;
export const ACT_MECHANISMS = [
  "bank-card", "corporate-account", "payment-account", "card-brokering", "running-points", "cash-out",
  "phone-card", "sim-box", "sms-verification", "internet-account",
  "server-hosting", "software-development", "network-access",
  "advertising", "traffic-diversion", "other",
] as const;
/** The category each mechanism belongs to (schema.md act table). */
export const MECHANISM_CATEGORY: Record<(typeof ACT_MECHANISMS)[number], (typeof ACT_CATEGORIES)[number]> = {
  "bank-card": "payment-settlement",
  "corporate-account": "payment-settlement",
  "payment-account": "payment-settlement",
  "card-brokering": "payment-settlement",
  "running-points": "payment-settlement",
  "cash-out": "payment-settlement",
  "phone-card": "communication-transmission",
  "sim-box": "communication-transmission",
  "sms-verification": "communication-transmission",
  "internet-account": "communication-transmission",
  "server-hosting": "technical-support",
  "software-development": "technical-support",
  "network-access": "technical-support",
  advertising: "advertising-promotion",
  "traffic-diversion": "advertising-promotion",
  other: "other",
};
export const SECTION_KINDS = [
  "header", "parties", "procedure", "prosecution", "defence", "facts", "evidence", "reasoning",
  "judgment", "appeal-notice", "signature", "appendix",
] as const;

/** ISO date as precise as the text: YYYY, YYYY-MM or YYYY-MM-DD. */
const IsoPartialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/);

export const MoneySchema = z.object({ yuan: z.number().nonnegative(), approx: z.boolean() }).nullable();

export const SentenceSchema = z.object({
  principal: z.enum(PRINCIPAL_PENALTIES).nullable(),
  termMonths: z.number().nonnegative().nullable(),
  probationMonths: z.number().nonnegative().nullable(),
  fineYuan: z.number().nonnegative().nullable(),
  confiscationOfProperty: z.boolean(),
});

export const PriorRecordSchema = z.object({
  recidivist: z.boolean().nullable(),
  priorConviction: z.boolean().nullable(),
  priorAdministrativePenalty: z.boolean().nullable(),
});

export const FactorsSchema = z.object({
  surrender: z.boolean(),
  confession: z.boolean(),
  plea: z.boolean(),
  accessory: z.boolean(),
  attempt: z.boolean(),
  restitution: z.boolean(),
  forgiveness: z.boolean(),
  meritorious: z.boolean(),
  minor: z.boolean(),
});

export const DefendantSchema = z.object({
  name: z.string().min(1),
  kind: z.enum(["person", "unit"]),
  gender: z.enum(["male", "female"]).nullable(),
  birthDate: IsoPartialDate.nullable(),
  ageAtJudgment: z.number().int().nonnegative().nullable(),
  ethnicity: z.string().min(1).nullable(),
  education: z.enum(EDUCATION_LEVELS).nullable(),
  occupation: z.enum(OCCUPATIONS).nullable(),
  occupationRaw: z.string().min(1).nullable(),
  residence: z.string().min(1).nullable(),
  priorRecord: PriorRecordSchema.nullable(),
  custody: z.array(z.object({ kind: z.enum(CUSTODY_KINDS), date: IsoPartialDate.nullable() })),
  charges: z.array(z.object({ name: z.string().min(1), sentence: SentenceSchema.nullable() })),
  sentence: SentenceSchema.nullable(),
  /** null when the document has no reasoning the factors could be read from. */
  factors: FactorsSchema.nullable(),
  acts: z.array(z.object({ category: z.enum(ACT_CATEGORIES), mechanism: z.enum(ACT_MECHANISMS) })),
  instruments: z.object({
    bankCards: z.number().int().nonnegative().nullable(),
    phoneCards: z.number().int().nonnegative().nullable(),
    paymentAccounts: z.number().int().nonnegative().nullable(),
    corporateAccounts: z.number().int().nonnegative().nullable(),
  }),
  amounts: z.object({
    settlement: MoneySchema,
    fraudLinked: MoneySchema,
    illegalGain: MoneySchema,
    confiscated: MoneySchema,
  }),
});

export const EvidenceSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  rule: z.string().min(1),
});

export const WarningSchema = z.object({ code: z.string().min(1), path: z.string(), message: z.string().min(1) });

export const CaseSchema = z.object({
  caseNumber: z.string().min(1).nullable(),
  court: z.string().min(1).nullable(),
  courtLevel: z.enum(["basic", "intermediate", "high", "supreme"]).nullable(),
  province: z.string().min(1).nullable(),
  docType: z.enum(["judgment", "ruling", "other"]).nullable(),
  instance: z.enum(["first", "second", "retrial", "other"]).nullable(),
  procedure: z.enum(["ordinary", "summary", "expedited"]).nullable(),
  judgmentDate: IsoPartialDate.nullable(),
  charges: z.array(z.string().min(1)),
});

export const SourceSchema = z.object({
  uri: z.string().min(1),
  format: z.string().min(1),
  contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  fetchedAt: z.string().nullable(),
  /** The id the source itself gave, when `id` had to be made unique within a run. */
  sourceId: z.string().min(1).nullable().optional(),
});

export const CorpusRecordSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: z.string().min(1),
  /** The source the record was extracted from. */
  source: SourceSchema,
  /**
   * Added by `bangxin refresh`: every source that delivered this judgment (the same judgment as a
   * .txt and inside a CJO record, say), `source` first. Absent from a plain `bangxin run`.
   */
  sources: z.array(SourceSchema).min(1).optional(),
  language: z.enum(["zh", "en"]),
  extractor: z.object({ version: z.string().min(1) }),
  text: z.string().optional(),
  case: CaseSchema,
  defendants: z.array(DefendantSchema),
  sections: z.array(z.object({ kind: z.enum(SECTION_KINDS), start: z.number().int(), end: z.number().int() })),
  evidence: z.record(z.string(), EvidenceSchema),
  warnings: z.array(WarningSchema),
});

export type Money = z.infer<typeof MoneySchema>;
export type Sentence = z.infer<typeof SentenceSchema>;
export type PriorRecord = z.infer<typeof PriorRecordSchema>;
export type Factors = z.infer<typeof FactorsSchema>;
export type Defendant = z.infer<typeof DefendantSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;
export type Warning = z.infer<typeof WarningSchema>;
export type CaseInfo = z.infer<typeof CaseSchema>;
export type CorpusRecord = z.infer<typeof CorpusRecordSchema>;
export type Source = z.infer<typeof SourceSchema>;
export type SectionKind = (typeof SECTION_KINDS)[number];
export type ActMechanism = (typeof ACT_MECHANISMS)[number];
export type ActCategory = (typeof ACT_CATEGORIES)[number];
export type Principal = (typeof PRINCIPAL_PENALTIES)[number];
export type Education = (typeof EDUCATION_LEVELS)[number];
export type Occupation = (typeof OCCUPATIONS)[number];
export type CustodyKind = (typeof CUSTODY_KINDS)[number];

/** JSON Schema (draft 2020-12) generated from the zod schema. */
export function corpusJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CorpusRecordSchema, { target: "draft-2020-12" }) as Record<string, unknown>;
}
