import type { CheerioAPI } from "cheerio";

/**
 * Signs that a page is a bot challenge, captcha or login wall instead of the page asked for.
 * Judgments themselves mention 验证码 (selling SMS codes is a typical 帮信 act) and court portals
 * carry login boxes in their headers, so these built-in signs are only looked for when the
 * expected content is missing or the status is an error. A profile's own signs (selectors, and
 * texts in the title or anywhere in the page's text) are site-specific and always checked.
 */
const CHALLENGE_TITLE =
  /验证码|安全验证|人机验证|访问验证|滑动验证|身份验证|安全检查|请登录|用户登录|统一身份认证|captcha|just a moment|attention required|access denied|security check|verify you are human|are you a robot/i;

const CHALLENGE_SELECTORS = [
  "input[type=password]",
  "form[action*=login i]",
  "[id*=captcha i]",
  "[class*=captcha i]",
  "img[src*=captcha i]",
  "img[src*=verifycode i]",
  "img[src*=validatecode i]",
  "img[src*=checkcode i]",
  "iframe[src*=captcha i]",
  "[class*=geetest]",
  "#challenge-form",
  "#cf-challenge-running",
];

const CHALLENGE_TEXTS = [
  "请输入验证码",
  "输入验证码",
  "安全验证",
  "人机验证",
  "滑动验证",
  "拖动滑块",
  "访问过于频繁",
  "请求过于频繁",
  "请先登录",
  "访问验证",
  "Checking your browser",
  "Please enable JavaScript and cookies",
  "Please complete the security check",
];

/** Anti-bot script signatures (Knownsec 加速乐, Cloudflare, Aliyun WAF, Riversecurity 瑞数). */
const CHALLENGE_SCRIPTS = ["__jsl_clearance", "cf_chl_", "challenge-platform", "acw_sc__v2", "$_ts=window"];

export interface ChallengeSigns {
  selectors: string[];
  texts: string[];
}

/** What marks the page as a challenge, for the error reason; null when nothing does. */
export function findChallenge($: CheerioAPI, html: string, profileSigns: ChallengeSigns, expectedContentMissing: boolean): string | null {
  const title = $("title").first().text().trim();
  for (const selector of profileSigns.selectors) {
    if ($(selector).length > 0) return `element ${selector}`;
  }
  const bodyText = $("body").text();
  for (const text of profileSigns.texts) {
    if (title.includes(text) || bodyText.includes(text)) return `"${text}"`;
  }
  if (!expectedContentMissing) return null;
  if (CHALLENGE_TITLE.test(title)) return `title "${title}"`;
  for (const selector of CHALLENGE_SELECTORS) {
    if ($(selector).length > 0) return `element ${selector}`;
  }
  for (const text of CHALLENGE_TEXTS) {
    if (bodyText.includes(text)) return `"${text}"`;
  }
  for (const script of CHALLENGE_SCRIPTS) {
    if (html.includes(script)) return `anti-bot script ${script}`;
  }
  return null;
}
