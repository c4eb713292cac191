/**
 * Section anchors for Chinese judgments. A section runs from its anchor to the next anchor
 * found. Rows are resolved in table order, reliable anchors first (本院认为, 判决如下, 如不服本判决),
 * and each row is searched only between the anchors named in `after` and `before`, so a weak
 * phrase (a defence opinion quoted in the reasoning) cannot swallow the sections around it.
 * `startAt: "end"` makes the section begin after the anchor phrase (the result items follow 判决如下：).
 */
import type { SectionKind } from "../../../corpus/schema.js";

export interface SectionAnchorRow {
  id: string;
  kind: SectionKind;
  re: RegExp;
  startAt?: "end";
  /** When several matches exist in the window, take the last (the appeal's own 判决如下, not the quoted one). */
  pick?: "last";
  /** Search after the end of the latest of these anchors (if found). */
  after?: SectionKind[];
  /** Search before the start of the earliest of these anchors (if found). */
  before?: SectionKind[];
  /** Only look this far into the text. */
  within?: number;
  /** A landmark used by other rows' constraints, not a section start of its own. */
  marker?: boolean;
  /**
   * A literal pre-check for rows whose regex opens with a run-up of up to N characters before
   * the key phrase (such a regex is tried at every boundary of the text, which is slow). Every
   * match of `re` must contain a match of `needs.re` starting at most `needs.maxOffset`
   * characters after the match start, and start at the start of the text or at a character of
   * the one-character class `needs.startsAt`; the search then only tries those start positions
   * up to `maxOffset` before a key phrase. `re` still decides each match, so the result is the
   * same as scanning the whole window, provided the pre-check is right: too small a `maxOffset`
   * or too narrow a `startsAt` loses matches.
   */
  needs?: { re: RegExp; maxOffset: number; startsAt: string };
}

const BOUNDARY = String.raw`[\s。；;：，,）)]`;
const B = `(?:^|${BOUNDARY})`; // a sentence/paragraph boundary before an anchor

export const ZH_SECTION_ANCHORS: SectionAnchorRow[] = [
  // The case number closes the header; a title line before it may name the defendant ("被告人X…一审刑事判决书").
  { id: "zh.section.case-number", kind: "header", marker: true, within: 600,
    re: /\((?:19|20)\d{2}\)[^\s。，,]{1,24}?号/ },
  { id: "zh.section.parties", kind: "parties", after: ["header"],
    re: new RegExp(String.raw`(?:公诉机关|原公诉机关|抗诉机关|自诉人|上诉人|被告人|被告单位|原审被告人|罪犯)`) },
  { id: "zh.section.reasoning", kind: "reasoning",
    re: /本院认为/, after: ["parties"] },
  { id: "zh.section.judgment", kind: "judgment",
    re: /(?:判决|裁定|决定)如下\s*[：:]?|(?:判决|裁定)(?:如下)?[：:](?=\s*(?:一、|\(?一\)?|被告|上诉人|驳回|维持|撤销|原审被告))/, startAt: "end", pick: "last", after: ["parties", "reasoning"], before: ["appeal-notice"] },
  { id: "zh.section.appeal-notice", kind: "appeal-notice",
    re: /如不服本(?:判决|裁定)|本(?:判决|裁定)为终审(?:判决|裁定)|本(?:判决|裁定)(?:即为|系)终审/, after: ["parties", "reasoning", "judgment"] },
  { id: "zh.section.signature", kind: "signature",
    re: /(?:^|[\s。）)])(?:审\s*判\s*长|代理审判员|审\s*判\s*员|人民陪审员|人民审判员)/, after: ["reasoning", "judgment", "appeal-notice"] },
  { id: "zh.section.appendix", kind: "appendix",
    re: /(?:附\s*[：:]|附件[：:]|附(?:本案|本判决)?(?:适用|相关|引用)的?(?:法律)?(?:条文|法条))/, after: ["judgment", "appeal-notice", "signature"] },
  { id: "zh.section.facts", kind: "facts",
    re: new RegExp(String.raw`(?:经(?:二审)?(?:公开)?(?:开庭)?审理(?:，)?查明|本院(?:二审)?(?:审理)?查明|经审理(?:认定|，本院认定)|原(?:审)?判(?:决)?认定|原审法院(?:经审理)?(?:查明|认定)|二审(?:审理)?查明)`), after: ["parties"], before: ["reasoning", "judgment"] },
  { id: "zh.section.procedure", kind: "procedure",
    re: new RegExp(B + String.raw`(?:[^。；\s]{0,40}(?:人民检察院|检察院)(?:于\S{0,14})?以\S{0,40}(?:起诉书|号)|[^。\s]{0,40}(?:提起公诉|审理(?:了)?[^。\s]{0,80}一案)|本院(?:于\S{0,14})?受理后|本院依法|本案现已审理终结)`), after: ["parties"], before: ["facts", "reasoning", "judgment"],
    // boundary 1 + run-up 40 + 人民 2 before 检察院 (本案现已审理终结 has 审理 at 1 + 4)
    needs: { re: /检察院|提起公诉|审理|本院/, maxOffset: 43, startsAt: BOUNDARY } },
  { id: "zh.section.prosecution", kind: "prosecution",
    re: new RegExp(B + String.raw`(?:[^。\s]{0,30}(?:公诉机关|检察院|起诉书)(?:起诉)?指控[^。]{0,10}?[：:，,]|[^。\s]{0,10}抗诉(?:机关)?(?:提出|认为|称))`), after: ["parties", "procedure"], before: ["facts", "reasoning", "judgment"],
    // boundary 1 + run-up 30 + 公诉机关 4 + 起诉 2 before 指控 (抗诉 at 1 + 10)
    needs: { re: /指控|抗诉/, maxOffset: 37, startsAt: BOUNDARY } },
  { id: "zh.section.defence", kind: "defence",
    re: new RegExp(B + String.raw`(?:[^。\s]{0,20}(?:辩护人|被告人|上诉人)[^。\s]{0,20}(?:辩护意见|辩称|提出[^。]{0,6}(?:辩护|意见|上诉理由)|对[^。]{0,20}(?:无异议|没有异议))|上诉人[^。\s]{0,12}(?:上诉|提出)[^。]{0,10}(?:称|理由))`), after: ["parties", "procedure", "prosecution"], before: ["facts", "reasoning", "judgment"],
    // boundary 1 + run-up 20 + role 3 + 20 before 辩护意见/辩称/提出/对 (上诉人… has 上诉 at 1)
    needs: { re: /辩护意见|辩称|提出|对|上诉/, maxOffset: 44, startsAt: BOUNDARY } },
  { id: "zh.section.evidence", kind: "evidence",
    re: new RegExp(B + String.raw`(?:(?:上述|以上|认定上述|认定以上|前述)(?:犯罪)?事实[^。]{0,30}(?:证据|证实|予以证明|为证)|(?:证据|证实)(?:如下|有)[：:])`), after: ["facts"], before: ["reasoning", "judgment"],
    // boundary 1 + 认定 2 before 上述/以上 (证据/证实 and the others at 1)
    needs: { re: /上述|以上|前述|证据|证实/, maxOffset: 3, startsAt: BOUNDARY } },
];
