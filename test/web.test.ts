/**
 * The polite fetcher and crawler against fixture sites on 127.0.0.1: failures of every kind a
 * court website produces, robots.txt, the rate limit as the server measured it, Retry-After.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import type { SourceDocument, SourceItem } from "../pipeline/sources/types.js";
import {
  cachedSiteDocuments,
  CrawlSession,
  crawlSite,
  parseRetryAfter,
  PoliteFetcher,
  ResponseCache,
  SiteProfileSchema,
  type SiteProfile,
} from "../pipeline/web/index.js";
import {
  endless,
  FixtureServer,
  fixturePage,
  listingHtml,
  page,
  pageBytes,
  redirect,
  sequence,
  slow,
  status,
  truncated,
  type Handler,
  type StreamReport,
} from "./fixtures/sites/server.js";
import { useFixtureSites } from "./fixtures/sites/suite.js";

const UA = "bangxin/0.1.0 (+https://example.org/bangxin/contact)";
const ROBOTS = "User-agent: *\nDisallow: /private/\n";
/** Server-side spacing may come out this much under the interval (clock and scheduling granularity). */
const TOLERANCE_MS = 5;

const sha256 = (data: Uint8Array) => "sha256:" + createHash("sha256").update(data).digest("hex");

const sites = useFixtureSites("bangxin-web-");
const { serve } = sites;
const newCacheDir = (): string => sites.newDir();

/** A profile for the cpws fixture markup, fast enough for tests. */
function profileFor(startUrls: string[], politeness: Record<string, number> = {}, extra: Record<string, unknown> = {}): SiteProfile {
  return SiteProfileSchema.parse({
    name: "fixture",
    startUrls,
    listing: { documentLinks: "ul.list-wenshu li a.title", nextPage: "div.page a:contains('下一页')" },
    document: { content: "div#zhengwen", id: { selector: "meta[name='ContentId']", attribute: "content" } },
    politeness: { requestsPerSecond: 20, concurrency: 1, timeoutMs: 300, maxRetries: 1, backoffBaseMs: 20, maxBodyBytes: 64 * 1024, ...politeness },
    ...extra,
  });
}

async function crawl(profile: SiteProfile, options: Partial<Parameters<typeof crawlSite>[1]> = {}): Promise<{ items: SourceItem[]; log: string[] }> {
  const log: string[] = [];
  const items: SourceItem[] = [];
  for await (const item of crawlSite(profile, { cacheDir: newCacheDir(), userAgent: UA, log: (line) => log.push(line), ...options })) items.push(item);
  return { items, log };
}

function byUri(items: SourceItem[]): Map<string, SourceItem> {
  const map = new Map<string, SourceItem>();
  for (const item of items) map.set(item.kind === "doc" ? item.doc.uri : item.uri, item);
  return map;
}

function docAt(items: Map<string, SourceItem>, uri: string): SourceDocument {
  const item = items.get(uri);
  expect(item?.kind, uri).toBe("doc");
  return (item as { kind: "doc"; doc: SourceDocument }).doc;
}

/** Linux's largest TCP send buffer (tcp_wmem's maximum); its default, 4 MB, elsewhere. */
function tcpSendBufferMax(): number {
  try {
    return Number(readFileSync("/proc/sys/net/ipv4/tcp_wmem", "utf8").trim().split(/\s+/)[2]);
  } catch {
    return 4 * 1024 * 1024;
  }
}

function expectMinimumGaps(server: FixtureServer, intervalMs: number, from = 0): void {
  const gaps = server.gaps(from);
  expect(gaps.length).toBeGreaterThan(0);
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(intervalMs - TOLERANCE_MS);
}

const J512 = fixturePage("cpws", "t20220621_512.html");
const J1034 = fixturePage("cpws", "t20220916_1034.html");
const J2187 = fixturePage("cpws", "t20230911_2187.html");
const J876 = fixturePage("cpws", "t20230518_876.html");
const MALFORMED = fixturePage("cpws", "t20220530_655.html");
const GB18030_PAGE = fixturePage("misc", "gb18030-3321.html");

describe("one crawl through every kind of failure", () => {
  const other: { server?: FixtureServer } = {};
  const huge: StreamReport = { bytesWritten: 0, finished: false };
  let server: FixtureServer;
  let items: Map<string, SourceItem>;
  let itemList: SourceItem[];
  let log: string[];
  let started: number;
  let o: string;

  const links = [
    "/t/flaky.html",
    "/t/limited.html",
    "/t/slow.html",
    "/t/truncated.html",
    "/t/gb18030.html",
    "/t/loop-a.html",
    "/t/moved-away.html",
    "/t/huge.html",
    "/t/huge-declared.html",
    "/t/malformed.html",
    "/private/t1.html",
    "/t/captcha.html",
    "/t/waf.html",
    "/t/gone.html",
    "/t/login-wall.html",
    "/t/flaky.html", // listed twice on one page: one item
  ];

  beforeAll(async () => {
    other.server = await serve({ "/cpws/t20220621_512.html": page(J512) });
    const j876 = Buffer.from(J876, "utf8");
    server = await serve({
      "/robots.txt": page(ROBOTS, { contentType: "text/plain" }),
      "/t/list.html": page(() => listingHtml([...links, `${other.server!.origin}/cpws/t20220621_512.html`])),
      "/t/flaky.html": sequence(status(500, {}, "<h1>500 Internal Server Error</h1>"), page(J512)),
      "/t/limited.html": sequence(status(429, { "Retry-After": "1" }, "<p>Too Many Requests</p>"), page(J1034)),
      "/t/slow.html": slow(1_000, page(J2187)),
      "/t/truncated.html": truncated(j876.subarray(0, 1000), j876.length),
      "/t/gb18030.html": page(GB18030_PAGE, { encoding: "gb18030", contentType: "text/html; charset=GB18030" }),
      "/t/loop-a.html": redirect("/t/loop-b.html"),
      "/t/loop-b.html": redirect("/t/loop-a.html", 301),
      "/t/moved-away.html": redirect(() => `${other.server!.origin}/cpws/t20220621_512.html`),
      "/t/huge.html": endless(huge, 32 * 1024 * 1024),
      "/t/huge-declared.html": (_req, res) => {
        res.writeHead(200, { "Content-Type": "text/html", "Content-Length": "10000000" });
        res.write(Buffer.alloc(1024, "x"));
      },
      "/t/malformed.html": page(MALFORMED),
      "/private/t1.html": page(J512),
      "/t/captcha.html": page(fixturePage("misc", "captcha.html")),
      "/t/waf.html": status(403, {}, fixturePage("misc", "waf-403.html")),
      "/t/login-wall.html": redirect("/member/login.html"),
      "/member/login.html": page(fixturePage("misc", "login.html")),
    });
    o = server.origin;
    started = Date.now();
    ({ items: itemList, log } = await crawl(profileFor([`${o}/t/list.html`])));
    items = byUri(itemList);
  });

  it("yields one item per listed link, in listing order, and nothing else", () => {
    expect(itemList.map((item) => (item.kind === "doc" ? item.doc.uri : item.uri))).toEqual([
      `${o}/t/flaky.html`,
      `${o}/t/limited.html`,
      `${o}/t/slow.html`,
      `${o}/t/truncated.html`,
      `${o}/t/gb18030.html`,
      `${o}/t/loop-a.html`,
      `${o}/t/moved-away.html`,
      `${o}/t/huge.html`,
      `${o}/t/huge-declared.html`,
      `${o}/t/malformed.html`,
      `${o}/private/t1.html`,
      `${o}/t/captcha.html`,
      `${o}/t/waf.html`,
      `${o}/t/gone.html`,
      `${o}/t/login-wall.html`,
      `${other.server!.origin}/cpws/t20220621_512.html`,
    ]);
  });

  it("first requests go out in listing order; redirects and retries queue behind them", () => {
    const firstRequests = [...new Set(server.requests.map((r) => r.path))];
    expect(firstRequests.slice(0, 16)).toEqual([
      "/robots.txt",
      "/t/list.html",
      "/t/flaky.html",
      "/t/limited.html",
      "/t/slow.html",
      "/t/truncated.html",
      "/t/gb18030.html",
      "/t/loop-a.html",
      "/t/moved-away.html",
      "/t/huge.html",
      "/t/huge-declared.html",
      "/t/malformed.html",
      "/t/captcha.html",
      "/t/waf.html",
      "/t/gone.html",
      "/t/login-wall.html",
    ]);
    expect(firstRequests.slice(16).sort()).toEqual(["/member/login.html", "/t/loop-b.html"]);
  });

  it("500 then success: retried once, the document delivered", () => {
    expect(server.requestsTo("/t/flaky.html").length).toBe(2);
    const doc = docAt(items, `${o}/t/flaky.html`);
    expect(doc.id).toBe("1358021");
    expect(doc.format).toBe("html");
    expect(doc.encoding).toBe("utf8");
    expect(doc.contentHash).toBe(sha256(Buffer.from(J512, "utf8")));
    expect(doc.text.split("\n").slice(0, 3)).toEqual(["浙江省杭州市余杭区人民法院", "刑 事 判 决 书", "（2022）浙0110刑初512号"]);
    expect(Date.parse(doc.fetchedAt!)).toBeGreaterThanOrEqual(started);
    expect(Date.parse(doc.fetchedAt!)).toBeLessThanOrEqual(Date.now());
    expect(log.some((line) => line.startsWith(`retry 1/1 ${o}/t/flaky.html in `) && line.endsWith(": HTTP 500 Internal Server Error"))).toBe(true);
  });

  it("429 with Retry-After: 1 pauses the whole host for a second, then succeeds", () => {
    const [limited, retried] = server.requestsTo("/t/limited.html");
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(1000 - TOLERANCE_MS);
    const during = server.requests.filter((r) => r.at > limited.at && r.at < limited.at + 1000 - TOLERANCE_MS);
    expect(during).toEqual([]);
    expect(docAt(items, `${o}/t/limited.html`).text).toContain("被告人刘某犯帮助信息网络犯罪活动罪，判处有期徒刑六个月，缓刑一年");
    expect(log).toContain(`retry 1/1 ${o}/t/limited.html in 1000 ms: HTTP 429 Too Many Requests`);
  });

  it("a response slower than the timeout: both attempts time out", () => {
    expect(items.get(`${o}/t/slow.html`)).toEqual({
      kind: "error",
      uri: `${o}/t/slow.html`,
      reason: "timed out after 300 ms (gave up after 2 attempts)",
      stage: "read",
    });
    expect(server.requestsTo("/t/slow.html").length).toBe(2);
  });

  it("a truncated body (Content-Length larger than what was sent)", () => {
    const length = Buffer.byteLength(J876, "utf8");
    expect(items.get(`${o}/t/truncated.html`)).toEqual({
      kind: "error",
      uri: `${o}/t/truncated.html`,
      reason: `truncated body: connection closed after 1000 of ${length} bytes (gave up after 2 attempts)`,
      stage: "read",
    });
  });

  it("a GB18030 page (charset in the Content-Type header, a character outside GBK)", () => {
    const doc = docAt(items, `${o}/t/gb18030.html`);
    expect(doc.encoding).toBe("gb18030");
    expect(doc.contentHash).toBe(sha256(pageBytes(GB18030_PAGE, "gb18030")));
    expect(doc.text.split("\n")[4]).toBe(
      "被告人刘䶮，男，1995年10月8日出生，汉族，初中文化，无业，户籍地广东省梅州市梅江区。因涉嫌犯帮助信息网络犯罪活动罪于2023年3月14日被刑事拘留，同年4月19日被逮捕。",
    );
    expect(doc.id).toBe("1372210");
  });

  it("a redirect loop", () => {
    expect(items.get(`${o}/t/loop-a.html`)).toEqual({
      kind: "error",
      uri: `${o}/t/loop-a.html`,
      reason: `redirect loop: ${o}/t/loop-a.html → ${o}/t/loop-b.html → ${o}/t/loop-a.html`,
      stage: "read",
    });
  });

  it("a redirect to another host is refused without connecting to it", () => {
    const target = `${other.server!.origin}/cpws/t20220621_512.html`;
    expect(items.get(`${o}/t/moved-away.html`)).toEqual({
      kind: "error",
      uri: `${o}/t/moved-away.html`,
      reason: `redirect to a host not allowed: ${o}/t/moved-away.html → ${target}`,
      stage: "read",
    });
    expect(items.get(target)).toEqual({
      kind: "error",
      uri: target,
      reason: `document link to host ${other.server!.host}, which is not in the profile's allowed hosts`,
      stage: "read",
    });
    expect(other.server!.requests).toEqual([]);
    expect(sites.fetches.urls.filter((url) => url.startsWith(other.server!.origin))).toEqual([]);
  });

  it("an oversized response is aborted once the limit is passed, not downloaded", () => {
    expect(items.get(`${o}/t/huge.html`)).toEqual({
      kind: "error",
      uri: `${o}/t/huge.html`,
      reason: "response too large (more than 65536 bytes; download aborted)",
      stage: "read",
    });
    expect(huge.finished).toBe(false);
    // The fetcher reads past the 64 KB limit by at most one chunk; what the server wrote beyond
    // that sat in the sockets' kernel buffers: the server's send buffer (up to tcp_wmem's maximum,
    // 4 MB by default; 3.8 MB measured here) and a receive buffer that stays small, since the
    // reader stopped early.
    expect(huge.bytesWritten).toBeLessThan(64 * 1024 + tcpSendBufferMax() + 1024 * 1024);
    expect(items.get(`${o}/t/huge-declared.html`)).toEqual({
      kind: "error",
      uri: `${o}/t/huge-declared.html`,
      reason: "response too large (Content-Length 10000000 bytes > limit 65536)",
      stage: "read",
    });
    expect(server.requestsTo("/t/huge.html").length).toBe(1);
  });

  it("malformed HTML still yields its text", () => {
    const doc = docAt(items, `${o}/t/malformed.html`);
    expect(doc.id).toBe("1356702");
    const lines = doc.text.split("\n");
    expect(lines.slice(0, 3)).toEqual(["浙江省杭州市拱墅区人民法院", "刑 事 判 决 书", "（2022）浙0105刑初655号"]);
    expect(lines).toContain(
      "经审理查明：2021年7月，被告人李某某明知他人利用信息网络实施犯罪，仍将其名下的中国农业银行卡二张出售给他人使用，获利人民币1500元。经查，上述银行卡支付结算金额共计人民币860,000元，其中电信诈骗被害人资金共计人民币5万元。",
    );
    expect(lines).toContain("一、被告人李某某犯帮助信息网络犯罪活动罪，判处有期徒刑七个月，并处罚金人民币4000元。");
  });

  it("a path robots.txt disallows is never requested", () => {
    expect(items.get(`${o}/private/t1.html`)).toEqual({
      kind: "error",
      uri: `${o}/private/t1.html`,
      reason: `disallowed by robots.txt (${o}/robots.txt line 2)`,
      stage: "read",
    });
    expect(server.requests.filter((r) => r.path.startsWith("/private/"))).toEqual([]);
    expect(server.requestsTo("/robots.txt").length).toBe(1);
  });

  it("challenge pages are errors: a captcha page (200), a WAF script page (403), a redirect to a login page", () => {
    expect(items.get(`${o}/t/captcha.html`)).toEqual({
      kind: "error",
      uri: `${o}/t/captcha.html`,
      reason: 'challenge page: title "安全验证"',
      stage: "read",
    });
    expect(items.get(`${o}/t/waf.html`)).toEqual({
      kind: "error",
      uri: `${o}/t/waf.html`,
      reason: "challenge page (HTTP 403 Forbidden): anti-bot script __jsl_clearance",
      stage: "read",
    });
    expect(items.get(`${o}/t/login-wall.html`)).toEqual({
      kind: "error",
      uri: `${o}/t/login-wall.html`,
      reason: `challenge page: title "用户登录 - 法院网" (at ${o}/member/login.html)`,
      stage: "read",
    });
    // A challenge answer is not retried.
    expect(server.requestsTo("/t/waf.html").length).toBe(1);
  });

  it("HTTP 404 is an error, not retried", () => {
    expect(items.get(`${o}/t/gone.html`)).toEqual({ kind: "error", uri: `${o}/t/gone.html`, reason: "HTTP 404 Not Found", stage: "read" });
    expect(server.requestsTo("/t/gone.html").length).toBe(1);
  });

  it("the server never saw two requests closer than the configured 50 ms, and every one carried the User-Agent", () => {
    expect(server.requests.length).toBe(22);
    expectMinimumGaps(server, 50);
    for (const request of server.requests) expect(request.headers["user-agent"]).toBe(UA);
  });
});

describe("robots.txt", () => {
  it("Crawl-delay slows the crawl down below the profile's rate", async () => {
    const server = await serve({
      "/robots.txt": page("User-agent: *\nCrawl-delay: 0.2\n", { contentType: "text/plain" }),
      "/list.html": page(listingHtml(["/a.html", "/b.html", "/c.html"])),
      "/a.html": page(J512),
      "/b.html": page(J1034),
      "/c.html": page(J876),
    });
    const { items, log } = await crawl(profileFor([`${server.origin}/list.html`], { requestsPerSecond: 20 }));
    expect(items.map((item) => item.kind)).toEqual(["doc", "doc", "doc"]);
    expect(server.requests.map((r) => r.path)).toEqual(["/robots.txt", "/list.html", "/a.html", "/b.html", "/c.html"]);
    expectMinimumGaps(server, 200);
    expect(log).toContain(`robots.txt of ${server.origin} sets Crawl-delay 0.2 s: one request every 200 ms`);
  });

  it("a Crawl-delay shorter than the profile's interval does not speed the crawl up", async () => {
    const server = await serve({
      "/robots.txt": page("User-agent: bangxin\nCrawl-delay: 0.01\nDisallow: /cpws/secret\n\nUser-agent: *\nDisallow: /\n", { contentType: "text/plain" }),
      "/list.html": page(listingHtml(["/a.html", "/b.html", "/cpws/secret.html"])),
      "/a.html": page(J512),
      "/b.html": page(J1034),
    });
    const { items } = await crawl(profileFor([`${server.origin}/list.html`], { requestsPerSecond: 10 }));
    // The group for our product token applies, not the "*" group that disallows everything.
    expect(items.map((item) => item.kind)).toEqual(["doc", "doc", "error"]);
    expect(items[2]).toEqual({
      kind: "error",
      uri: `${server.origin}/cpws/secret.html`,
      reason: `disallowed by robots.txt (${server.origin}/robots.txt line 3)`,
      stage: "read",
    });
    expectMinimumGaps(server, 100);
  });

  it("a robots.txt that cannot be read (HTTP 500) stops the crawl of the host; a missing one (404) allows everything", async () => {
    const broken = await serve({ "/robots.txt": status(500), "/list.html": page(listingHtml(["/a.html"])) });
    const { items } = await crawl(profileFor([`${broken.origin}/list.html`]));
    expect(items).toEqual([
      {
        kind: "error",
        uri: `${broken.origin}/list.html`,
        reason: "robots.txt could not be read (HTTP 500 Internal Server Error (gave up after 2 attempts)), so the site is not crawled",
        stage: "read",
      },
    ]);
    expect(broken.requests.map((r) => r.path)).toEqual(["/robots.txt", "/robots.txt"]);

    const open = await serve({ "/list.html": page(listingHtml(["/a.html"])), "/a.html": page(J512) });
    const opened = await crawl(profileFor([`${open.origin}/list.html`]));
    expect(opened.items.map((item) => item.kind)).toEqual(["doc"]);
    expect(open.requests.map((r) => r.path)).toEqual(["/robots.txt", "/list.html", "/a.html"]);
  });
});

describe("Retry-After and backoff", () => {
  it("honours Retry-After given as an HTTP date", async () => {
    let retryAt = "";
    const server = await serve({
      "/list.html": page(listingHtml(["/a.html"])),
      "/a.html": sequence((_req, res) => {
        retryAt = new Date(Date.now() + 1500).toUTCString();
        res.writeHead(503, { "Retry-After": retryAt }).end();
      }, page(J512)),
    });
    const { items } = await crawl(profileFor([`${server.origin}/list.html`]));
    expect(items.map((item) => item.kind)).toEqual(["doc"]);
    const [, retried] = server.requestsTo("/a.html");
    expect(retried.wallTime).toBeGreaterThanOrEqual(Date.parse(retryAt) - TOLERANCE_MS);
  });

  it("a Retry-After longer than maxRetryAfterMs ends the crawl of that host instead of hammering or hanging", async () => {
    const server = await serve({
      "/list.html": page(listingHtml(["/a.html", "/b.html"])),
      "/a.html": status(429, { "Retry-After": "3600" }),
      "/b.html": page(J512),
    });
    const { items } = await crawl(profileFor([`${server.origin}/list.html`], { maxRetryAfterMs: 2000 }));
    const pause = `${server.host} asked for a pause of 3600 s (Retry-After), more than the 2 s allowed`;
    expect(items).toEqual([
      { kind: "error", uri: `${server.origin}/a.html`, reason: `HTTP 429 Too Many Requests; ${pause}`, stage: "read" },
      { kind: "error", uri: `${server.origin}/b.html`, reason: `not requested: ${pause}`, stage: "read" },
    ]);
    expect(server.requests.map((r) => r.path)).toEqual(["/robots.txt", "/list.html", "/a.html"]);
  });

  it("backs off exponentially between attempts, with jitter from options.random, and gives up after maxRetries", async () => {
    const server = await serve({ "/robots.txt": status(404), "/a.html": status(502) });
    const { politeness, challenge } = profileFor([`${server.origin}/a.html`], { maxRetries: 3, backoffBaseMs: 100, backoffMaxMs: 300, requestsPerSecond: 100 });
    const log: string[] = [];
    const jitter = [0, 1 - 2 ** -52, 0.5];
    const fetcher = new PoliteFetcher({
      userAgent: UA,
      allowedHosts: new Set([server.host]),
      politeness,
      challenge,
      encoding: null,
      signal: new AbortController().signal,
      log: (line) => log.push(line),
      random: () => jitter.shift()!,
    });
    expect(await fetcher.get(`${server.origin}/a.html`)).toEqual({
      kind: "failed",
      url: `${server.origin}/a.html`,
      reason: "HTTP 502 Bad Gateway (gave up after 4 attempts)",
      status: 502,
    });
    expect(jitter).toEqual([]);
    // Attempt n waits min(base·2ⁿ, backoffMaxMs)·(1 + random)/2: 100·1/2, 200·(2 - ε)/2, 300·1.5/2.
    const delays = log.filter((line) => line.startsWith("retry ")).map((line) => Number(/ in (\d+) ms/.exec(line)![1]));
    expect(delays).toEqual([50, 200, 225]);
    const times = server.requestsTo("/a.html").map((r) => r.at);
    expect(times.length).toBe(4);
    times.slice(1).forEach((t, n) => expect(t - times[n]).toBeGreaterThanOrEqual(delays[n] - TOLERANCE_MS));
  });
});

describe("listings", () => {
  it("stops when pagination returns to a page already read; a document listed again on a later page is a skip", async () => {
    const server = await serve({
      "/list.html": page(listingHtml(["/a.html"], "/list_2.html")),
      "/list_2.html": page(listingHtml(["/a.html", "/b.html"], "/list.html")),
      "/a.html": page(J512),
      "/b.html": page(J1034),
    });
    const { items, log } = await crawl(profileFor([`${server.origin}/list.html`]));
    expect(items.map((item) => (item.kind === "doc" ? item.doc.uri : item))).toEqual([
      `${server.origin}/a.html`,
      { kind: "skip", uri: `${server.origin}/a.html`, reason: "document already listed earlier in this crawl" },
      `${server.origin}/b.html`,
    ]);
    expect(log).toContain(`listing ${server.origin}/list.html: next page ${server.origin}/list.html was already read; stopping`);
    expect(server.requests.map((r) => r.path)).toEqual(["/robots.txt", "/list.html", "/a.html", "/list_2.html", "/b.html"]);
  });

  it("a listing page that fails is an error and the next start URL is still crawled; a challenge listing is an error, not zero results", async () => {
    const server = await serve({
      "/broken/list.html": status(500),
      "/captcha/list.html": page(fixturePage("misc", "captcha.html")),
      "/empty/list.html": page(listingHtml([])),
      "/ok/list.html": page(listingHtml(["/a.html"])),
      "/a.html": page(J512),
    });
    const starts = ["/broken/list.html", "/captcha/list.html", "/empty/list.html", "/ok/list.html"].map((p) => server.origin + p);
    const { items } = await crawl(profileFor(starts));
    expect(items).toEqual([
      { kind: "error", uri: starts[0], reason: "HTTP 500 Internal Server Error (gave up after 2 attempts)", stage: "read" },
      { kind: "error", uri: starts[1], reason: 'challenge page: title "安全验证"', stage: "read" },
      { kind: "error", uri: starts[2], reason: 'listing page has no document links matching "ul.list-wenshu li a.title"', stage: "parse" },
      expect.objectContaining({ kind: "doc" }),
    ]);
  });

  it("a page past listing.maxPages is reported, not silently dropped", async () => {
    const server = await serve({
      "/list.html": page(listingHtml(["/a.html"], "/list_2.html")),
      "/list_2.html": page(listingHtml(["/b.html"], "/list_3.html")),
      "/a.html": page(J512),
      "/b.html": page(J1034),
    });
    const profile = profileFor([`${server.origin}/list.html`]);
    const { items } = await crawl({ ...profile, listing: { ...profile.listing, maxPages: 2 } });
    expect(items.map((item) => item.kind)).toEqual(["doc", "doc", "error"]);
    expect(items[2]).toEqual({
      kind: "error",
      uri: `${server.origin}/list_3.html`,
      reason: `listing page not read: listing ${server.origin}/list.html has more than 2 pages (listing.maxPages)`,
      stage: "read",
    });
  });
});

describe("redirects within the site", () => {
  it("a moved document is read where it ended up, also offline; a chain longer than maxRedirects is an error", async () => {
    const routes: Record<string, Handler> = {
      "/list.html": page(listingHtml(["/old/a.html", "/r1.html"])),
      "/old/a.html": redirect("/new/a.html", 301),
      "/new/a.html": page(J512),
    };
    for (let i = 1; i <= 6; i++) routes[`/r${i}.html`] = redirect(`/r${i + 1}.html`);
    const server = await serve(routes);
    const o = server.origin;
    const cacheDir = newCacheDir();
    const { items } = await crawl(profileFor([`${o}/list.html`]), { cacheDir });
    const chain = [1, 2, 3, 4, 5, 6, 7].map((i) => `${o}/r${i}.html`).join(" → ");
    expect(items.map((item) => (item.kind === "doc" ? [item.doc.uri, item.doc.id] : item))).toEqual([
      [`${o}/new/a.html`, "1358021"],
      { kind: "error", uri: `${o}/r1.html`, reason: `too many redirects (more than 5): ${chain}`, stage: "read" },
    ]);
    expect(server.requests.map((r) => r.path)).toEqual(["/robots.txt", "/list.html", "/old/a.html", "/r1.html", "/new/a.html", "/r2.html", "/r3.html", "/r4.html", "/r5.html", "/r6.html"]);
    const before = server.requests.length;
    const offline = await crawl(profileFor([`${o}/list.html`]), { cacheDir, offline: true });
    expect(server.requests.length).toBe(before);
    expect(offline.items[0]).toEqual(items[0]);
    expect(offline.items[1]).toEqual({ kind: "error", uri: `${o}/r1.html`, reason: "not in the cache (offline crawl)", stage: "read" });
  });
});

describe("concurrency, stopping and aborting", () => {
  it("concurrency 2 keeps at most two requests in flight and still spaces their starts", async () => {
    const docs = ["/a.html", "/b.html", "/c.html", "/d.html", "/e.html"];
    const routes: Record<string, Handler> = { "/list.html": page(listingHtml(docs)) };
    for (const path of docs) routes[path] = slow(250, page(J512));
    const server = await serve(routes);
    const { items } = await crawl(profileFor([`${server.origin}/list.html`], { concurrency: 2, requestsPerSecond: 10, timeoutMs: 2000 }));
    expect(items.map((item) => item.kind)).toEqual(["doc", "doc", "doc", "doc", "doc"]);
    expect(server.maxInFlight).toBe(2);
    // With requests in flight, the spacing is start to start: measured where fetch is called.
    // (The server's own clock shares this process's event loop, which parsing pages can hold
    // up by several ms, so its timestamps of overlapping requests are not precise enough here.)
    const starts = sites.fetches.calls.filter((call) => call.url.startsWith(server.origin)).map((call) => call.at);
    expect(starts.length).toBe(7);
    starts.slice(1).forEach((t, i) => expect(t - starts[i]).toBeGreaterThanOrEqual(100 - 1));
  });

  it("stopping the iteration early sends no further requests", async () => {
    const docs = ["/a.html", "/b.html", "/c.html", "/d.html"];
    const routes: Record<string, Handler> = { "/list.html": page(listingHtml(docs)) };
    for (const path of docs) routes[path] = page(J512);
    const server = await serve(routes);
    // /b.html is queued with /a.html and due a second after /a.html's answer: time enough to stop
    // first even on a loaded machine.
    const profile = profileFor([`${server.origin}/list.html`], { requestsPerSecond: 1, timeoutMs: 2000 });
    for await (const item of crawlSite(profile, { cacheDir: newCacheDir(), userAgent: UA })) {
      expect(item.kind).toBe("doc");
      break;
    }
    const seen = server.requests.length;
    await sleep(1200);
    expect(server.requests.length).toBe(seen);
    expect(server.requests.map((r) => r.path)).toEqual(["/robots.txt", "/list.html", "/a.html"]);
  });

  it("an abort through options.signal ends the crawl with the abort reason", async () => {
    const server = await serve({ "/list.html": page(listingHtml(["/a.html"])), "/a.html": slow(2_000, page(J512)) });
    const controller = new AbortController();
    const reason = new Error("shutting down");
    setTimeout(() => controller.abort(reason), 150);
    await expect(crawl(profileFor([`${server.origin}/list.html`], { timeoutMs: 5000 }), { signal: controller.signal })).rejects.toBe(reason);
  });
});

describe("profile and options checks", () => {
  it("crawlSite throws for an invalid profile before any request", async () => {
    const bad = { ...profileFor(["http://127.0.0.1:9/list.html"]), listing: { documentLinks: "a[href", nextPage: null, maxPages: 1 } };
    await expect(crawl(bad as SiteProfile)).rejects.toThrow(
      'invalid site profile "fixture":\n✖ invalid selector: Attribute selector didn\'t terminate\n  → at listing.documentLinks',
    );
    await expect(crawl(profileFor(["http://127.0.0.1:9/list.html"]), { userAgent: " " })).rejects.toThrow("crawlSite: options.userAgent is required");
  });

  it("parseRetryAfter reads delta-seconds and HTTP dates", () => {
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBe(null);
    expect(parseRetryAfter(null, now)).toBe(null);
  });
});

describe("a Retry-After on the last attempt", () => {
  it("still pauses the other requests to the host", async () => {
    const server = await serve({
      "/list.html": page(listingHtml(["/a.html", "/b.html"])),
      "/a.html": status(429, { "Retry-After": "1" }),
      "/b.html": page(J512),
    });
    const { items } = await crawl(profileFor([`${server.origin}/list.html`], { maxRetries: 0 }));
    expect(items.map((item) => (item.kind === "doc" ? item.doc.uri : `${item.uri} ${item.reason}`))).toEqual([
      `${server.origin}/a.html HTTP 429 Too Many Requests (gave up after 1 attempts)`,
      `${server.origin}/b.html`,
    ]);
    const [a] = server.requestsTo("/a.html");
    const [b] = server.requestsTo("/b.html");
    expect(b.at - a.at).toBeGreaterThanOrEqual(1000 - TOLERANCE_MS);
  });
});

describe("a crawl session shared by two profiles on one host", () => {
  function twoProfiles(origin: string, a: Record<string, number>, b: Record<string, number>): [SiteProfile, SiteProfile] {
    return [
      profileFor([`${origin}/a-list.html`], a, { name: "fixture-a" }),
      profileFor([`${origin}/b-list.html`], b, { name: "fixture-b" }),
    ];
  }

  it("fetches robots.txt once and keeps each profile's interval across the boundary between the crawls", async () => {
    const server = await serve({
      "/robots.txt": page(ROBOTS, { contentType: "text/plain" }),
      "/a-list.html": page(listingHtml(["/a1.html", "/a2.html"])),
      "/b-list.html": page(listingHtml(["/b1.html", "/b2.html"])),
      "/a1.html": page(J512),
      "/a2.html": page(J1034),
      "/b1.html": page(J2187),
      "/b2.html": page(J876),
    });
    const [a, b] = twoProfiles(server.origin, { requestsPerSecond: 10 }, { requestsPerSecond: 4 });
    const session = new CrawlSession({ userAgent: UA });
    const first = await crawl(a, { session });
    const second = await crawl(b, { session });
    expect([...first.items, ...second.items].map((item) => item.kind)).toEqual(["doc", "doc", "doc", "doc"]);
    expect(server.requests.map((r) => r.path)).toEqual(["/robots.txt", "/a-list.html", "/a1.html", "/a2.html", "/b-list.html", "/b1.html", "/b2.html"]);
    const gaps = server.gaps();
    gaps.slice(0, 3).forEach((gap) => expect(gap).toBeGreaterThanOrEqual(100 - TOLERANCE_MS));
    // From /a2.html to /b-list.html: profile b's 250 ms, though profile a sent the request before.
    gaps.slice(3).forEach((gap) => expect(gap).toBeGreaterThanOrEqual(250 - TOLERANCE_MS));
  });

  it("a host that asked for a pause beyond the limit gets no request from the second crawl", async () => {
    const server = await serve({
      "/a-list.html": page(listingHtml(["/a1.html"])),
      "/a1.html": status(429, { "Retry-After": "3600" }),
      "/b-list.html": page(listingHtml(["/b1.html"])),
      "/b1.html": page(J512),
    });
    const [a, b] = twoProfiles(server.origin, { maxRetryAfterMs: 2000 }, { maxRetryAfterMs: 2000 });
    const session = new CrawlSession({ userAgent: UA });
    const first = await crawl(a, { session });
    const second = await crawl(b, { session });
    const pause = `${server.host} asked for a pause of 3600 s (Retry-After), more than the 2 s allowed`;
    expect(first.items).toEqual([{ kind: "error", uri: `${server.origin}/a1.html`, reason: `HTTP 429 Too Many Requests; ${pause}`, stage: "read" }]);
    expect(second.items).toEqual([{ kind: "error", uri: `${server.origin}/b-list.html`, reason: `not requested: ${pause}`, stage: "read" }]);
    expect(server.requests.map((r) => r.path)).toEqual(["/robots.txt", "/a-list.html", "/a1.html"]);
  });

  it("without a session each crawl has its own: robots.txt is fetched again; a session for another User-Agent is refused", async () => {
    const server = await serve({ "/a-list.html": page(listingHtml(["/a1.html"])), "/b-list.html": page(listingHtml(["/a1.html"])), "/a1.html": page(J512) });
    const [a, b] = twoProfiles(server.origin, {}, {});
    await crawl(a);
    await crawl(b);
    expect(server.requests.map((r) => r.path)).toEqual(["/robots.txt", "/a-list.html", "/a1.html", "/robots.txt", "/b-list.html", "/a1.html"]);
    await expect(crawl(a, { session: new CrawlSession({ userAgent: "other/1.0" }) })).rejects.toThrow(
      "crawlSite: options.session was made for another userAgent than options.userAgent",
    );
    expect(server.requests.length).toBe(6);
  });
});

describe("cachedSiteDocuments", () => {
  it("yields the documents a crawl read, from the cache and in uri order, also those a newer listing no longer links", async () => {
    const server = await serve({
      "/robots.txt": status(404),
      "/list.html": sequence(page(listingHtml(["/d2.html", "/d1.html", "/moved.html"])), page(listingHtml(["/d2.html", "/d3.html"]))),
      "/d1.html": page(J512),
      "/d2.html": page(J1034),
      "/d3.html": page(J2187),
      "/moved.html": redirect("/d4.html"),
      "/d4.html": page(J876),
    });
    const o = server.origin;
    const cacheDir = newCacheDir();
    const profile = profileFor([`${o}/list.html`]);
    const cached = async (p: SiteProfile = profile) => {
      const items: SourceItem[] = [];
      for await (const item of cachedSiteDocuments(p, { cacheDir })) items.push(item);
      return items;
    };
    const first = await crawl(profile, { cacheDir });
    expect(first.items.map((item) => (item.kind === "doc" ? item.doc.uri : item.reason))).toEqual([`${o}/d2.html`, `${o}/d1.html`, `${o}/d4.html`]);
    const requests = server.requests.length;
    const calls = sites.fetches.calls.length;
    const [d2, d1, d4] = first.items;
    expect(await cached()).toEqual([d1, d2, d4]);
    expect(server.requests.length).toBe(requests);
    expect(sites.fetches.calls.length).toBe(calls);

    const second = await crawl(profile, { cacheDir });
    expect(server.requests.slice(requests).map((r) => r.path)).toEqual(["/robots.txt", "/list.html", "/d3.html"]);
    const [d2Again, d3] = second.items;
    expect(d2Again).toEqual(d2);
    expect(d3.kind === "doc" && d3.doc.uri).toBe(`${o}/d3.html`);
    const after = await cached();
    expect(after).toEqual([d1, d2, d3, d4]);
    expect(after.map((item) => item.kind === "doc" && item.doc.contentHash)).toEqual(
      [J512, J1034, J2187, J876].map((text) => sha256(pageBytes(text))),
    );
    // Another profile read none of them as documents.
    expect(await cached({ ...profile, name: "another" })).toEqual([]);
  });
});

describe("cachedSiteDocuments and caches written before it", () => {
  it("skips an entry that does not say which profile read it as a document, until a crawl reads it again from the cache", async () => {
    const server = await serve({ "/robots.txt": status(404), "/list.html": page(listingHtml(["/d1.html"])), "/d1.html": page(J512) });
    const cacheDir = newCacheDir();
    const profile = profileFor([`${server.origin}/list.html`]);
    const cached = async () => {
      const items: SourceItem[] = [];
      for await (const item of cachedSiteDocuments(profile, { cacheDir })) items.push(item);
      return items;
    };
    const [d1] = (await crawl(profile, { cacheDir })).items;
    const url = `${server.origin}/d1.html`;
    const hex = createHash("sha256").update(url).digest("hex");
    const entryPath = join(cacheDir, "urls", hex.slice(0, 2), `${hex}.json`);
    const { documentOf, ...legacy } = JSON.parse(readFileSync(entryPath, "utf8")) as Record<string, unknown>;
    expect(documentOf).toEqual(["fixture"]);
    writeFileSync(entryPath, JSON.stringify(legacy) + "\n");
    expect(await cached()).toEqual([]);
    const again = await crawl(profile, { cacheDir });
    expect(again.items).toEqual([d1]);
    expect(server.requestsTo("/d1.html").length).toBe(1);
    expect(await cached()).toEqual([d1]);
  });
});

describe("ResponseCache.collectGarbage", () => {
  it("removes bodies no entry points to and temp files of dead writers; keeps a live writer's temp file", async () => {
    const cacheDir = newCacheDir();
    const cache = new ResponseCache(cacheDir);
    const entry = { finalUrl: "", etag: null, lastModified: null, fetchedAt: "2024-01-01T00:00:00.000Z", status: 200, contentType: "text/html" };
    const one = await cache.put({ ...entry, url: "http://a.example/list", finalUrl: "http://a.example/list" }, Buffer.from("one"));
    const two = await cache.put({ ...entry, url: "http://a.example/list", finalUrl: "http://a.example/list" }, Buffer.from("two"));
    await cache.put({ ...entry, url: "http://a.example/copy", finalUrl: "http://a.example/copy" }, Buffer.from("two"));
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    const bodyDir = join(cacheDir, "bodies", two.hash.slice(7, 9));
    const urlDir = join(cacheDir, "urls", readdirSync(join(cacheDir, "urls"))[0]);
    writeFileSync(join(bodyDir, `${two.hash.slice(7)}.tmp-${dead}-1700000000000`), "partial");
    writeFileSync(join(bodyDir, `${two.hash.slice(7)}.tmp-${process.pid}-1700000000001`), "in progress");
    writeFileSync(join(urlDir, `0000.json.tmp-${dead}-1700000000002`), "{");
    expect(await cache.collectGarbage()).toEqual({ removedBodies: 1, removedTemps: 2 });
    expect(await cache.readBody(one.hash)).toBe(null);
    expect(await cache.readBody(two.hash)).toEqual(Buffer.from("two"));
    expect(readdirSync(bodyDir).sort()).toEqual([two.hash.slice(7), `${two.hash.slice(7)}.tmp-${process.pid}-1700000000001`]);
    expect(readdirSync(urlDir).filter((name) => name.includes(".tmp-"))).toEqual([]);
    expect(await cache.get("http://a.example/copy")).toEqual({ ...entry, url: "http://a.example/copy", finalUrl: "http://a.example/copy", hash: two.hash, validatedAt: null, documentOf: [] });
    expect(await cache.collectGarbage()).toEqual({ removedBodies: 0, removedTemps: 0 });
  });
});

describe("housekeeping", () => {
  it("a listing with many links gives no MaxListenersExceededWarning", async () => {
    const docs = Array.from({ length: 15 }, (_, i) => `/d${i}.html`);
    const routes: Record<string, Handler> = { "/list.html": page(listingHtml(docs)) };
    for (const path of docs) routes[path] = page(J512);
    const server = await serve(routes);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on("warning", onWarning);
    try {
      const { items } = await crawl(profileFor([`${server.origin}/list.html`], { requestsPerSecond: 100 }));
      expect(items.length).toBe(15);
      await sleep(20);
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it("a profile's own challenge text marks a page as a challenge even when the content is there", async () => {
    const server = await serve({
      "/list.html": page(listingHtml(["/a.html"])),
      "/a.html": page(J512.replace(/<body[^>]*>/, (body) => `${body}<div class="notice">访问受限，请稍后再试</div>`)),
    });
    const { items } = await crawl(profileFor([`${server.origin}/list.html`], {}, { challenge: { texts: ["访问受限"] } }));
    expect(items).toEqual([{ kind: "error", uri: `${server.origin}/a.html`, reason: 'challenge page: "访问受限"', stage: "read" }]);
  });

  it("the test fetch wrapper refuses any URL not on 127.0.0.1", async () => {
    const before = sites.fetches.urls.length;
    await expect(fetch("http://example.invalid/robots.txt")).rejects.toThrow("test fetch refused: http://example.invalid/robots.txt is not on 127.0.0.1");
    await expect(fetch("http://localhost:9/")).rejects.toThrow("test fetch refused: http://localhost:9/ is not on 127.0.0.1");
    expect(sites.fetches.urls.splice(before)).toEqual(["http://example.invalid/robots.txt", "http://localhost:9/"]);
    sites.fetches.calls.splice(before);
  });
});
