import type { SectionKind } from "../../corpus/schema.js";

/*
 * How JSON/JSONL records of each known dataset become a SourceDocument. These tables are data:
 * supporting another dataset means adding a FieldMap (and, for a structured dataset, a
 * ComposeTable), not another code path. The engine that reads them is records.ts / compose.ts.
 */

/** Named rules that turn field values into a placeholder value (implemented in compose.ts). */
export type DerivationRule =
  /** "吴文婷盗窃一审刑事判决书" → "刑事判决书": the document kind a case name ends with. */
  | "documentKind"
  /** "判决" or "裁定" (…书), the verb of "…如下：", from the case name; "判决" when unknown. */
  | "decisionVerb";

/** Named rules that cut one field value into several paragraphs (implemented in compose.ts). */
export type SplitRule =
  /** "甲、乙" / "甲，乙" → one per person, keeping "甲，绰号“某”" together. */
  "persons";

/**
 * One paragraph (or, with `each`, one paragraph per item) of a composed text. `{名}` in a template
 * is replaced by the record's field `名`, a derived value or a list; "无", "" and missing count as
 * no value. The first template whose placeholders all have values is used; none → no paragraph.
 * A value that holds several lines becomes several paragraphs of the same section.
 */
export interface ComposeRow {
  kind: SectionKind;
  templates: string[];
  /** The bare value is used instead of the template when it already starts with one of these (e.g. "本院认为"). */
  bareIfStartsWith?: string[];
  /** One paragraph per item of this field, the template's `{field}` bound to each item in turn. */
  each?: { field: string; split: SplitRule };
  /** Appended when the paragraph does not already end with sentence punctuation. */
  endWith?: string;
}

/** Alternatives: the first group of rows that yields any paragraph is used, the others are not. */
export interface ComposeChoice {
  firstOf: ComposeRow[][];
}

export type ComposeEntry = ComposeRow | ComposeChoice;

export interface ComposeTable {
  /** Placeholder values computed from fields by a named rule. */
  derived?: Record<string, { from: string; rule: DerivationRule }>;
  /** Placeholder values joining several fields' values (empty ones left out, repeats once). */
  lists?: Record<string, { fields: string[]; separator: string }>;
  /** The paragraphs in judgment order. */
  rows: ComposeEntry[];
}

export interface FieldMap {
  /** Recorded as SourceDocument.recordFormat. */
  name: string;
  /** The record is of this format when it has any of these keys (inside `wrapper` when wrapped). */
  detect: string[];
  /** The key of an envelope `{id, <wrapper>: {…fields}, …}` some exports add; the record may also come bare. */
  wrapper?: string;
  /** Candidate id keys, first non-empty wins; looked up on the envelope first, then the record. */
  id: string[];
  /** Candidate keys holding the full text as HTML (reduced to text if it really is markup), tried first. */
  html?: string[];
  /** Candidate keys holding the full text as plain text. */
  text?: string[];
  /** How to compose a text from the record's fields when it has no full text. */
  compose?: ComposeTable;
}

const lawArticleFields = Array.from({ length: 11 }, (_, i) => `引用法律条文${i + 1}`);

/**
 * SimuCourt (github Zhitao-He/SimuCourt): criminal first-instance and appeal records with Chinese
 * field names. Composed in the order of a real judgment. `发布时间` is the publication date and is
 * left out: in the text it would be taken for the judgment date.
 */
export const SIMUCOURT_COMPOSE: ComposeTable = {
  derived: {
    文书种类: { from: "案件名", rule: "documentKind" },
    裁判: { from: "案件名", rule: "decisionVerb" },
  },
  lists: { 法条: { fields: lawArticleFields, separator: "、" } },
  rows: [
    { kind: "header", templates: ["{法院}"] },
    { kind: "header", templates: ["{文书种类}"] },
    { kind: "header", templates: ["{案号}"] },
    { kind: "parties", templates: ["公诉机关{原告（公诉）}"], bareIfStartsWith: ["公诉机关"] },
    { kind: "parties", templates: ["被告人{被告}"], each: { field: "被告", split: "persons" } },
    // Appeals: the field reads "（原审被告人）杨松" and is kept as it is.
    { kind: "parties", templates: ["上诉人{上诉人}"], bareIfStartsWith: ["上诉人"] },
    { kind: "parties", templates: ["{被告基本情况}"] },
    { kind: "parties", templates: ["{上诉人基本情况}"] },
    { kind: "parties", templates: ["辩护人{代理人}"], bareIfStartsWith: ["辩护人"] },
    { kind: "parties", templates: ["诉讼代理人{原告代理人}"], bareIfStartsWith: ["诉讼代理人"] },
    // Appeals: how the case came up (first-instance court, judgment, who appealed).
    { kind: "procedure", templates: ["{上诉请求}"] },
    { kind: "prosecution", templates: ["公诉机关指控：{原告诉请判令（公诉机关指控）}"], bareIfStartsWith: ["公诉机关"] },
    { kind: "prosecution", templates: ["{原告陈述}"] },
    { kind: "defence", templates: ["被告人辩称：{被告陈述}"], bareIfStartsWith: ["被告人"] },
    { kind: "defence", templates: ["辩护人提出：{被告代理人辩护}"], bareIfStartsWith: ["辩护人"] },
    { kind: "facts", templates: ["经审理查明：{基本案情}"], bareIfStartsWith: ["经审理查明", "经依法审理查明"] },
    // Appeals: the first-instance judgment as the appeal court recounts it. Its result is a quote
    // inside the procedure, not this judgment's result.
    { kind: "facts", templates: ["原判认定：{一审法院认定事实}"], bareIfStartsWith: ["原判", "原审", "一审"] },
    { kind: "procedure", templates: ["原审法院认为，{一审法院意见}"], bareIfStartsWith: ["原审法院认为", "原判认为", "一审法院认为", "原审认为"] },
    {
      kind: "procedure",
      templates: ["原审法院依照{一审法院审判依据}之规定，判决：{一审法院审判结果}", "原审法院判决：{一审法院审判结果}"],
      endWith: "。",
    },
    { kind: "defence", templates: ["上诉人提出：{上诉人辩护}"], bareIfStartsWith: ["上诉人提出", "上诉人上诉提出", "上诉人上诉称", "上诉人辩称"] },
    // In every SimuCourt appeal the 被上诉人 is the procuratorate, so its 辩护 is the prosecution's opinion.
    { kind: "prosecution", templates: ["{被上诉人}意见：{被上诉人辩护}", "出庭检察员意见：{被上诉人辩护}"] },
    { kind: "facts", templates: ["经二审审理查明：{本院二审查明事实}"], bareIfStartsWith: ["经", "二审", "本院二审"] },
    { kind: "reasoning", templates: ["本院认为，{法院意见}"], bareIfStartsWith: ["本院认为"] },
    { kind: "reasoning", templates: ["本院认为，{二审意见}"], bareIfStartsWith: ["本院认为"] },
    { kind: "reasoning", templates: ["依照{法条}之规定，{裁判}如下："] },
    {
      firstOf: [
        [
          { kind: "judgment", templates: ["{刑事_结果1}"], endWith: "。" },
          { kind: "judgment", templates: ["{刑事_结果2}"], endWith: "。" },
          { kind: "judgment", templates: ["{刑事_结果3}"], endWith: "。" },
        ],
        [
          {
            kind: "judgment",
            templates: ["{刑事_罪名}，{刑事_刑期}，{刑事_罚金}。", "{刑事_罪名}，{刑事_刑期}。", "{刑事_罪名}。"],
          },
        ],
      ],
    },
  ],
};

/** China Judgments Online, current API: s-numbered fields; used when `qwContent` is missing. */
export const CJO_NEW_COMPOSE: ComposeTable = {
  derived: { 文书种类: { from: "s1", rule: "documentKind" } },
  rows: [
    {
      firstOf: [
        [{ kind: "header", templates: ["{s22}"] }],
        [
          { kind: "header", templates: ["{s2}"] },
          { kind: "header", templates: ["{文书种类}"] },
          { kind: "header", templates: ["{s7}"] },
        ],
      ],
    },
    { kind: "parties", templates: ["{s17}"] },
    { kind: "procedure", templates: ["{s23}"] },
    { kind: "facts", templates: ["{s25}"] },
    { kind: "reasoning", templates: ["{s26}"] },
    { kind: "judgment", templates: ["{s27}"] },
    // s31 is the judgment date; it stands in for the trailer (judges, date, clerk) only when that is missing.
    { firstOf: [[{ kind: "signature", templates: ["{s28}"] }], [{ kind: "signature", templates: ["{s31}"] }]] },
  ],
};

/** China Judgments Online, older exports: `*段原文` section fields; used when `DocContent` is missing. */
export const CJO_OLD_COMPOSE: ComposeTable = {
  derived: { 文书种类: { from: "案件名称", rule: "documentKind" } },
  rows: [
    {
      firstOf: [
        [{ kind: "header", templates: ["{文本首部段落原文}"] }],
        [
          { kind: "header", templates: ["{法院名称}"] },
          { kind: "header", templates: ["{文书种类}"] },
          { kind: "header", templates: ["{案号}"] },
        ],
      ],
    },
    { kind: "parties", templates: ["{诉讼参与人信息部分原文}"] },
    { kind: "procedure", templates: ["{诉讼记录段原文}"] },
    { kind: "facts", templates: ["{案件基本情况段原文}"] },
    { kind: "reasoning", templates: ["{裁判要旨段原文}"] },
    { kind: "judgment", templates: ["{判决结果段原文}"] },
    { kind: "signature", templates: ["{文本尾部原文}"] },
    { kind: "appendix", templates: ["{附加原文}"] },
  ],
};

/** LeCaRD (案件基本情况 / 裁判分析过程 / 判决结果); used when the full text `qw` is missing. */
export const LECARD_COMPOSE: ComposeTable = {
  rows: [
    { kind: "header", templates: ["{writName}"] },
    { kind: "facts", templates: ["{ajjbqk}"] },
    { kind: "reasoning", templates: ["{cpfxgc}"] },
    { kind: "judgment", templates: ["{pjjg}"] },
  ],
};

/** Checked in order; the first map whose `detect` keys a record has and that yields a text wins. */
export const FIELD_MAPS: FieldMap[] = [
  {
    name: "simucourt",
    detect: ["基本案情", "法院意见", "一审法院认定事实", "二审意见", "刑事_罪名"],
    wrapper: "record",
    id: ["id", "案号"],
    compose: SIMUCOURT_COMPOSE,
  },
  {
    name: "cjo",
    detect: ["qwContent", "wsKey", "s22", "s25", "s26", "s27"],
    id: ["wsKey", "docId", "文书ID"],
    html: ["qwContent"],
    compose: CJO_NEW_COMPOSE,
  },
  {
    name: "cjo-old",
    detect: ["文书ID", "DocContent", "案件基本情况段原文", "裁判要旨段原文", "判决结果段原文"],
    id: ["文书ID"],
    html: ["DocContent"],
    compose: CJO_OLD_COMPOSE,
  },
  {
    name: "judge",
    detect: ["fd", "text_id"],
    id: ["text_id", "id"],
    // `text` is JuDGE's facts-only model input; `fd` is the full judgment.
    text: ["fd", "text"],
  },
  {
    name: "lecard",
    detect: ["ajjbqk", "cpfxgc", "pjjg", "qw"],
    id: ["id", "writId", "ajId"],
    text: ["qw"],
    compose: LECARD_COMPOSE,
  },
  {
    name: "generic",
    detect: ["text", "content", "全文", "fullText"],
    id: ["id", "docId", "uuid"],
    html: ["全文"],
    text: ["text", "content", "fullText"],
  },
];
