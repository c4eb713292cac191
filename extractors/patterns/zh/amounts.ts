/**
 * Money in 帮信 facts, Chinese: the flow through the defendant's cards (settlement), the victims'
 * money traced into them (fraudLinked) and what he was paid (illegalGain).
 *
 * Every row captures the amount in the named group `amt` (parsed with parseChineseAmount).
 * Between the keyword and the amount only connective words may stand (GLUE), so that a keyword
 * never reaches across a clause to someone else's number.
 */
import type { TableRow } from "./acts.js";
import { AMOUNT_SRC } from "../../numbers.js";

export type AmountField = "settlement" | "fraudLinked" | "illegalGain";
export interface AmountYield {
  field: AmountField;
  /** A sale price ("以1500元的价格出售"): the gain only when nothing better is stated. */
  price?: boolean;
  /** A 涉案金额-style word that is a flow only when the clause speaks of the card and not of a fraud case. */
  needsCardContext?: boolean;
}

/**
 * Amount token. Besides the numbers module's shapes, "38，150元": some published texts write the
 * thousands separator as a full-width comma, which normalisation keeps.
 */
const AMT = String.raw`(?<amt>${AMOUNT_SRC}|(?<![0-9])[0-9]{1,3}(?:，[0-9]{3})+(?:\.[0-9]+)?元)`;
/** Words that may stand between a keyword and its amount ("支付结算金额合计人民币…", "流水为…"). */
const GLUE = String.raw`(?:[的为是达计约共总有逾：:（(\s]|合计|共计|累计|总计|总额|金额|数额|高达|达到|约为|人民币|共达|总共|一共|超过)*`;

/** Every amount ends in 元/圆: a sentence without one runs no amount row (see TableRow `needs`). */
const YUAN = "元|圆";
const row = (id: string, re: string, yields: AmountYield, needs: readonly string[]): TableRow<AmountYield> => ({ id, re, yields, needs: [YUAN, ...needs] });

export const AMOUNT_ROWS: TableRow<AmountYield>[] = [
  // ---- settlement: flow through his cards/accounts
  row("zh.amounts.settlement.payment-settlement", String.raw`(?:支付)?结算(?:资金|金额|数额|流水)(?:总额|总计)?${GLUE}${AMT}`, { field: "settlement" }, ["结算"]),
  row("zh.amounts.settlement.flow", String.raw`流水(?:金额|总额|数额|总计)?${GLUE}${AMT}`, { field: "settlement" }, ["流水"]),
  row("zh.amounts.settlement.flow-total", String.raw`(?:流水|结算金额|交易金额|转账金额)[^。；]{1,30}?(?:合计|共计|总计|累计)${GLUE}${AMT}`, { field: "settlement" }, ["合计|共计|总计|累计"]),
  row("zh.amounts.settlement.inflow", String.raw`(?:单向|单边)?(?:流入|转入|进账|入账|汇入|收款|进项|接收|收取|收到)(?:的)?(?:资金|金额|款项|总额|钱款)${GLUE}${AMT}`, { field: "settlement" }, ["流入|转入|进账|入账|汇入|收款|进项|接收|收取|收到"]),
  row("zh.amounts.settlement.transfer", String.raw`(?:转账|交易|转入转出|进出账?)(?:金额|金?额|总额|数额|资金)${GLUE}${AMT}`, { field: "settlement" }, ["转账|交易|转入转出|进出"]),
  row("zh.amounts.settlement.n-transactions", String.raw`(?:[0-9]+|[一二三四五六七八九十百千]+)(?:余|多)?笔[，,、]?(?:涉及|总)?(?:交易|转账|资金)?(?:金额|资金|流水)${GLUE}${AMT}`, { field: "settlement" }, ["笔"]),
  row("zh.amounts.settlement.receive-transfer", String.raw`接收(?:、|并|和)?转(?:移|出)(?:资金|款项|赃款|钱款|诈骗资金)?${GLUE}${AMT}`, { field: "settlement" }, ["接收"]),
  row("zh.amounts.settlement.amount-first", String.raw`(?:产生|形成|发生|走账|过账)(?:了)?${GLUE}${AMT}(?:的)?(?:资金)?(?:交易)?(?:流水|结算)`, { field: "settlement" }, ["流水|结算"]),
  row("zh.amounts.settlement.pass-through", String.raw`(?:走账|过账|跑分)(?:金额|资金|总额)?${GLUE}${AMT}`, { field: "settlement" }, ["走账|过账|跑分"]),
  row("zh.amounts.settlement.involved", String.raw`涉案(?:资金|金额|流水)${GLUE}${AMT}`, { field: "settlement", needsCardContext: true }, ["涉案"]),

  // ---- fraudLinked: victims' money traced into his cards/accounts
  row("zh.amounts.fraudLinked.involved-fraud", String.raw`涉(?:嫌)?(?:电信网络|电信|网络)?诈骗?(?:资金|金额|款项?|数额|赃款)${GLUE}${AMT}`, { field: "fraudLinked" }, ["涉", "诈"]),
  row("zh.amounts.fraudLinked.defrauded", String.raw`被(?:诈)?骗(?:资金|款项|钱款|金额|财物|款)?${GLUE}${AMT}`, { field: "fraudLinked" }, ["骗"]),
  row("zh.amounts.fraudLinked.fraud-funds", String.raw`诈骗(?:资金|赃款|款项|钱款|所得)${GLUE}${AMT}`, { field: "fraudLinked" }, ["诈骗"]),
  row("zh.amounts.fraudLinked.victim-transfer", String.raw`(?:被害人|受害人)[^。；]{0,30}?(?:转(?:入|账|款)|汇(?:入|款)|存入)(?:了)?(?:被骗)?(?:资金|款项)?${GLUE}${AMT}`, { field: "fraudLinked" }, ["被害人|受害人"]),

  // ---- illegalGain: what he was paid ("收取开发费、服务器托管费等费用人民币63,500元": a list of fees)
  row("zh.amounts.illegalGain.noun", String.raw`(?:违法所得|非法所得|非法获利|非法收益|违法收益|非法获取|获利|获取利益|获得利益|牟利|得利|好处费|报酬|佣金|提成|酬劳|(?:推广|广告|服务|技术|维护|开发|托管|介绍|辛苦|中介|办卡|租卡)费|租金|收益|利润|分得|收取(?:了)?[^，。；]{0,20}?费(?:用)?|获(?:取|得)(?:了)?(?:非法|违法)?(?:利益|收益)|得款|获款|(?:卖|售|租)卡(?:款|费|所得)|(?:赚取|赚得|获取|获得)(?:了)?差价|(?:出租|出售)(?:银行卡|电话卡|手机卡|账户)?(?:的)?(?:费用|款)|(?:获得|得|分得|获取|收取|收到|拿到|得到)(?:了)?赃款)(?:款|费)?${GLUE}${AMT}`, { field: "illegalGain" }, ["得|获|收|利|费|酬|佣|提|租|卡|差价|出|赃款"]),
  row("zh.amounts.illegalGain.amount-noun", String.raw`(?:获得|获取|收取|收到|得到|拿到|赚取|赚得|赚了|赚|获|得|收|领取|取得)(?:了)?(?:[^，。；]{0,10}?(?:支付|给予|给付|转给|发放|给)的)?${GLUE}${AMT}(?:的)?(?:好处费|报酬|佣金|提成|酬劳|租金|辛苦费|介绍费|感谢费|费用|好处|利润|收益|赃款|违法所得|非法所得|回扣|红包|奖励)`, { field: "illegalGain" }, ["好处|报酬|佣金|提成|酬劳|租金|费|利润|收益|赃款|所得|回扣|红包|奖励"]),
  row("zh.amounts.illegalGain.price", String.raw`以(?!每)${AMT}(?:的)?(?:价格|价钱)?[^，。；]{0,24}?(?:出售|卖给|出租|租给|卖出|售出|出借)`, { field: "illegalGain", price: true, needsCardContext: true }, ["以", "出售|卖给|出租|租给|卖出|售出|出借"]),
];

/** Money that was returned or seized, not received: "退缴违法所得3500元", "追缴…". */
export const RETURNED_BEFORE = /(?:退缴|退赔|退还|追缴|没收|退出|缴纳|上缴|返还|扣押|冻结|退回|责令)[^，。；]{0,8}$/;
/** Thresholds of the law ("违法所得一万元以上的"), not the defendant's figures. */
export const THRESHOLD_AFTER = /^(?:以上|以下|不满|的[，,])/;
/** A unit price or rate, not a total: "每张卡获利200元", "以每月500元". */
export const PER_UNIT = /每[^，。；]{0,6}$|^\s*(?:\/|每|一(?:张|套|个|月|天))/;
/** Promised, not received. */
export const PROMISED = /(?:承诺|许诺|约定|答应|谈好|商定)[^，。；]{0,12}$/;
/** Paid out by the defendant or someone else ("向某公司支付佣金…"), unless he is the one receiving it. */
export const PAID_OUT_BEFORE = /(?:支付|付给|给付|发放|给予|转给)(?:了)?$/;
export const RECEIVED_BEFORE = /(?:获得|获取|收取|收到|得到|拿到|领取)[^，。；]{0,8}$/;
/** Card words around a sale price: a price of drugs or goods is no 帮信 gain. */
export const PRICE_CONTEXT = /银行卡|银行账户|对公账户|公司账户|四件套|U盾|电话卡|手机卡|流量卡|物联网卡|支付宝账|微信账|收款码|账号/;
export const NOT_RECEIVED = /未(?:实际)?(?:获得|获利|收到|拿到|取得|得到)|尚未(?:支付|给付)/;
/** A component of a larger figure stated just before ("其中…"). */
export const PART_OF = /其中[^。]{0,60}$/;
/** Marks a stated total. */
export const TOTAL_MARK = /合计|共计|总计|累计|总额|总流水|共|总共|一共|总/;
/** Fraud words in a clause: the money there is the victims', not the flow. */
export const FRAUD_MONEY_CONTEXT = /被害|受害|被骗|诈骗|涉诈|赃款|案\(|案（/;
/** Card or account words, required around 涉案金额 and sale prices. */
export const CARD_CONTEXT = /银行卡|账户|帐户|账号|卡内|流水|支付宝|微信|四件套|U盾|电话卡|手机卡|流量卡|物联网卡/;
