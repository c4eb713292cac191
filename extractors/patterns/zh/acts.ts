/**
 * What the defendant did to help (acts) and with how many cards/accounts (instruments), Chinese.
 *
 * Act rows yield a mechanism plus how the row relates to ownership, because the same words
 * ("提供名下银行卡") describe the defendant's own card or, after "纠集…等人", cards he brokered:
 *  - `own`: he handed over his own card/account. Dropped when the span lies inside a brokering
 *    match, and replaced by running-points when he operated the accounts himself.
 *  - `broker`: trading or recruiting others' cards; its span shields the own-card words inside it.
 *  - `purpose`: words that are often only the purpose of a handing-over ("出售给他人，用于接收、
 *    转移诈骗资金"): they count only when no handing-over precedes them in the sentence.
 *  - `transfer`: cash-out by transferring for others, which is part of running-points when both occur.
 */
import type { RuleRow } from "../../engine.js";
import type { ActMechanism } from "../../../corpus/schema.js";

export interface ActYield {
  mechanism: ActMechanism;
  own?: boolean;
  broker?: boolean;
  purpose?: boolean;
  transfer?: boolean;
  /** Drop the match when the same sentence already mentions a bank card (verification codes for a rented card). */
  notWithBankCard?: boolean;
  /**
   * Not the object of someone else's recruiting: a match is dropped when its clause says "被…",
   * "经…" or "通过…" within 12 characters before it ("被他人招揽", "经朋友介绍", "通过他人联系").
   * Checked in code after the match (see `passiveBefore` in facts.ts), not by a lookbehind.
   */
  notPassive?: boolean;
  /**
   * Trading done by someone else: dropped when another party stands right before the verb as its
   * subject ("他人收购银行卡", "对方收购") or the match only qualifies a person ("出售给收购银行卡的
   * 男子"). Checked in code after the match (see `othersTrade` in facts.ts).
   */
  notOthers?: boolean;
}

/**
 * A table row with a literal pre-check: `needs` lists regex sources of plain alternations, each
 * of which must occur in the sentence for the row to be able to match at all (every match of the
 * row contains one alternative of each). Rows whose needs are absent are not run.
 */
export interface TableRow<Y> extends RuleRow<Y> {
  needs?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Vocabulary fragments (regex sources without capturing groups)

/** Handing an account over to someone else. */
const HAND = String.raw`(?<!(?<![向给为替帮])(?:他人|别人|对方|上家|上线|被害人|买家|其他人))(?:出售|售卖|售与|销售|卖给|卖与|卖掉|卖出|出卖|变卖|贩卖|倒卖|出租|租给|租借给|出借|借给|转借|外借|借与|提供|交给|交付|转交|交予|交由|递交|寄给|邮寄给|快递给|寄送给|转让|出让)(?!的)`;
/**
 * The object of 将/把 up to the account noun: no instrument or source phrase in between
 * ("将毒品以…(以网上银行转账方式支付)贩卖给…" is not handing over a bank account). The 用 of
 * 信用社 / 信用卡 is part of the object ("将其农村信用社银行卡1张出售").
 */
const BA_OBJECT = String.raw`(?:将|把)(?:(?!以|(?<!信)用|通过|向|从)[^。；，]){0,60}?`;
/** Bank cards and what comes with them (U盾, 网银, the 四件套 kit). */
export const BANK = String.raw`(?:银行卡|借记卡|储蓄卡|信用卡|银联卡|银行账户|银行帐户|银行账号|银行卡账户|网银|网上银行|手机银行|U盾|u盾|K宝|网银盾|USBKey|USBKEY|口令卡|四件套|三件套|五件套|六件套|套卡|(?:工行|农行|建行|中行|交行|招行|邮政|邮储|农信|信用社|农商行?)卡)`;
/** Bank cards proper (no U盾 or kit words): what "连同…" adds to another account handed over. */
const BANK_CARD = String.raw`(?:银行卡|借记卡|储蓄卡|信用卡|银联卡|银行账户|银行帐户|银行账号|银行卡账户|(?:工行|农行|建行|中行|交行|招行|邮政|邮储|农信|信用社|农商行?)卡)`;
/** Corporate accounts. */
export const CORP = String.raw`(?:对公(?:银行)?(?:账户|帐户|账号)|公司(?:银行)?(?:账户|帐户|账号)|企业(?:银行)?(?:账户|帐户)|单位(?:银行)?账户|公户|基本(?:存款)?账户|一般(?:存款)?账户|对公U盾)`;
/** WeChat/Alipay and other payment accounts or collection codes (not a WeChat chat id: that is an internet account). */
export const PAY = String.raw`(?:支付宝(?:账户|账号|帐户|帐号)?|微信(?:支付|钱包|零钱|账户|帐户|收款码|收款账户)|财付通(?:账户)?|云闪付(?:账户)?|收款码|收款二维码|收钱码|付款码|二维码收款|收款账户|第三方支付(?:平台)?(?:账户|账号)|支付账户|聚合支付(?:码|通道)?|POS机|pos机|收款(?:设备|终端))`;
/** Phone cards. */
export const PHONE = String.raw`(?:电话卡|手机卡|手机号卡|SIM卡|sim卡|流量卡|物联网卡|上网卡|号卡|实名卡|电信卡|移动卡|联通卡|手机号码卡|语音卡|短信卡)`;
/** Chat and platform accounts. */
const NETACC = String.raw`(?:微信号|微信账号|微信帐号|QQ号(?:码)?|QQ账号|QQ帐号|qq号|抖音(?:号|账号)|快手(?:号|账号)|淘宝(?:号|账号|店铺)|闲鱼(?:号|账号)|陌陌(?:号|账号)|钉钉(?:号|账号)|探探账号|企业微信(?:号|账号)?|(?:游戏|网络|社交|聊天|直播|电商|网购|即时通讯)(?:平台)?账号|(?:Telegram|telegram|TG|飞机|纸飞机|蝙蝠|WhatsApp|Skype)(?:软件)?(?:账号|号))`;
/** What a broker trades: bank cards or corporate accounts and company papers. */
const BROKERABLE = String.raw`(?:${BANK}|${CORP}|营业执照)`;
/** The people a broker recruits. */
const OTHERS = String.raw`(?:等人|他人|别人|多人|多名|等[0-9一二三四五六七八九十两]+人|[0-9一二三四五六七八九十两]+(?:名|个)?(?:人|学生|村民|男子|女子)|同学|朋友|亲戚|亲友|工友|老乡|村民|学生|在校生|下线|卡农|路人|务工人员)`;
/** Recruiting verbs (rows using them are `notPassive`: "被…招揽", "经…介绍" are excluded after the match). */
const RECRUIT = String.raw`(?:组织|招募|招揽|纠集|纠结|召集|联系|寻找|物色|拉拢|发展|带领|带着|带上|动员|游说|指使|安排|雇佣|雇用|利诱|诱骗|怂恿|劝说|鼓动|教唆|收买|邀约|邀请|找来|找到|叫来|喊来|拉来|介绍)(?![下认])`;
/**
 * After an account was opened, what leads to its handing-over: a sequence word ("办理…后出售"),
 * or a comma with at most a price or a 连同 list before the verb ("办理手机卡6张，以每张100元的价格出售给…").
 */
const THEN_HAND = String.raw`(?:(?:后|并|再|然后|随后|随即|一并)[^。；]{0,10}?|[，,](?:以[^，。；]{0,16}?|连同[^，。；]{0,16}?)?)${HAND}`;
const CARD_VERB = String.raw`(?:出售|出租|出借|提供|办理|开办|开设|开立|申领|售卖|卖|交出|交给)`;

const row = (id: string, re: string, yields: ActYield, needs?: readonly string[]): TableRow<ActYield> => ({ id, re, yields, needs });

/** Literal pre-checks (see TableRow): the account nouns rows end in. */
const BROKERABLE_NEEDS = [BROKERABLE];

/** One row per phrasing. Order only breaks ties between matches at the same position. */
export const ACT_ROWS: TableRow<ActYield>[] = [
  // ---- card brokering (listed first: its spans shield the own-card rows)
  row("zh.acts.card-brokering.buy", String.raw`(?:收购|收买|购买|买入|收集|收来|买来|回收|倒卖|贩卖|转卖|买卖|低买高卖|囤积)(?!(?:了)?(?:其|本人|自己|自身)(?:名下|的|实名))(?:了)?[^，。；]{0,16}?${BROKERABLE}`, { mechanism: "card-brokering", broker: true, notOthers: true }, BROKERABLE_NEEDS),
  row("zh.acts.card-brokering.others-cards", String.raw`${HAND}(?:了)?(?:其)?(?:他人|别人|其他人|多人|亲友|朋友|同学|亲戚|家人|工友|[^，。；]{1,20}?等人)(?:名下|办理|提供|实名)?的?[^，。；]{0,8}?${BROKERABLE}`, { mechanism: "card-brokering", broker: true }, BROKERABLE_NEEDS),
  row("zh.acts.card-brokering.introduce", String.raw`介绍(?![下认给])(?:了)?[^。；]{0,40}?${CARD_VERB}[^，。；]{0,16}?${BROKERABLE}`, { mechanism: "card-brokering", broker: true, notPassive: true }, ["介绍", BROKERABLE]),
  row("zh.acts.card-brokering.recruit", String.raw`${RECRUIT}(?:了)?[^。；]{0,60}?${OTHERS}[^。；]{0,30}?${CARD_VERB}[^，。；]{0,16}?${BROKERABLE}`, { mechanism: "card-brokering", broker: true, notPassive: true }, BROKERABLE_NEEDS),
  // "介绍二人将其本人名下的银行卡出售给上家": the recruited people's own cards (their 其)
  row("zh.acts.card-brokering.recruit-ba", String.raw`${RECRUIT}(?:了)?[^，。；]{0,20}?${OTHERS}[^，。；]{0,6}?(?:将|把)[^。；]{0,30}?${BROKERABLE}[^。；]{0,20}?${HAND}`, { mechanism: "card-brokering", broker: true, notPassive: true }, BROKERABLE_NEEDS),
  // "为上家招揽卖卡人员", "联系办卡的学生": finding the sellers for a dealer
  row("zh.acts.card-brokering.find-sellers", String.raw`${RECRUIT}(?:了)?[^，。；]{0,8}?(?:卖卡|售卡|出售银行卡|出租银行卡|办卡)(?:的)?(?:人员|人|者|学生|村民|群众)`, { mechanism: "card-brokering", broker: true, notPassive: true }, ["卖卡|售卡|出售银行卡|出租银行卡|办卡"]),
  row("zh.acts.card-brokering.open-for-others", String.raw`(?:为|帮|帮助|替|协助|带|代)(?:他人|别人|多人|[^，。；]{1,20}?等人)[^，。；]{0,10}?(?:办理|开办|开设|开立|申领)[^，。；]{0,10}?${BROKERABLE}`, { mechanism: "card-brokering", broker: true }, BROKERABLE_NEEDS),
  row("zh.acts.card-brokering.resell", String.raw`(?:将|把)[^。；，]{0,12}?(?:收购|购买|收集|收来|买来|回收|收取)(?:来)?的[^。；]{0,20}?${BROKERABLE}`, { mechanism: "card-brokering", broker: true }, BROKERABLE_NEEDS),
  // collecting cards for a dealer: "联系卖卡人员，并…收取银行卡5套" (not "收取银行卡内资金", not "收取…租金")
  row("zh.acts.card-brokering.collect", String.raw`(?:收取|代收|揽收)(?!(?:了)?(?:其|本人|自己|自身)(?:名下|的|实名))(?:了)?(?:他人|别人|卖卡人员?)?(?:的)?${BANK}(?![^，。；]{0,6}?(?:内|费|租金|款|报酬|好处|资金))|联系[^，。；]{0,4}?(?:卖卡|售卡|出售银行卡)(?:的)?(?:人员|人|者)`, { mechanism: "card-brokering", broker: true }, ["卖卡|售卡|出售银行卡|" + BANK]),
  row("zh.acts.card-brokering.role", String.raw`(?:担任|作为|充当|系|是|当|成为|做)(?:[^，。；]{0,4})?(?:卡头|卡商|卡贩子?|收卡人)`, { mechanism: "card-brokering", broker: true }, ["卡头|卡商|卡贩|收卡人"]),

  // ---- own bank card
  row("zh.acts.bank-card.hand", String.raw`${HAND}(?:了)?[^，。；]{0,16}?${BANK}`, { mechanism: "bank-card", own: true }, [BANK]),
  row("zh.acts.bank-card.ba-hand", String.raw`${BA_OBJECT}${BANK}[^。；]{0,60}?(?:${HAND}|供(?:他人|对方|上家|上线|[^，。；]{0,8}?)(?:使用|用于))`, { mechanism: "bank-card", own: true }, [BANK]),
  row("zh.acts.bank-card.open-then-hand", String.raw`办理(?:了)?[^。；]{0,20}?${BANK}[^。；]{0,20}?${THEN_HAND}`, { mechanism: "bank-card", own: true }, [BANK]),
  // "将…对公账户1个，连同其本人名下的银行卡2张，出租给他人": cards handed over together with another account
  row("zh.acts.bank-card.together-with", String.raw`连同(?:其)?[^，。；]{0,20}?${BANK_CARD}[^。；]{0,30}?${HAND}`, { mechanism: "bank-card", own: true }, [BANK]),

  // ---- own corporate account
  row("zh.acts.corporate-account.hand", String.raw`${HAND}(?:了)?[^，。；]{0,16}?${CORP}`, { mechanism: "corporate-account", own: true }, [CORP]),
  row("zh.acts.corporate-account.ba-hand", String.raw`${BA_OBJECT}${CORP}[^。；]{0,60}?${HAND}`, { mechanism: "corporate-account", own: true }, [CORP]),
  row("zh.acts.corporate-account.open-then-hand", String.raw`(?:开立|开设|办理|开通|开办|申请)(?:了)?[^。；]{0,20}?${CORP}[^。；]{0,20}?${THEN_HAND}`, { mechanism: "corporate-account", own: true }, [CORP]),
  row("zh.acts.corporate-account.register", String.raw`注册(?:成立|了)?[^。；]{0,30}?公司[^。；]{0,40}?(?:办理|开设|开立|开通|申请)[^。；]{0,15}?(?:对公|公司|企业|基本)(?:银行)?(?:账户|帐户)`, { mechanism: "corporate-account", own: true }, ["(?:对公|公司|企业|基本)(?:银行)?(?:账户|帐户)"]),

  // ---- own payment account
  row("zh.acts.payment-account.hand", String.raw`${HAND}(?:了)?[^，。；]{0,16}?${PAY}`, { mechanism: "payment-account", own: true }, [PAY]),
  row("zh.acts.payment-account.ba-hand", String.raw`${BA_OBJECT}${PAY}[^。；]{0,60}?(?:${HAND}|供(?:他人|对方|上家|上线|[^，。；]{0,8}?)(?:使用|用于))`, { mechanism: "payment-account", own: true }, [PAY]),

  // ---- running points: he received and forwarded the money himself
  row("zh.acts.running-points.paofen", String.raw`跑分|码商`, { mechanism: "running-points", purpose: true }, ["跑分|码商"]),
  row("zh.acts.running-points.receive-forward", String.raw`(?:接收|收取|收到|接受|承接|收款)(?:了)?(?:、|并|和|及|后|再|以及)?[^。；]{0,20}?(?:转移|转出|转走|转至|转到|转给|转汇|划转|汇出|转账(?:至|到|给)|转入(?:其他|他人|指定|上线|下一级|二级|三级))`, { mechanism: "running-points", purpose: true }, ["接收|收取|收到|接受|承接|收款", "转|汇出"]),
  // not when what he did on instruction was verifying or assisting the buyer's own transfer
  // ("按对方要求进行刷脸验证，协助对方转账", "按照对方要求在银行卡转账时进行刷脸验证"): that is cash-out
  row("zh.acts.running-points.on-instruction", String.raw`(?:按照?|根据|听从|依照|依据|遵照)[^，。；]{0,15}?(?:要求|指令|指示|安排|吩咐|指挥)(?:(?!刷脸|验证|认证|协助|配合|帮助|帮忙|帮|取现|取款|提现|取钱)[^。；]){0,40}?(?:转(?:至|到|入|给|出|账|移|走|汇)|汇(?:至|到|入|给|出))(?!时)`, { mechanism: "running-points" }, ["要求|指令|指示|安排|吩咐|指挥", "转|汇"]),
  row("zh.acts.running-points.operate", String.raw`(?:操作|使用|利用|用)(?:其|自己|本人|自身|名下)[^。；]{0,20}?(?:银行卡|账户|帐户|账号|APP|App|app|手机银行|网银|支付宝|微信)[^。；]{0,30}?(?:转(?:至|到|入|给|出|账|移|走)|过账|走账)`, { mechanism: "running-points" }, ["银行卡|账户|帐户|账号|APP|App|app|手机银行|网银|支付宝|微信", "转|过账|走账"]),
  row("zh.acts.running-points.collect-for-others", String.raw`(?:为|帮|帮助|替)(?:他人|对方|上线|上家|[^，。；]{1,10}?)(?:代收|接收|收取)(?:[^，。；]{0,10}?)(?:资金|款项|转账|钱款|赃款)`, { mechanism: "running-points", purpose: true }, ["代收|接收|收取", "资金|款项|转账|钱款|赃款"]),
  row("zh.acts.running-points.move-for-others", String.raw`(?:帮助|帮|为|替|协助)(?:他人|对方|上线|上家|[^，。；]{1,10}?)(?:转移|转出|走账|过账)(?:[^，。；]{0,8}?)(?:资金|款项|赃款|钱款)`, { mechanism: "running-points", purpose: true }, ["转移|转出|走账|过账", "资金|款项|赃款|钱款"]),
  row("zh.acts.running-points.forward-funds", String.raw`(?:将|把)(?:卡内|账户内|转入的|收到的|上述|该|其中的)?[^，。；]{0,10}?(?:资金|款项|钱款|赃款|钱)[^，。；]{0,10}?(?:转至|转到|转入|转给|转出至|汇至|汇入)(?:其他|他人|指定|上线|上家|下一级|二级|三级|对方)`, { mechanism: "running-points" }, ["转至|转到|转入|转给|转出至|汇至|汇入"]),
  row("zh.acts.running-points.launder", String.raw`(?:代收代付|过账|走账|转账洗钱|帮助洗钱|(?<!反)洗钱(?![罪犯]))`, { mechanism: "running-points", purpose: true }, ["代收代付|过账|走账|洗钱"]),

  // ---- cash-out and face verification for the buyer
  row("zh.acts.cash-out.withdraw", String.raw`(?:取现|提现|取款(?!密码|卡|凭条|机|监控|录像|视频|记录|明细|凭证)|取钱|提取现金|支取现金|取出(?:现金|钱款|资金|赃款|现金)|ATM机?(?:上|内)?(?:取|提))`, { mechanism: "cash-out" }, ["取现|提现|取款|取钱|提取现金|支取现金|取出|ATM"]),
  row("zh.acts.cash-out.face", String.raw`刷脸|人脸识别|人脸验证|面部识别|脸部识别|人脸认证|视频认证|人像比对`, { mechanism: "cash-out" }, ["刷脸|人脸|面部识别|脸部识别|视频认证|人像比对"]),
  row("zh.acts.cash-out.assist-transfer", String.raw`(?:帮助|帮忙|帮|协助|配合|替|代为)(?:他人|对方|上线|上家|其|[^，。；]{0,8}?)(?:进行)?(?:转账|汇款|转款|解冻|解封|激活)`, { mechanism: "cash-out", transfer: true }, ["转账|汇款|转款|解冻|解封|激活"]),
  row("zh.acts.cash-out.at-bank", String.raw`(?:到|前往|去)[^，。；]{0,10}?(?:银行|网点|柜台|ATM|取款机)[^，。；]{0,10}?(?:取现|取款|提现|取钱)`, { mechanism: "cash-out" }, ["取现|取款|提现|取钱"]),
  row("zh.acts.cash-out.transfer-at-bank", String.raw`(?:到|前往|去)[^，。；]{0,10}?(?:银行|网点|柜台)[^，。；]{0,10}?(?:转账|汇款)`, { mechanism: "cash-out", transfer: true }, ["转账|汇款"]),
  row("zh.acts.cash-out.verify", String.raw`(?:配合|协助|帮助|帮)(?:(?!实名|注册)[^，。；]){0,10}?(?:身份|人脸|视频)?(?:验证|核验|认证)(?!码)`, { mechanism: "cash-out" }, ["验证|核验|认证"]),
  row("zh.acts.cash-out.accompany", String.raw`陪同[^，。；]{0,15}?(?:到|前往|去)[^，。；]{0,15}?(?:银行|网点|柜台)[^，。；]{0,10}?(?:转账|取现|取款|验证|解冻|办理转账)`, { mechanism: "cash-out" }, ["陪同"]),

  // ---- communication transmission
  row("zh.acts.phone-card.hand", String.raw`${HAND}(?:了)?[^，。；]{0,16}?${PHONE}`, { mechanism: "phone-card", own: true }, [PHONE]),
  row("zh.acts.phone-card.ba-hand", String.raw`${BA_OBJECT}${PHONE}[^。；]{0,60}?${HAND}`, { mechanism: "phone-card", own: true }, [PHONE]),
  row("zh.acts.phone-card.open-then-hand", String.raw`办理(?:了)?[^。；]{0,20}?${PHONE}[^。；]{0,20}?${THEN_HAND}`, { mechanism: "phone-card", own: true }, [PHONE]),
  // not "使用猫池及购买的手机卡" (the cards he bought for his own device are a tool, not the help)
  row("zh.acts.phone-card.broker", String.raw`(?:收购|收买|购买|收集|回收|倒卖|贩卖|转卖|买卖)(?!的)(?:了)?[^，。；]{0,16}?${PHONE}`, { mechanism: "phone-card", notOthers: true }, [PHONE]),
  row("zh.acts.sim-box.device", String.raw`猫池|GOIP|GoIP|Goip|goip|VOIP|VoIP|Voip|voip|黑盒子|多卡宝|络漫宝|语音网关|卡池|多卡多待|多卡机|虚拟拨号(?:设备)?|群呼(?:设备|系统|软件)|短信猫|语音转换设备|秒拨`, { mechanism: "sim-box" }, ["猫池|GOIP|GoIP|Goip|goip|VOIP|VoIP|Voip|voip|黑盒子|多卡|络漫宝|语音网关|卡池|虚拟拨号|群呼|短信猫|语音转换设备|秒拨"]),
  row("zh.acts.sms-verification.platform", String.raw`接码(?:平台|业务|服务|软件|工作室)?`, { mechanism: "sms-verification" }, ["接码"]),
  row("zh.acts.sms-verification.codes", String.raw`(?:接收|提供|转发|出售|发送|告知|回传|报送|收取|获取|代收)(?:了)?[^，。；]{0,12}?(?:短信)?验证码|验证码[^，。；]{0,10}?(?:发送|提供|告知|转发|回传|报)给`, { mechanism: "sms-verification", notWithBankCard: true }, ["验证码"]),
  row("zh.acts.internet-account.hand", String.raw`${HAND}(?:了)?[^，。；]{0,16}?${NETACC}`, { mechanism: "internet-account", own: true }, [NETACC]),
  row("zh.acts.internet-account.ba-hand", String.raw`${BA_OBJECT}${NETACC}[^。；]{0,60}?${HAND}`, { mechanism: "internet-account", own: true }, [NETACC]),
  row("zh.acts.internet-account.register-then-hand", String.raw`(?:注册|申请)(?:了)?[^。；]{0,20}?${NETACC}[^。；]{0,20}?(?:后|并|再|然后|随后|随即)[^。；]{0,10}?${HAND}`, { mechanism: "internet-account", own: true }, [NETACC]),
  row("zh.acts.internet-account.broker", String.raw`(?:收购|收买|购买|收集|倒卖|贩卖|转卖|买卖)(?:了)?[^，。；]{0,16}?${NETACC}`, { mechanism: "internet-account", notOthers: true }, [NETACC]),

  // ---- technical support
  row("zh.acts.server-hosting.server", String.raw`(?:提供|出租|租赁|租用|托管|架设|搭建|维护|运维|管理|购买|代购)(?:了)?[^，。；]{0,12}?(?:服务器|云主机|VPS|vps|机房|IDC|网络存储|存储空间|云存储|CDN|cdn|域名解析|虚拟主机)|服务器托管|托管服务|(?:网络存储|云存储)服务`, { mechanism: "server-hosting" }, ["服务器|云主机|VPS|vps|机房|IDC|网络存储|存储空间|云存储|CDN|cdn|域名解析|虚拟主机|托管"]),
  row("zh.acts.software-development.build", String.raw`(?:开发|编写|制作|搭建|设计|架设|定制|二次开发|编程|维护)(?:了)?[^，。；]{0,12}?(?:网站|网页|APP|App|app|应用程序|程序|软件|源码|源代码|小程序|后台|系统|平台)`, { mechanism: "software-development" }, ["网站|网页|APP|App|app|应用程序|程序|软件|源码|源代码|小程序|后台|系统|平台"]),
  row("zh.acts.network-access.vpn", String.raw`VPN|vpn|翻墙|代理IP|代理ip|IP代理|代理服务器|网络代理|科学上网|(?:互联网|网络)接入|接入服务|(?:提供|出租|出售|架设)[^，。；]{0,8}?(?:宽带|专线|网络线路|跳板|拨号服务)`, { mechanism: "network-access" }, ["VPN|vpn|翻墙|代理|科学上网|接入|宽带|专线|网络线路|跳板|拨号服务"]),

  // ---- advertising and promotion
  row("zh.acts.advertising.publish", String.raw`(?:发布|投放|制作|推送|张贴|刊登|代发|散布|散发)(?:了)?[^，。；]{0,15}?(?:广告|推广信息|推广链接|推广短信|宣传信息)|推广(?:诈骗|赌博|博彩|平台|网站|APP|App|app|软件|链接|二维码|业务|服务)|广告推广|群发[^，。；]{0,10}?短信`, { mechanism: "advertising" }, ["广告|推广|宣传信息|短信"]),
  row("zh.acts.advertising.promote-for", String.raw`为[^，。；]{0,12}?(?:网站|平台|APP|App|app|软件|赌场|博彩)(?:进行)?(?:推广|宣传|招揽(?:会员|赌客|客户))`, { mechanism: "advertising" }, ["推广|宣传|招揽"]),
  row("zh.acts.traffic-diversion.yinliu", String.raw`引流|导流|拉[^，。；]{0,8}?(?:进群|入群)|吸粉`, { mechanism: "traffic-diversion" }, ["引流|导流|进群|入群|吸粉"]),
];

/** A negation right before an act: "未出售", "没有提供", "拒绝出借". */
export const ACT_NEGATION_BEFORE = /(?:未|没有|并未|从未|不曾|不|并非|拒绝|否认)$/;
/** Clause-level context that makes a match someone else's act (the fraudsters', the buyer's). */
export const PASSIVE_OR_PURPOSE_BEFORE = /(?:被|由他人|由对方|供他人|用于|用来|以便)[^，,]{0,6}$/;
/** Victims and fraudsters in a clause: verification codes or ads there are the fraud itself. */
export const FRAUD_SIDE = /被害人|受害人|骗取|骗得|诈骗分子|诈骗团伙|诈骗人员|不法分子/;

/**
 * The court's verdict that the defendant helped (used for `other` when no concrete act is found):
 * "其行为已构成帮助信息网络犯罪活动罪", "为其犯罪提供帮助".
 */
export const HELP_VERDICT = /(?<!不)构成帮助信息网络犯罪活动罪|犯帮助信息网络犯罪活动罪|提供[^。；]{0,20}帮助/;
export const VERDICT_NEGATED = /不构成|不能构成|无罪|不成立/;

// ---------------------------------------------------------------------------------------------
// Instruments: how many of his own cards/accounts the court counts

export type InstrumentField = "bankCards" | "phoneCards" | "paymentAccounts" | "corporateAccounts";
export interface InstrumentYield {
  field: InstrumentField;
}

/** A count: Arabic digits or a Chinese numeral ("十二", "两", "三十六"); parsed with parseChineseNumber. */
const N = String.raw`(?<n>[0-9]{1,4}|[一二两三四五六七八九十百]{1,4})(?:余|多)?`;
const BANK_COUNTED = String.raw`(?:银行卡|借记卡|储蓄卡|银行账户|银行帐户|银行卡账户|四件套|三件套|五件套|套卡|银行卡四件套)`;
const PAY_COUNTED = String.raw`(?:支付宝|微信|财付通|云闪付)(?:支付)?(?:账户|账号|帐户|帐号)?`;
const TOTAL = String.raw`(?:共计|合计|总计|累计|共|计)?`;

const irow = (id: string, re: string, field: InstrumentField, needs: readonly string[]): TableRow<InstrumentYield> => ({ id, re, yields: { field }, needs });

export const INSTRUMENT_ROWS: TableRow<InstrumentYield>[] = [
  irow("zh.instruments.bankCards.n-cards", String.raw`${N}(?:张|套|个|组)(?:其|本人|自己|个人)?(?:名下)?(?:的)?[^，。；、]{0,10}?${BANK_COUNTED}`, "bankCards", [BANK_COUNTED]),
  // "A银行卡、B银行卡各1张": `each` marks a count per listed bank
  irow("zh.instruments.bankCards.cards-n", String.raw`${BANK_COUNTED}[^，。；]{0,14}?(?<each>各)?${TOTAL}${N}(?:张|套|个|组)`, "bankCards", [BANK_COUNTED]),
  irow("zh.instruments.phoneCards.n-cards", String.raw`${N}(?:张|个|套)(?:其|本人|自己|个人)?(?:名下)?(?:的)?[^，。；、]{0,8}?${PHONE}`, "phoneCards", [PHONE]),
  irow("zh.instruments.phoneCards.cards-n", String.raw`${PHONE}[^，。；]{0,10}?${TOTAL}${N}(?:张|个|套)`, "phoneCards", [PHONE]),
  // a count does not reach over 、 to the next item of a list ("微信账户2个、支付宝账户1个")
  irow("zh.instruments.paymentAccounts.n-accounts", String.raw`${N}个(?:其|本人|自己|个人)?(?:名下)?(?:的)?[^，。；、]{0,6}?${PAY_COUNTED}`, "paymentAccounts", [PAY_COUNTED]),
  irow("zh.instruments.paymentAccounts.accounts-n", String.raw`${PAY_COUNTED}[^，。；]{0,8}?${TOTAL}${N}个`, "paymentAccounts", [PAY_COUNTED]),
  irow("zh.instruments.corporateAccounts.n-accounts", String.raw`${N}(?:个|套|家公司的?)(?:其|本人|自己|名下)?(?:的)?[^，。；、]{0,8}?${CORP}`, "corporateAccounts", [CORP]),
  irow("zh.instruments.corporateAccounts.accounts-n", String.raw`${CORP}[^，。；]{0,10}?${TOTAL}${N}(?:个|套)`, "corporateAccounts", [CORP]),
];

/**
 * Bank names in a listing ("工商银行卡、农业银行卡" = 2 cards) when no number is given. The key is
 * the bank, so the same card named twice counts once; abbreviations map to the full key.
 */
export const BANK_NAME_IN_LIST = /(工商|农业|建设|中国|交通|招商|邮政储蓄|邮政|邮储|兴业|浦发|浦东发展|民生|中信|光大|华夏|平安|广发|农村商业|农商|农村信用社?|信用社|村镇|北京|上海|宁波|江苏|南京|杭州|徽商|恒丰|浙商|渤海|包商|哈尔滨|盛京|长沙|成都|重庆|汉口|桂林|柳州|北部湾|贵阳|富滇|齐鲁|锦州|天津|河北|晋商|微众|网商|新网|百信|众邦)银行(?:卡|账户|帐户|借记卡|储蓄卡)|(工行|农行|建行|中行|交行|招行|邮政|农信|农商行?)卡/g;
/** Payment platforms in a listing ("其本人的微信、支付宝账户" = 2 accounts); not a WeChat id, group or chat. */
export const PAY_PLATFORM_IN_LIST = /(微信|支付宝|财付通|云闪付)(?!号|群|聊天|好友|昵称|联系|名)/g;
export const BANK_ABBREVIATION: Record<string, string> = {
  工行: "工商", 农行: "农业", 建行: "建设", 中行: "中国", 交行: "交通", 招行: "招商", 邮政: "邮政储蓄", 邮储: "邮政储蓄",
  农信: "农村信用社", 农商: "农村商业", 农商行: "农村商业", 农村信用: "农村信用社", 信用社: "农村信用社",
};
