/**
 * Sentencing factors as the court finds them in its reasoning (本院认为 …), Chinese.
 * A row yields the factor it evidences. Negated or rejected mentions are filtered by
 * NEGATION_BEFORE (in the same clause, before the term) and REJECTED_CLAIM (a sentence
 * that reports a defence claim the court dismisses).
 */
import type { RuleRow } from "../../engine.js";

export type FactorKey =
  | "surrender" | "confession" | "plea" | "accessory" | "attempt" | "restitution" | "forgiveness" | "meritorious" | "minor"
  | "recidivist";

export const FACTOR_ROWS: RuleRow<FactorKey>[] = [
  { id: "zh.factors.surrender.zishou", re: /自首/, yields: "surrender" },
  { id: "zh.factors.surrender.voluntary", re: /主动投案|自动投案|投案自首/, yields: "surrender" },
  { id: "zh.factors.confession.tanbai", re: /坦白/, yields: "confession" },
  { id: "zh.factors.confession.truthful", re: /如实(?:供述|交代|交待|陈述)/, yields: "confession" },
  { id: "zh.factors.confession.admits", re: /供认不讳/, yields: "confession" },
  { id: "zh.factors.plea.renzui-renfa", re: /认罪\s?认罚/, yields: "plea" },
  { id: "zh.factors.plea.bond", re: /具结书/, yields: "plea" },
  { id: "zh.factors.accessory.congfan", re: /从犯/, yields: "accessory" },
  { id: "zh.factors.accessory.minor-role", re: /起(?:次要|辅助)(?:或者?辅助)?作用/, yields: "accessory" },
  { id: "zh.factors.attempt.weisui", re: /未遂/, yields: "attempt" },
  { id: "zh.factors.attempt.not-accomplished", re: /未(?:能)?得逞/, yields: "attempt" },
  { id: "zh.factors.restitution.return", re: /退赃|退赔|退缴|退出(?:了)?(?:全部|部分)?(?:违法所得|赃款|赃物|非法所得|犯罪所得)/, yields: "restitution" },
  // "已将挪用的资金退还给…", "归还了全部款项"; 未归还 is filtered as a negation
  { id: "zh.factors.restitution.give-back", re: /退还|归还|返还/, yields: "restitution" },
  { id: "zh.factors.restitution.compensation", re: /赔偿(?!责任|义务|请求|诉讼|能力|范围|标准|数额的?计算)|赔付|达成(?:了)?赔偿协议/, yields: "restitution" },
  { id: "zh.factors.forgiveness.liangjie", re: /谅解/, yields: "forgiveness" },
  { id: "zh.factors.meritorious.ligong", re: /立功/, yields: "meritorious" },
  { id: "zh.factors.minor.underage", re: /未成年|不满十八周岁|未满十八周岁|已满十[四六]周岁不满十八周岁/, yields: "minor" },
  { id: "zh.factors.recidivist.leifan", re: /累犯/, yields: "recidivist" },
];

/** A negation in the same clause before the term: "不构成自首", "未取得谅解", "没有立功表现". */
export const NEGATION_BEFORE = /(?:不|未|没有|无|非|否认|不能认定|不予认定|不宜认定|尚不)[^，,；。]{0,8}$/;
/** A negation right after the term: "自首情节不成立", "立功不能成立". */
export const NEGATION_AFTER = /^[^，,；。]{0,6}(?:不能成立|不成立|不予认定|不能认定|依据不足|证据不足)/;
/** A sentence that reports a claim the court rejects ("辩护人提出…系自首，经查…不予采纳"). */
export const REJECTED_CLAIM = /(?:辩护|上诉|提出|认为|辩称|建议)[^。]*(?:不予(?:采纳|支持|认定|采信)|不能成立|不成立|理由不足|依据不足|于法无据|不符合)/;
/** Sentences that speak of the law in general, not of this defendant ("对于自首的犯罪分子，可以…"). */
export const GENERAL_STATEMENT = /对于[^。]{0,10}的犯罪分子|根据[^。]{0,20}(?:规定|意见)[，,][^。]{0,6}(?:应当|可以)/;
/** A defence or appeal claim; without the court accepting it in the same sentence it proves nothing. */
export const CLAIM = /辩护人|辩护意见|辩称|上诉理由|上诉人[^。]{0,10}提出|诉讼代理人/;
export const CLAIM_ACCEPTED = /(?<!不)予以(?:采纳|支持|采信|认可)|本院(?:予以)?(?:采纳|认可)|(?<!不)可以采纳|理由成立|意见成立/;
/** Statute and interpretation titles cite factors by name (《关于处理自首和立功…》) without finding them. */
export const CITED_TITLE = /《[^》]{0,80}》/g;

/** Words that refer to every defendant at once. */
export const ALL_DEFENDANTS = /(?:各|上述|两名?|二名?|三名?|四名?|五名?|[二两三四五六七八九十]|全体|本案)被告人|被告单位及[^。，]{0,6}被告人/;
/** "被告人A、B均…" covers all only when it names nobody in particular (the names decide otherwise). */
export const ALL_NAMED_DEFENDANTS = /被告人均|被告人[^。，]{0,10}均/;
/** A unit is referred to by its role more often than by its name. */
export const UNIT_ROLE = /被告单位/;
