import { describe, expect, it } from "vitest";
import { normalizeText } from "../pipeline/stages/normalize.js";
import { segmentSections } from "../pipeline/stages/sections.js";
import { extractFactFindings, type FactFindings } from "../extractors/facts.js";

/**
 * Invented judgment snippets (no real document is copied). `doc` wraps facts and reasoning in the
 * usual frame so that sections are found the way they are in full judgments.
 */
interface DocParts {
  names?: string[];
  prosecution?: string;
  facts?: string;
  reasoning?: string;
  charge?: string;
  appendix?: string;
}

function doc(p: DocParts): string {
  const names = p.names ?? ["张某"];
  const charge = p.charge ?? "帮助信息网络犯罪活动罪";
  const parties = names.map((n) => `被告人${n}，男，1995年3月2日出生，汉族，初中文化，无业。`).join(" ");
  const out = [
    "某某省某某市某某区人民法院 刑事判决书 (2022)某0101刑初100号 公诉机关某某市某某区人民检察院。",
    parties,
    `某某市某某区人民检察院以某检刑诉(2022)50号起诉书指控被告人${names.join("、")}犯${charge}，于2022年5月1日向本院提起公诉。本院依法适用简易程序，公开开庭审理了本案。现已审理终结。`,
  ];
  if (p.prosecution) out.push(`公诉机关指控：${p.prosecution}`);
  if (p.facts) out.push(`经审理查明：${p.facts}`);
  out.push("上述事实，有被告人的供述、银行卡交易明细、证人证言等证据证实，足以认定。");
  out.push(`本院认为，${p.reasoning ?? `被告人${names.join("、")}明知他人利用信息网络实施犯罪，仍为其犯罪提供帮助，情节严重，其行为已构成${charge}。`}`);
  out.push(`依照《中华人民共和国刑法》第二百八十七条之二之规定，判决如下： 一、被告人${names[0]}犯${charge}，判处有期徒刑六个月，并处罚金人民币二千元。`);
  out.push("如不服本判决，可在接到判决书的第二日起十日内提出上诉。 审判员 李某 二〇二二年六月一日 书记员 王某");
  if (p.appendix) out.push(`附：相关法律条文 ${p.appendix}`);
  return out.join(" ");
}

function run(text: string, names: string[], units: string[] = []): { res: FactFindings[]; norm: string } {
  const view = normalizeText(text);
  const sections = segmentSections(view.text);
  const defendants = names.map((name) => ({ name, kind: units.includes(name) ? ("unit" as const) : ("person" as const) }));
  return { res: extractFactFindings(view.text, sections, defendants), norm: view.text };
}

interface Expect {
  acts?: string[];
  bankCards?: number | null;
  phoneCards?: number | null;
  paymentAccounts?: number | null;
  corporateAccounts?: number | null;
  settlement?: number | null;
  fraudLinked?: number | null;
  illegalGain?: number | null;
  approx?: { settlement?: boolean; illegalGain?: boolean };
}

interface Row {
  name: string;
  text: string;
  names?: string[];
  /** Names (of `names`) that are 被告单位. */
  units?: string[];
  /** Expectations per defendant (same order as names). */
  want: Expect[];
}

const one = (facts: string, want: Expect, extra: Partial<DocParts> = {}): Omit<Row, "name"> => ({ text: doc({ facts, ...extra }), want: [want] });

const ROWS: Row[] = [
  // ---- own bank cards: the ways courts phrase the handing-over
  { name: "sells own card (将…出售), one named card, gain", ...one("2021年3月，被告人张某明知他人利用信息网络实施犯罪，仍将其名下的中国工商银行卡出售给他人使用，获利人民币800元。", { acts: ["bank-card"], bankCards: 1, illegalGain: 800 }) },
  { name: "rents own card (出租本人名下), rent per month is no gain, 1100万余元 flow", ...one("被告人张某以每月500元的价格将其本人名下中国农业银行卡出租给他人。经查，该卡交易流水合计人民币1100万余元。", { acts: ["bank-card"], illegalGain: null, settlement: 11000000, approx: { settlement: true } }) },
  { name: "lends 四件套: the phone card inside the kit is not a phone-card act", ...one("被告人张某将其办理的银行卡、U盾、手机卡等四件套出借给他人使用。", { acts: ["bank-card"], phoneCards: null }) },
  { name: "provides cards (提供…给他人) with purpose clause: no running-points", ...one("被告人张某为获取好处费，将自己名下的银行卡提供给他人，用于接收、转移电信诈骗资金。", { acts: ["bank-card"] }) },
  { name: "opens cards then sells (办理…后出售), 银行卡及U盾、手机卡共计36套", ...one("2020年至2021年间，被告人张某先后在多家银行办理银行卡及U盾、手机卡共计36套后出售给上家“阿强”。", { acts: ["bank-card"], bankCards: 36, phoneCards: null }) },
  { name: "count in Chinese numerals (十二张)", ...one("被告人张某将其名下十二张银行卡出售给他人，获利共计人民币一万元。", { acts: ["bank-card"], bankCards: 12, illegalGain: 10000 }) },
  { name: "count 两张", ...one("被告人张某将自己办理的两张银行卡提供给他人使用。", { acts: ["bank-card"], bankCards: 2 }) },
  { name: "count after the noun (银行卡12张)", ...one("被告人张某共向他人出售其本人银行卡12张，获利6000元。", { acts: ["bank-card"], bankCards: 12, illegalGain: 6000 }) },
  { name: "listed cards by bank count distinct (工商银行卡、农业银行卡 = 2)", ...one("被告人张某将自己实名办理的工商银行卡、农业银行卡出售给王某(另案处理)，被他人用于实施电信网络诈骗犯罪活动。上述银行卡支付结算金额合计人民币390余万元，涉诈骗金额合计人民币23万余元。", { acts: ["bank-card"], bankCards: 2, settlement: 3900000, fraudLinked: 230000, approx: { settlement: true } }) },
  { name: "passes the card with PIN and phone (交给), 取款密码 is no cash-out, 60万余元 总流水", ...one("被告人张某为了牟利，将名下的中国银行卡(卡号6217****)及取款密码、身份证、手机交给二名陌生男子，用于接收违法资金，获利人民币1000元。经查，被告人张某名下中国银行账户资金总流水共计60万余元。", { acts: ["bank-card"], bankCards: 1, settlement: 600000, illegalGain: 1000 }) },

  // ---- brokering versus own cards
  { name: "own card AND introducing others to sell 8 cards", ...one("被告人张某将自己的建设银行卡出售给赵某(另案处理)。被告人张某还介绍他人先后向赵某出售银行卡共计8张。", { acts: ["bank-card", "card-brokering"], bankCards: 1 }) },
  { name: "buys and resells others' cards: brokering only, no own count", ...one("被告人张某以每张1000元的价格收购他人银行卡，再以每张1500元的价格出售给上家，共计收购银行卡20张，获利1万元。", { acts: ["card-brokering"], bankCards: null, illegalGain: 10000 }) },
  { name: "纠集…等人提供名下银行卡: brokering, their flows are not his", ...one("被告人张某纠集陈某、刘某、周某等人提供名下银行卡，为上线接收、转移电信诈骗所得赃款。上述人员名下银行卡接收转移人民币合计509059.99元，其中，被害人徐某等7人共计转入被骗人民币89968元。被告人张某获得赃款共计人民币2万余元。", { acts: ["card-brokering"], bankCards: null, settlement: null, fraudLinked: null, illegalGain: 20000, approx: { illegalGain: true } }) },
  { name: "卡头 organising students", ...one("被告人张某作为卡头，组织多名在校学生办理银行卡后出售给他人，从中获取好处费人民币2.3万余元。", { acts: ["card-brokering"], bankCards: null, illegalGain: 23000, approx: { illegalGain: true } }) },
  { name: "passive introduction (经他人介绍) is not brokering", ...one("经朋友介绍，被告人张某将其名下银行卡以1500元的价格出售给他人。", { acts: ["bank-card"], illegalGain: 1500 }) },

  // ---- running points, cash-out
  { name: "跑分 with own accounts: running-points only, flow and gain", ...one("被告人张某通过“跑分”平台，使用本人名下银行卡及支付宝账户接收他人转入的资金后，再按照平台指令转至指定账户，流水共计人民币93.9488万元，非法获利2.3万余元。", { acts: ["running-points"], settlement: 939488, illegalGain: 23000 }) },
  { name: "running-points replaces bank-card; per-account flows add up", ...one("被告人张某将自己的中国银行卡提供给李某进行转账。当有进账时，张某都按照李某的要求操作自己的手机银行将钱转到其他人的银行卡内。同时，张某还提供自己的支付宝给李某转账。经核查，张某名下中国银行账户的单边交易流水为716180元；支付宝账户的单边交易流水为326430元，被告人张某非法获利3500元。另查明，被告人张某主动退缴违法所得3,500元。", { acts: ["running-points"], settlement: 1042610, illegalGain: 3500 }) },
  { name: "cash-out on top of bank-card (ATM 取现)", ...one("被告人张某将其名下银行卡出租给他人，并在资金转入后按对方要求到银行ATM机取现后交给对方，获得报酬3000元。", { acts: ["bank-card", "cash-out"], illegalGain: 3000 }) },
  { name: "刷脸验证 for the buyer's transfers", ...one("被告人张某将本人银行卡出售给他人，并多次配合对方进行刷脸验证，帮助对方转账。", { acts: ["bank-card", "cash-out"] }) },
  { name: "the card being withdrawn from by others (被…取现) is not cash-out", ...one("被告人张某将其银行卡出借给他人。该卡内资金随后被他人取现。", { acts: ["bank-card"] }) },

  // ---- other accounts
  { name: "corporate account of a registered company, U盾 belongs to it", ...one("被告人张某注册成立某贸易有限公司并办理对公账户后，将该公司对公账户、U盾等出售给他人，获得好处费人民币5000元。", { acts: ["corporate-account"], bankCards: null, illegalGain: 5000 }) },
  { name: "corporate accounts counted (对公账户3个)", ...one("被告人张某先后注册3家公司并开设对公账户3个，后将上述对公账户出售给他人，获利共计人民币63,500元。", { acts: ["corporate-account"], corporateAccounts: 3, illegalGain: 63500 }) },
  { name: "WeChat and Alipay payment accounts rented out", ...one("被告人张某将其微信账户、支付宝账户出租给他人用于收款，获利3000元。", { acts: ["payment-account"], illegalGain: 3000 }) },
  { name: "collection QR code, 收款金额 through it", ...one("被告人张某将本人的收款二维码提供给他人使用，收款金额共计人民币5965362.34元。", { acts: ["payment-account"], settlement: 5965362.34 }) },

  // ---- communication transmission
  { name: "sells own phone cards, counted, unit price is no gain", ...one("被告人张某将其实名办理的手机卡15张以每张50元的价格出售给他人。", { acts: ["phone-card"], phoneCards: 15, illegalGain: null }) },
  { name: "buys others' phone cards (收购他人电话卡200余张): not his own count", ...one("被告人张某收购他人电话卡200余张后转卖给上家。", { acts: ["phone-card"], phoneCards: null }) },
  { name: "GOIP device", ...one("被告人张某受他人雇佣，在出租屋内架设GOIP设备，插入电话卡供境外人员拨打电话，获利1.5万元。", { acts: ["sim-box"], illegalGain: 15000 }) },
  { name: "接码平台 / verification codes for others", ...one("被告人张某在接码平台注册账号，利用其手机号为他人接收验证码并回传，共获利2000余元。", { acts: ["sms-verification"], illegalGain: 2000 }) },
  { name: "sells WeChat chat accounts (微信号)", ...one("被告人张某将其注册的微信号出售给他人，获利600元。", { acts: ["internet-account"], illegalGain: 600 }) },

  // ---- technical support, advertising
  { name: "server hosting, fee charged", ...one("被告人张某明知他人从事网络赌博，仍为其提供服务器托管服务，收取费用2万元。", { acts: ["server-hosting"], illegalGain: 20000 }) },
  { name: "develops a gambling APP", ...one("被告人张某受他人委托，为其开发赌博APP并维护，获取报酬人民币3万元。", { acts: ["software-development"], illegalGain: 30000 }) },
  { name: "VPN for fraudsters", ...one("被告人张某搭建VPN翻墙服务并出售给境外人员使用。", { acts: ["network-access"] }) },
  { name: "advertising for gambling sites, 推广费", ...one("被告人张某在多个网站上为境外赌博网站发布推广广告，获得推广费1万元。", { acts: ["advertising"], illegalGain: 10000 }) },
  { name: "引流", ...one("被告人张某通过短视频平台为他人引流，将网民拉入微信群，获利人民币5000元。", { acts: ["traffic-diversion"], illegalGain: 5000 }) },
  { name: "other: court finds help but no concrete act", ...one("被告人张某明知他人利用信息网络实施犯罪，仍为其提供帮助。", { acts: ["other"] }) },

  // ---- amounts: shapes, totals, returned money, rates, thresholds
  { name: "单向流入资金 200余万元", ...one("被告人张某将其名下银行卡出售给他人，经查，其名下银行卡单向流入资金共计人民币200余万元。", { acts: ["bank-card"], settlement: 2000000, approx: { settlement: true } }) },
  { name: "per-card flows with a stated total: the total", ...one("被告人张某将其工商银行卡、建设银行卡出租给他人，上述两张银行卡的交易流水分别为人民币50万元、30万元，合计80万元。", { acts: ["bank-card"], bankCards: 2, settlement: 800000 }) },
  { name: "a rate alone is no amount", ...one("被告人张某将其名下银行卡出借给他人，双方约定按转出金额的3.59‰提成。", { acts: ["bank-card"], illegalGain: null }) },
  { name: "returned money only (退缴) is no gain", ...one("被告人张某将其名下银行卡出售给他人。审理期间，被告人张某退缴违法所得5000元。", { acts: ["bank-card"], illegalGain: null }) },
  {
    name: "statutory threshold in the reasoning is no gain",
    text: doc({ facts: "被告人张某将其名下银行卡出售给他人。", reasoning: "根据相关司法解释的规定，违法所得一万元以上的，应当认定为情节严重。被告人张某的行为已构成帮助信息网络犯罪活动罪。" }),
    want: [{ acts: ["bank-card"], illegalGain: null }],
  },
  { name: "defence claim in the reasoning is not read", text: doc({ facts: "被告人张某将其名下银行卡出租给他人。", reasoning: "辩护人提出被告人张某仅获利200元的意见，本院予以采纳。被告人张某的行为已构成帮助信息网络犯罪活动罪。" }), want: [{ acts: ["bank-card"], illegalGain: null }] },

  // ---- attribution
  {
    name: "two defendants with different gains",
    names: ["刘一", "陈二"],
    text: doc({ names: ["刘一", "陈二"], facts: "被告人刘一将其名下农业银行卡出售给他人，获利1000元。被告人陈二将其名下建设银行卡及U盾出租给他人，获利2000元，该卡流水共计30万元。" }),
    want: [
      { acts: ["bank-card"], bankCards: 1, illegalGain: 1000, settlement: null },
      { acts: ["bank-card"], bankCards: 1, illegalGain: 2000, settlement: 300000 },
    ],
  },
  {
    name: "shared total, each defendant's share (其中…分得)",
    names: ["刘一", "陈二"],
    text: doc({ names: ["刘一", "陈二"], facts: "被告人刘一、陈二共同收购他人银行卡后出售给上家，共获利3万元，其中刘一分得2万元，陈二分得1万元。" }),
    want: [
      { acts: ["card-brokering"], illegalGain: 20000 },
      { acts: ["card-brokering"], illegalGain: 10000 },
    ],
  },
  {
    name: "unnamed sentence continues the last named defendant; masked names 张某 vs 张某某",
    names: ["张某", "张某某"],
    text: doc({ names: ["张某", "张某某"], facts: "被告人张某某将其名下银行卡出售给他人。经查，该卡流水共计人民币50万元。被告人张某收购他人银行卡20张后转卖，获利8000元。" }),
    want: [
      { acts: ["card-brokering"], illegalGain: 8000, settlement: null },
      { acts: ["bank-card"], settlement: 500000, illegalGain: null },
    ],
  },
  {
    name: "recruited co-defendant's own card vs the recruiter",
    names: ["刘一", "陈二"],
    text: doc({ names: ["刘一", "陈二"], facts: "被告人刘一介绍被告人陈二出售其名下银行卡给上家，被告人陈二获利1000元，被告人刘一获利300元。" }),
    want: [
      { acts: ["card-brokering"], illegalGain: 300 },
      { acts: ["bank-card"], illegalGain: 1000 },
    ],
  },

  {
    name: "introduced co-defendant is the subject (在被告人甲某的介绍下); 上述银行卡 flow belongs to the cards' owner",
    names: ["甲某", "乙某"],
    text: doc({ names: ["甲某", "乙某"], facts: "被告人甲某将其名下的中国银行卡、工商银行卡出售给上家，经查，上述两张银行卡共计流入资金人民币456万余元，被告人甲某获利6000元。被告人乙某在被告人甲某的介绍下，将其名下的农业银行卡、建设银行卡、邮政储蓄银行卡出售给上家，被告人甲某从中获取介绍费1500元。经查，上述银行卡流入资金共计人民币123万余元。被告人乙某获利6000元。" }),
    want: [
      { acts: ["bank-card"], bankCards: 2, settlement: 4560000, illegalGain: 7500 },
      { acts: ["bank-card"], bankCards: 3, settlement: 1230000, illegalGain: 6000 },
    ],
  },
  {
    name: "card handed to a co-defendant (交给被告人X出售) stays the owner's",
    names: ["刘某某", "刘某"],
    text: doc({ names: ["刘某某", "刘某"], facts: "被告人刘某某收购他人银行卡后出售给上家，获利3万元。被告人刘某将其名下4张银行卡交给被告人刘某某出售，获得好处费2000元。" }),
    want: [
      { acts: ["card-brokering"], illegalGain: 30000, bankCards: null },
      { acts: ["bank-card"], illegalGain: 2000, bankCards: 4 },
    ],
  },
  { name: "counts of one list add up (物联网卡50张、手机卡30张)", ...one("被告人张某将其办理的物联网卡50张、手机卡30张出售给上家，获利人民币3500元。", { acts: ["phone-card"], phoneCards: 80, illegalGain: 3500 }) },
  { name: "per-card flows introduced by 其中 with no total add up", ...one("被告人张某将其本人办理的中国农业银行卡(卡号：622848****)、中国建设银行卡(卡号：621700****)及配套的U盾、手机卡以人民币2000元的价格出售给“小黑”使用。经查，上述银行卡被用于接收电信网络诈骗资金，其中农业银行卡支付结算金额为人民币85万余元，建设银行卡支付结算金额为人民币42万余元；被害人李某被骗资金5万元转入上述银行卡。", { acts: ["bank-card"], bankCards: 2, settlement: 1270000, fraudLinked: 50000, illegalGain: 2000 }) },

  // ---- counts: lists, 各, payment accounts
  { name: "各1张 after a list of banks counts each bank (工商银行卡、农业银行卡各1张 = 2)", ...one("被告人张某将其本人名下的中国工商银行卡、中国农业银行卡各1张，连同绑定的手机卡、U盾以每套800元的价格出售给他人，共计获利1600元。", { acts: ["bank-card"], bankCards: 2, phoneCards: null, illegalGain: 1600 }) },
  { name: "a count does not reach over 、 (微信账户2个、支付宝账户1个 = 3)", ...one("被告人张某将其本人实名认证的微信账户2个、支付宝账户1个出租给他人用于收款，获得租金人民币6000元。", { acts: ["payment-account"], paymentAccounts: 3, illegalGain: 6000 }) },
  { name: "running points through his own cards and a counted WeChat account", ...one("被告人张某按照上线的安排，使用其本人名下银行卡2张及微信账户1个进行“跑分”，即接收上线转入的资金后转至上线指定的账户。经查，上述账户流水共计人民币80万元，被告人张某获利8000元。", { acts: ["running-points"], bankCards: 2, paymentAccounts: 1, settlement: 800000, illegalGain: 8000 }) },
  { name: "payment platforms listed without a count (其本人的微信、支付宝收款码 = 2)", ...one("被告人张某使用其本人的微信、支付宝收款码“跑分”，即接收他人转入的资金后，按照群内指令将资金转入指定账户，获利3000元。", { acts: ["running-points"], paymentAccounts: 2, illegalGain: 3000 }) },
  { name: "农村信用社银行卡: the 用 of 信用社 does not cut the 将… object", ...one("被告人张某将其本人名下的农村信用社银行卡1张出售给他人，获利500元。经查，该银行卡进账流水共计人民币20万元。", { acts: ["bank-card"], bankCards: 1, settlement: 200000, illegalGain: 500 }) },
  { name: "cards handed over together with a corporate account (…，连同其本人名下的银行卡共2张，出租)", ...one("被告人张某将其担任法定代表人的某贸易有限公司的对公账户1个，连同其本人名下的工商银行卡、农业银行卡共2张，出租给他人使用，获利5000元。", { acts: ["corporate-account", "bank-card"], corporateAccounts: 1, bankCards: 2, illegalGain: 5000 }) },
  { name: "corporate accounts opened in the company's name, then rented out with the U盾 (no bank card of his own)", ...one("被告人张某以其担任法定代表人的某贸易有限公司名义，在两家银行开立对公账户共2个，连同U盾一并出租给他人使用，获利2万元。经查，上述对公账户进账资金共计人民币500万余元，其中涉及电信网络诈骗资金人民币30万元。", { acts: ["corporate-account"], corporateAccounts: 2, bankCards: null, settlement: 5000000, fraudLinked: 300000, illegalGain: 20000, approx: { settlement: true } }) },
  { name: "phone cards opened, then sold at a price after a comma (办理手机卡8张，以每张80元的价格出售)", ...one("被告人张某以本人身份证件在营业厅办理手机卡8张，以每张80元的价格出售给他人，共计获利640元。", { acts: ["phone-card"], phoneCards: 8, illegalGain: 640 }) },

  // ---- cash-out versus running points
  { name: "verification on the buyer's instruction, assisting his transfer: bank-card + cash-out, not running points", ...one("被告人张某将其名下的银行卡2张出租给他人使用，并按对方要求多次进行刷脸验证，协助对方转账，获利2000元。", { acts: ["bank-card", "cash-out"], bankCards: 2, illegalGain: 2000 }) },
  { name: "按照对方要求在银行卡转账时进行刷脸验证: the transfer is the buyer's", ...one("被告人张某将其本人名下的银行卡出租给他人，并按照对方要求在银行卡转账时进行刷脸验证，获利1500元。", { acts: ["bank-card", "cash-out"], illegalGain: 1500 }) },
  { name: "an accomplice of a fraud group sent to withdraw the money (诈骗罪): cash-out", ...one("被告人张某受诈骗团伙成员指使，持对方提供的银行卡前往银行网点，欲将卡内诈骗所得钱款取现后交给对方，因该账户已被冻结未能取出。", { acts: ["cash-out"], settlement: null, illegalGain: null }, { charge: "诈骗罪", reasoning: "被告人张某伙同他人以非法占有为目的骗取他人财物，其行为已构成诈骗罪。" }) },

  // ---- brokering
  { name: "collecting cards for a dealer (联系卖卡人员，收取银行卡5套): brokering, none of the cards his own", ...one("被告人张某按照王某(另案处理)的安排，帮助王某联系卖卡人员，并收取银行卡5套后邮寄给王某，从中获得好处费600元。", { acts: ["card-brokering"], bankCards: null, illegalGain: 600 }) },

  // ---- communication transmission
  { name: "GOIP in the purpose of a handing-over is the receiver's device", names: ["刘一", "陈二"], text: doc({ names: ["刘一", "陈二"], facts: "被告人刘一架设GOIP设备，为诈骗团伙拨打诈骗电话提供通讯传输服务。被告人陈二将其本人名下手机卡5张提供给被告人刘一插入GOIP设备使用，获利500元。" }), want: [{ acts: ["sim-box"] }, { acts: ["phone-card"], phoneCards: 5, illegalGain: 500 }] },
  { name: "phone cards bought for his own 猫池 (购买的手机卡) are a tool: sim-box + sms-verification", ...one("被告人张某使用“猫池”设备2台及购买的大量手机卡，在接码平台上注册账号，为他人批量注册网络账号接收短信验证码，获利1万元。", { acts: ["sim-box", "sms-verification"], phoneCards: null, illegalGain: 10000 }) },

  // ---- technical support: a list of fees
  { name: "收取建站费、服务器租用费共计…: the fees of a list", ...one("被告人张某为他人搭建网站，并代为租用境外服务器用于存放网站，收取建站费、服务器租用费共计人民币3万元。", { acts: ["software-development", "server-hosting"], illegalGain: 30000 }) },
  {
    name: "unit crime: the unit and its responsible persons share the acts, the fees stay with the unit",
    names: ["某某网络科技有限公司", "刘一", "陈二"],
    units: ["某某网络科技有限公司"],
    text: doc({
      names: ["刘一", "陈二"],
      facts: "被告单位某某网络科技有限公司经其法定代表人即被告人刘一决定，承接他人业务，由公司技术员即被告人陈二负责为对方开发诈骗APP，并租用服务器提供服务器托管服务。被告单位某某网络科技有限公司共计收取开发费、服务器托管费等费用人民币5万元。",
      reasoning: "被告单位某某网络科技有限公司明知他人利用信息网络实施犯罪，为其犯罪提供技术支持，情节严重，其行为已构成帮助信息网络犯罪活动罪；被告人刘一作为被告单位直接负责的主管人员，被告人陈二作为其他直接责任人员，亦应以帮助信息网络犯罪活动罪追究刑事责任。",
    }),
    want: [
      { acts: ["software-development", "server-hosting"], illegalGain: 50000 },
      { acts: ["software-development", "server-hosting"], illegalGain: null },
      { acts: ["software-development", "server-hosting"], illegalGain: null },
    ],
  },

  // ---- attribution
  {
    name: "names listed after an oblique one are objects too (从被告人A、B等人处收购)",
    names: ["刘一", "陈二", "王三"],
    text: doc({ names: ["刘一", "陈二", "王三"], facts: "被告人刘一先后从被告人陈二、王三及赵某(另案处理)等人处收购银行卡共计10套，再转卖给他人，从中赚取差价共计人民币5000元。被告人陈二将其名下的建设银行卡出售给被告人刘一，获利800元。被告人王三将其名下的农业银行卡出售给被告人刘一，获利600元。" }),
    want: [
      { acts: ["card-brokering"], bankCards: null, illegalGain: 5000 },
      { acts: ["bank-card"], bankCards: 1, illegalGain: 800 },
      { acts: ["bank-card"], bankCards: 1, illegalGain: 600 },
    ],
  },
  {
    name: "按照X的安排，持X提供的银行卡: X is no subject; the withdrawal and the pay are the helper's",
    names: ["刘一", "陈二"],
    text: doc({ names: ["刘一", "陈二"], charge: "掩饰、隐瞒犯罪所得罪", facts: "被告人刘一明知是电信网络诈骗犯罪所得，仍使用其本人名下的银行卡2张接收上线转入的资金，并按照上线的指令将资金转入其他账户，获利1万元。同期，被告人陈二受刘一雇佣，仍按照刘一的安排，持刘一提供的他人银行卡在ATM机取现共计人民币5万元，交给刘一，获得报酬1000元。", reasoning: "被告人刘一、陈二明知是犯罪所得而予以转移，其行为均已构成掩饰、隐瞒犯罪所得罪。" }),
    want: [
      { acts: ["running-points"], bankCards: 2, illegalGain: 10000 },
      { acts: ["cash-out"], bankCards: null, illegalGain: 1000 },
    ],
  },
  {
    name: "分别…提供支付结算、推广引流等帮助 in the reasoning is no act of each; 分别将其名下银行卡出售 is",
    names: ["刘一", "陈二"],
    text: doc({ names: ["刘一", "陈二"], facts: "被告人刘一将其名下银行卡出售给他人，获利1000元。被告人陈二为他人引流，将网民拉入诈骗群，获利2000元。", reasoning: "被告人刘一、陈二明知他人利用信息网络实施犯罪，分别为其犯罪提供支付结算、推广引流等帮助，情节严重，其行为均已构成帮助信息网络犯罪活动罪。" }),
    want: [{ acts: ["bank-card"], illegalGain: 1000 }, { acts: ["traffic-diversion"], illegalGain: 2000 }],
  },
  {
    name: "分别将其名下银行卡出售: each of them did it",
    names: ["刘一", "陈二"],
    text: doc({ names: ["刘一", "陈二"], facts: "被告人刘一、陈二分别将其名下的银行卡出售给他人。" }),
    want: [{ acts: ["bank-card"] }, { acts: ["bank-card"] }],
  },

  // ---- what the defendant knew (明知…的情况下) is the others' doing, not his
  { name: "明知他人收购银行卡…的情况下，仍将其本人名下的2张银行卡出售: own cards, no brokering, counted", ...one("2022年3月，被告人张某在明知他人收购银行卡用于实施信息网络犯罪的情况下，仍将其本人名下的2张银行卡及配套U盾出售给他人，获利人民币1000元。", { acts: ["bank-card"], bankCards: 2, illegalGain: 1000 }) },
  { name: "others' trading is not his (有人收购银行卡…卖给收购银行卡的男子)", ...one("被告人张某在微信群看到有人收购银行卡，遂将其名下的农业银行卡卖给收购银行卡的男子，获利500元。", { acts: ["bank-card"], bankCards: 1, illegalGain: 500 }) },
  { name: "recruiting words before his own handing-over (联系他人后，将其本人办理的银行卡出售) are no brokering", ...one("被告人张某在网上联系他人后，将其本人办理的银行卡出售给对方，获利500元。", { acts: ["bank-card"], illegalGain: 500 }) },
  { name: "introduced by someone else (由朋友介绍) is no brokering", ...one("被告人张某由朋友介绍出售其本人名下的建设银行卡给上家，获利800元。", { acts: ["bank-card"], bankCards: 1, illegalGain: 800 }) },
  {
    name: "brokers' phrasings: 收来他人银行卡…卖给上家; 招揽卖卡人员; 介绍二人将其本人名下的银行卡出售",
    names: ["刘一", "陈二", "王三"],
    text: doc({ names: ["刘一", "陈二", "王三"], facts: "被告人刘一以每套300元的价格收来他人银行卡10套，再以每套500元卖给上家，获利2000元。被告人陈二为上家招揽卖卡人员，从中获利3000元。被告人王三联系其同学李某、赵某，介绍二人将其本人名下的银行卡出售给上家，获利600元。" }),
    want: [
      { acts: ["card-brokering"], bankCards: null, illegalGain: 2000 },
      { acts: ["card-brokering"], bankCards: null, illegalGain: 3000 },
      { acts: ["card-brokering"], bankCards: null, illegalGain: 600 },
    ],
  },
  {
    name: "a defendant named inside 明知… is not the subject after it; the buyer (向X出售) is not the recruited",
    names: ["刘一", "陈二"],
    text: doc({ names: ["刘一", "陈二"], facts: "被告人陈二以每套500元的价格收购他人银行卡后加价转卖给上家，获利人民币5000元。被告人刘一在明知陈二收购银行卡用于信息网络犯罪的情况下，仍多次介绍其朋友向陈二出售银行卡，每张卡获利100元。" }),
    want: [
      { acts: ["card-brokering"], bankCards: null, illegalGain: null },
      { acts: ["card-brokering"], bankCards: null, illegalGain: 5000 },
    ],
  },
  { name: "the act of a prior record (曾于…因出售银行卡被行政拘留) is not an act of this case", ...one("被告人张某以本人身份信息办理手机卡10张后出售给他人，获利800元。另查明，被告人张某曾于2020年因出售银行卡被公安机关行政拘留十日。", { acts: ["phone-card"], phoneCards: 10, bankCards: null, illegalGain: 800 }, { reasoning: "被告人张某明知他人利用信息网络实施犯罪，仍为其犯罪提供通讯传输帮助，且二年内曾因出售银行卡受过行政处罚，情节严重，其行为已构成帮助信息网络犯罪活动罪。" }) },
  { name: "a WeChat account lent to collect money (微信账号…用于收款) is a payment account; its inflow is the settlement", ...one("被告人张某将其实名认证的微信账号出借给他人用于收款，即将该微信账号交由他人登录使用，获利1500元。经查，该微信账号流入资金共计人民币12万元。", { acts: ["payment-account"], settlement: 120000, illegalGain: 1500 }) },
  { name: "phone cards counted apart from the bank cards (手机卡6张、银行卡3张) are an act of their own", ...one("被告人张某以本人身份信息实名办理手机卡6张、银行卡3张后出售给他人，获利2000元。", { acts: ["bank-card", "phone-card"], bankCards: 3, phoneCards: 6, illegalGain: 2000 }) },
  { name: "a part of the indictment the court rejects (关于公诉机关指控…不予认定) is not read", ...one("被告人张某将其名下银行卡出租给他人，获利500元。经查，该卡流水共计人民币40万元。关于公诉机关指控被告人张某在ATM机取现3万元、该卡流水共计120万元的事实，经查，现有证据不足以证实，本院不予认定。", { acts: ["bank-card"], settlement: 400000, illegalGain: 500 }) },
  { name: "the court's corrected figure inside the rejection (…证据不足，本院认定支付结算金额为80万元)", ...one("被告人张某将其名下银行卡出租给他人，获利300元。公诉机关指控该卡支付结算金额为120万元，经查，证据不足，本院认定支付结算金额为80万元。", { acts: ["bank-card"], settlement: 800000, illegalGain: 300 }) },
  { name: "a sentence opening with someone dealt with elsewhere by full name (李强（另案处理）… 李强将…获利) is his", ...one("被告人张某将其名下银行卡出售给李强（另案处理），获利2000元。李强将收购的银行卡转卖给他人，获利1万元。", { acts: ["bank-card"], illegalGain: 2000 }) },
  { name: "a claim rejected in the next sentence (公诉机关指控…取现5万元。经查，…该部分事实不能认定) is not read; 取款监控 is no withdrawal", ...one("被告人张某将其名下银行卡出租给他人，获利500元。公诉机关指控被告人张某在ATM机取现5万元。经查，取款监控视频模糊，该部分事实不能认定。", { acts: ["bank-card"], illegalGain: 500 }) },
  { name: "a prior record stated as 曾有…被行政处罚 is no act of this case", ...one("被告人张某以本人身份信息办理手机卡10张后出售给他人，获利800元。被告人张某此前曾有出租银行卡被行政处罚的记录。", { acts: ["phone-card"], phoneCards: 10, illegalGain: 800 }) },
  { name: "a sentence about someone else (王某将收购的银行卡转卖…从中获利) is not the defendant's", ...one("被告人张某将其名下2张银行卡出售给王某（另案处理），获利3000元。王某将收购的银行卡转卖给他人，从中获利2万元。", { acts: ["bank-card"], bankCards: 2, illegalGain: 3000 }) },
  { name: "the court's summing-up (综上，…共计) over per-episode figures; 上述两张银行卡 counts the cards handed over", ...one("（一）被告人张某将其名下工商银行卡出售给他人，获利1000元。经查，该卡支付结算金额共计人民币30万元。（二）被告人张某将其名下长安银行卡提供给上家使用，并按上家要求到ATM机取现，共计转移资金10万余元，获利2000元。综上，被告人张某名下上述两张银行卡支付结算金额共计人民币45万元，共计获利3000元。", { acts: ["bank-card", "cash-out"], bankCards: 2, settlement: 450000, illegalGain: 3000 }) },
  { name: "withdrawing on instruction (按上家要求到ATM机取现，共计转移资金…) is cash-out, not running points", ...one("被告人张某将其名下银行卡提供给上家使用，并按上家要求多次到ATM机取现，共计转移资金人民币8万元，获利1200元。", { acts: ["bank-card", "cash-out"], illegalGain: 1200 }) },
  { name: "a count referring back (上述两张银行卡) to cards of a bank the list does not know", ...one("被告人张某将其名下的长安银行卡、富滇银行卡出租给他人使用，约定每张卡每月租金500元，共获利2000元。经查，上述两张银行卡进账流水共计人民币50万元。", { acts: ["bank-card"], bankCards: 2, settlement: 500000, illegalGain: 2000 }) },
  {
    name: "the only unit referred to as 被告单位 without its name keeps its fee",
    names: ["某某网络科技有限公司", "刘一", "陈二"],
    units: ["某某网络科技有限公司"],
    text: doc({
      names: ["刘一", "陈二"],
      facts: "被告单位某某网络科技有限公司经其法定代表人即被告人刘一决定，为赌博网站提供服务器托管服务，并由被告人陈二负责维护服务器。其间，被告单位共收取服务费人民币18万元。",
      reasoning: "被告单位某某网络科技有限公司明知他人利用信息网络实施犯罪，为其犯罪提供技术支持，情节严重，其行为已构成帮助信息网络犯罪活动罪；被告人刘一作为被告单位直接负责的主管人员，被告人陈二作为其他直接责任人员，亦应以帮助信息网络犯罪活动罪追究刑事责任。",
    }),
    want: [
      { acts: ["server-hosting"], illegalGain: 180000 },
      { acts: ["server-hosting"], illegalGain: null },
      { acts: ["server-hosting"], illegalGain: null },
    ],
  },
  {
    name: "a unit named by its short name (星河公司) keeps its fee; the employee named before gets none",
    names: ["广州市星河网络科技有限公司", "刘一", "陈二"],
    units: ["广州市星河网络科技有限公司"],
    text: doc({
      names: ["刘一", "陈二"],
      facts: "被告单位广州市星河网络科技有限公司经其法定代表人即被告人刘一决定，为赌博网站提供服务器托管服务，并由被告人陈二负责维护服务器。其间，星河公司收取服务费共计人民币10万元。",
      reasoning: "被告单位广州市星河网络科技有限公司明知他人利用信息网络实施犯罪，为其犯罪提供技术支持，情节严重，其行为已构成帮助信息网络犯罪活动罪；被告人刘一作为被告单位直接负责的主管人员，被告人陈二作为其他直接责任人员，亦应以帮助信息网络犯罪活动罪追究刑事责任。",
    }),
    want: [
      { acts: ["server-hosting"], illegalGain: 100000 },
      { acts: ["server-hosting"], illegalGain: null },
      { acts: ["server-hosting"], illegalGain: null },
    ],
  },

  { name: "a negated act (未出售) is not an act", ...one("被告人张某将其名下银行卡出租给他人使用，但未出售其本人的手机卡。", { acts: ["bank-card"] }) },

  // ---- where to read
  {
    name: "findings added after the evidence list (另查明) are read, the evidence list is not",
    text: doc({ facts: "被告人张某将其名下银行卡出售给他人。" }).replace("本院认为", "另查明，被告人张某出售银行卡获利2000元，经查，该卡流水共计人民币50万元。 本院认为"),
    want: [{ acts: ["bank-card"], illegalGain: 2000, settlement: 500000 }],
  },
  {
    name: "prosecution-only document adopted by the court",
    text: doc({ prosecution: "2021年5月，被告人张某将其名下的邮政储蓄银行卡出售给他人，获利500元。", facts: undefined }),
    want: [{ acts: ["bank-card"], bankCards: 1, illegalGain: 500 }],
  },
  {
    name: "court's figure over the prosecution's",
    text: doc({ prosecution: "被告人张某将其名下银行卡出售给他人，获利2000元。", facts: "被告人张某将其名下银行卡出售给他人，获利1500元。" }),
    want: [{ acts: ["bank-card"], illegalGain: 1500 }],
  },
  {
    name: "appeal: 原判认定 facts are read",
    text: [
      "某某市中级人民法院 刑事判决书 (2022)某01刑终10号 原公诉机关某某区人民检察院。 上诉人(原审被告人)张某，男，1990年出生。",
      "某某区人民法院审理某某区人民检察院指控原审被告人张某犯帮助信息网络犯罪活动罪一案，于2022年1月1日作出刑事判决。原审被告人张某不服，提出上诉。",
      "原判认定：被告人张某将其名下银行卡出售给他人，获利1万元。经二审审理查明的事实与一审相同。",
      "本院认为，上诉人张某的行为已构成帮助信息网络犯罪活动罪。依照《中华人民共和国刑事诉讼法》之规定，判决如下：驳回上诉，维持原判。本判决为终审判决。",
    ].join(" "),
    want: [{ acts: ["bank-card"], illegalGain: 10000 }],
  },
  {
    name: "theft case: money mentioned, nothing read",
    text: doc({ charge: "盗窃罪", facts: "被告人张某盗窃被害人手机一部，价值3000元，后以800元的价格卖给他人，获利800元。", reasoning: "被告人张某以非法占有为目的，秘密窃取他人财物，数额较大，其行为已构成盗窃罪。" }),
    want: [{ acts: [], bankCards: null, settlement: null, illegalGain: null, fraudLinked: null }],
  },
  {
    name: "fraud case whose appendix quotes 支付结算 statute text: nothing read",
    text: doc({ charge: "诈骗罪", facts: "被告人张某冒充客服骗取被害人钱款共计2万元，获利2万元。", reasoning: "被告人张某以非法占有为目的，骗取他人财物，其行为已构成诈骗罪。", appendix: "《中华人民共和国刑法》第二百八十七条之二 明知他人利用信息网络实施犯罪，为其犯罪提供互联网接入、服务器托管、网络存储、通讯传输等技术支持，或者提供广告推广、支付结算等帮助，情节严重的，处三年以下有期徒刑或者拘役。出售银行卡的，依照前款规定处罚。" }),
    want: [{ acts: [], settlement: null, illegalGain: null }],
  },
  {
    name: "帮信 case: statute text in the appendix adds no act",
    text: doc({ facts: "被告人张某将其名下银行卡出售给他人，获利700元。", appendix: "第二百八十七条之二 明知他人利用信息网络实施犯罪，为其犯罪提供互联网接入、服务器托管、网络存储、通讯传输等技术支持，或者提供广告推广、支付结算等帮助，情节严重的，处三年以下有期徒刑或者拘役，并处或者单处罚金。" }),
    want: [{ acts: ["bank-card"], illegalGain: 700 }],
  },
  {
    name: "concealment judgment about telecom fraud without the words 帮助信息网络: still read",
    text: doc({ charge: "掩饰、隐瞒犯罪所得罪", facts: "被告人张某明知是电信诈骗犯罪所得，仍使用其名下银行卡接收诈骗资金后，按照上线要求转至他人账户，并多次到ATM机取现交给上线。经查，其名下银行卡转入资金共计人民币30万余元，被告人张某获得好处费3000元。", reasoning: "被告人张某明知是犯罪所得而予以转移，其行为已构成掩饰、隐瞒犯罪所得罪。" }),
    want: [{ acts: ["running-points", "cash-out"], settlement: 300000, illegalGain: 3000 }],
  },
];

describe("extractFactFindings", () => {
  it.each(ROWS)("$name", (row) => {
    const names = row.names ?? ["张某"];
    const { res } = run(row.text, names, row.units);
    expect(res).toHaveLength(names.length);
    row.want.forEach((w, i) => {
      const r = res[i];
      if (w.acts !== undefined) expect(r.acts.map((a) => a.value.mechanism).sort()).toEqual([...w.acts].sort());
      for (const f of ["bankCards", "phoneCards", "paymentAccounts", "corporateAccounts"] as const) {
        if (w[f] !== undefined) expect(r.instruments[f]?.value ?? null, f).toBe(w[f]);
      }
      for (const f of ["settlement", "fraudLinked", "illegalGain"] as const) {
        if (w[f] !== undefined) expect(r.amounts[f]?.value.yuan ?? null, f).toBe(w[f]);
      }
      if (w.approx?.settlement !== undefined) expect(r.amounts.settlement?.value.approx).toBe(w.approx.settlement);
      if (w.approx?.illegalGain !== undefined) expect(r.amounts.illegalGain?.value.approx).toBe(w.approx.illegalGain);
    });
  });

  it("gives every value a span inside the text and a rule id of its family", () => {
    const text = doc({ facts: "被告人张某将其名下十二张银行卡出售给他人，获利共计人民币一万元，上述银行卡支付结算金额合计人民币390余万元。" });
    const { res, norm } = run(text, ["张某"]);
    const r = res[0];
    expect(r.acts[0].rule).toMatch(/^zh\.acts\.bank-card\./);
    expect(norm.slice(r.acts[0].start, r.acts[0].end)).toContain("银行卡");
    expect(r.instruments.bankCards?.rule).toMatch(/^zh\.instruments\.bankCards\./);
    expect(norm.slice(r.instruments.bankCards!.start, r.instruments.bankCards!.end)).toContain("十二张");
    expect(r.amounts.settlement?.rule).toMatch(/^zh\.amounts\.settlement\./);
    expect(norm.slice(r.amounts.settlement!.start, r.amounts.settlement!.end)).toContain("390余万元");
    expect(r.amounts.settlement?.value).toEqual({ yuan: 3900000, approx: true });
    expect(norm.slice(r.amounts.illegalGain!.start, r.amounts.illegalGain!.end)).toContain("一万元");
  });

  it("returns one empty finding per defendant for documents without sections or names", () => {
    expect(extractFactFindings("", [], [{ name: "张某", kind: "person" }])).toEqual([
      { acts: [], instruments: { bankCards: null, phoneCards: null, paymentAccounts: null, corporateAccounts: null }, amounts: { settlement: null, fraudLinked: null, illegalGain: null } },
    ]);
    expect(extractFactFindings("被告人张某将其名下银行卡出售给他人。", [], [])).toEqual([]);
  });

  it("is fast on long unrelated documents (gate)", () => {
    const text = doc({ charge: "盗窃罪", facts: "被告人张某盗窃财物。".repeat(2000), reasoning: "被告人张某以非法占有为目的，秘密窃取他人财物，其行为已构成盗窃罪。" });
    const view = normalizeText(text);
    const sections = segmentSections(view.text);
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) extractFactFindings(view.text, sections, [{ name: "张某", kind: "person" }]);
    expect((performance.now() - t0) / 200).toBeLessThan(5);
  });
});
