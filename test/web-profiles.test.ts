/**
 * The example site profiles: they validate, and crawl fixture sites built like them end to end
 * into corpus records; the cache makes the second crawl conditional and an offline crawl free of
 * requests.
 */
import { createHash } from "node:crypto";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { CorpusRecordSchema, type CorpusRecord } from "../corpus/schema.js";
import { extractDocument } from "../pipeline/extractDocument.js";
import type { SourceDocument, SourceItem } from "../pipeline/sources/types.js";
import { crawlSite, loadSiteProfile, ResponseCache, type SiteProfile } from "../pipeline/web/index.js";
import { FixtureServer, fixturePage, page, pageBytes, type Handler } from "./fixtures/sites/server.js";
import { useFixtureSites } from "./fixtures/sites/suite.js";

const PROFILES = fileURLToPath(new URL("../pipeline/web/profiles", import.meta.url));
const UA = "bangxin/0.1.0 (+https://example.org/bangxin/contact)";
const sha256 = (data: Uint8Array) => "sha256:" + createHash("sha256").update(data).digest("hex");

const sites = useFixtureSites("bangxin-web-profiles-");
const { servers } = sites;
const newDir = (): string => sites.newDir();

/** The profile pointed at a fixture server (same paths), and faster for tests; everything else as shipped. */
function onFixture(profile: SiteProfile, server: FixtureServer): SiteProfile {
  return {
    ...profile,
    startUrls: profile.startUrls.map((url) => {
      const { pathname, search } = new URL(url);
      return server.origin + pathname + search;
    }),
    allowedHosts: profile.allowedHosts ? [server.host] : undefined,
    politeness: { ...profile.politeness, requestsPerSecond: 20 },
  };
}

async function crawl(profile: SiteProfile, cacheDir: string, offline = false): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of crawlSite(profile, { cacheDir, userAgent: UA, offline })) items.push(item);
  return items;
}

function docs(items: SourceItem[]): SourceDocument[] {
  expect(items.filter((item) => item.kind !== "doc")).toEqual([]);
  return items.flatMap((item) => (item.kind === "doc" ? [item.doc] : []));
}

/** What the corpus would say about a crawled page: extracted, validated against the schema. */
function record(doc: SourceDocument): CorpusRecord {
  return CorpusRecordSchema.parse(extractDocument(doc));
}

function summary(r: CorpusRecord) {
  return {
    caseNumber: r.case.caseNumber,
    court: r.case.court,
    defendants: r.defendants.map((d) => ({ name: d.name, months: d.sentence?.termMonths ?? null, probation: d.sentence?.probationMonths ?? null, fine: d.sentence?.fineYuan ?? null })),
  };
}

describe("the example profiles", () => {
  it("every shipped profile validates", async () => {
    const files = readdirSync(PROFILES).filter((f) => f.endsWith(".json")).sort();
    expect(files).toEqual(["court-cpws-list.json", "court-news-gbk.json"]);
    const cpws = await loadSiteProfile(join(PROFILES, "court-cpws-list.json"));
    expect(cpws.startUrls).toEqual(["https://www.court.example/cpws/index.html"]);
    expect(cpws.listing).toEqual({ documentLinks: "ul.list-wenshu li a.title", nextPage: "div.page a:contains('下一页')", maxPages: 200 });
    expect(cpws.politeness.requestsPerSecond).toBe(1);
    expect(cpws.politeness.maxRetries).toBe(3);
    expect(cpws.refetchDocuments).toBe(false);
    const news = await loadSiteProfile(join(PROFILES, "court-news-gbk.json"));
    expect(news.document).toEqual({ content: "td#fontzoom", id: { selector: "td.info", pattern: "文章编号[:：]\\s*(\\d+)" } });
    expect(news.politeness.requestsPerSecond).toBe(0.5);
  });

  it("loadSiteProfile says what is wrong with a profile", async () => {
    const dir = newDir();
    const write = (name: string, data: string) => {
      writeFileSync(join(dir, name), data);
      return join(dir, name);
    };
    await expect(loadSiteProfile(join(dir, "missing.json"))).rejects.toThrow(`cannot read site profile ${join(dir, "missing.json")}: ENOENT`);
    const broken = write("broken.json", "{ name: 1 }");
    await expect(loadSiteProfile(broken)).rejects.toThrow(`site profile ${broken} is not valid JSON: `);
    const bad = write(
      "bad.json",
      JSON.stringify({
        name: "Bad Name",
        startUrls: ["ftp://court.example/list"],
        listing: { documentLinks: "" },
        document: { content: "div#zw", id: { selector: "td.info", pattern: "(" } },
        politeness: { requestsPerSecond: 0 },
        encoding: "klingon",
        retry: true,
      }),
    );
    await expect(loadSiteProfile(bad)).rejects.toThrow(
      [
        `site profile ${bad} is invalid:`,
        '✖ Unrecognized key: "retry"',
        "✖ use lower-case letters, digits, '.', '_' and '-'",
        "  → at name",
        '✖ unknown encoding "klingon"',
        "  → at encoding",
        "✖ must be an http(s) URL",
        "  → at startUrls[0]",
        "✖ Too small: expected string to have >=1 characters",
        "  → at listing.documentLinks",
        "✖ Too small: expected number to be >0",
        "  → at politeness.requestsPerSecond",
        "✖ invalid regular expression: Invalid regular expression: /(/u: Unterminated group",
        "  → at document.id.pattern",
      ].join("\n"),
    );
    const offHost = write(
      "off-host.json",
      JSON.stringify({
        name: "off-host",
        startUrls: ["https://a.court.example/list.html"],
        allowedHosts: ["b.court.example"],
        listing: { documentLinks: "a" },
        document: { content: "div#zw", id: { selector: "td.info", pattern: "(" } },
        encoding: "klingon",
      }),
    );
    await expect(loadSiteProfile(offHost)).rejects.toThrow(
      [
        `site profile ${offHost} is invalid:`,
        '✖ unknown encoding "klingon"',
        "  → at encoding",
        "✖ host a.court.example is not in allowedHosts",
        "  → at startUrls[0]",
        "✖ invalid regular expression: Invalid regular expression: /(/u: Unterminated group",
        "  → at document.id.pattern",
      ].join("\n"),
    );
  });
});

describe("court-cpws-list.json on a fixture 裁判文书 site (UTF-8, 3 listing pages, ETags)", () => {
  const CPWS_DOCS = ["t20230911_2187.html", "t20230518_876.html", "t20220916_1034.html", "t20220621_512.html", "t20220530_655.html"];
  const NEW_DOC = "t20231009_3321.html";
  let listingVersion = 1;
  let server: FixtureServer;
  let profile: SiteProfile;
  const cacheDir = newDir();
  let first: SourceItem[];

  beforeAll(async () => {
    const index = fixturePage("cpws", "index.html");
    const newer = index.replace(
      '<ul class="list-wenshu">\n',
      `<ul class="list-wenshu">\n      <li><a class="title" href="${NEW_DOC}">刘䶮帮助信息网络犯罪活动罪一审刑事判决书</a><span class="date">2023-10-09</span></li>\n`,
    );
    expect(newer).not.toBe(index);
    const routes: Record<string, Handler> = {
      "/robots.txt": page("User-agent: *\nDisallow: /member/\n", { contentType: "text/plain" }),
      "/cpws/index.html": page(() => (listingVersion === 1 ? index : newer), { etag: true }),
      "/cpws/index_2.html": page(fixturePage("cpws", "index_2.html"), { etag: true }),
      "/cpws/index_3.html": page(fixturePage("cpws", "index_3.html"), { etag: true }),
      [`/cpws/${NEW_DOC}`]: page(fixturePage("misc", "gb18030-3321.html"), { etag: true }),
    };
    for (const name of CPWS_DOCS) routes[`/cpws/${name}`] = page(fixturePage("cpws", name), { etag: true });
    server = await FixtureServer.start(routes);
    servers.push(server);
    profile = onFixture(await loadSiteProfile(join(PROFILES, "court-cpws-list.json")), server);
    first = await crawl(profile, cacheDir);
  });

  it("follows 下一页 to the last page and yields every judgment, in listing order", () => {
    const o = server.origin;
    expect(docs(first).map((d) => [d.uri, d.id, d.encoding, d.format])).toEqual(
      CPWS_DOCS.map((name, i) => [`${o}/cpws/${name}`, ["1371905", "1366230", "1360417", "1358021", "1356702"][i], "utf8", "html"]),
    );
    expect(server.requests.map((r) => r.path)).toEqual([
      "/robots.txt",
      "/cpws/index.html",
      "/cpws/t20230911_2187.html",
      "/cpws/t20230518_876.html",
      "/cpws/index_2.html",
      "/cpws/t20220916_1034.html",
      "/cpws/t20220621_512.html",
      "/cpws/index_3.html",
      "/cpws/t20220530_655.html",
    ]);
    for (const doc of docs(first)) expect(doc.contentHash).toBe(sha256(Buffer.from(fixturePage("cpws", doc.uri.split("/").pop()!), "utf8")));
    // 20 requests per second: the server saw no two requests less than 50 ms apart (5 ms tolerance).
    for (const gap of server.gaps()) expect(gap).toBeGreaterThanOrEqual(45);
  });

  it("the crawled pages extract into valid corpus records", () => {
    expect(docs(first).map((d) => summary(record(d)))).toEqual([
      { caseNumber: "(2023)浙0109刑初2187号", court: "浙江省杭州市萧山区人民法院", defendants: [{ name: "黄某某", months: 15, probation: null, fine: 20000 }] },
      {
        caseNumber: "(2023)浙0108刑初876号",
        court: "浙江省杭州市滨江区人民法院",
        defendants: [
          { name: "张某", months: 10, probation: null, fine: 8000 },
          { name: "王某", months: 9, probation: null, fine: 6000 },
        ],
      },
      { caseNumber: "(2022)浙0106刑初1034号", court: "浙江省杭州市西湖区人民法院", defendants: [{ name: "刘某", months: 6, probation: 12, fine: 3000 }] },
      { caseNumber: "(2022)浙0110刑初512号", court: "浙江省杭州市余杭区人民法院", defendants: [{ name: "陈某某", months: 8, probation: null, fine: 5000 }] },
      { caseNumber: "(2022)浙0105刑初655号", court: "浙江省杭州市拱墅区人民法院", defendants: [{ name: "李某某", months: 7, probation: null, fine: 4000 }] },
    ]);
    const r512 = record(docs(first)[3]);
    expect(r512.source).toEqual({
      uri: `${server.origin}/cpws/t20220621_512.html`,
      format: "html",
      contentHash: docs(first)[3].contentHash,
      fetchedAt: docs(first)[3].fetchedAt,
      sourceId: "1358021",
    });
    expect(r512.id).toBe("1358021");
  });

  it("a second crawl asks for the listing pages conditionally (304) and does not fetch cached judgments again", async () => {
    const before = server.requests.length;
    listingVersion = 2;
    const second = await crawl(profile, cacheDir);
    const requests = server.requests.slice(before);
    expect(requests.map((r) => [r.path, r.status])).toEqual([
      ["/robots.txt", 200],
      ["/cpws/index.html", 200],
      [`/cpws/${NEW_DOC}`, 200],
      ["/cpws/index_2.html", 304],
      ["/cpws/index_3.html", 304],
    ]);
    const etagOf = (text: string) => `"${createHash("sha1").update(pageBytes(text)).digest("hex")}"`;
    expect(requests[1].headers["if-none-match"]).toBe(etagOf(fixturePage("cpws", "index.html")));
    expect(requests[3].headers["if-none-match"]).toBe(etagOf(fixturePage("cpws", "index_2.html")));
    expect(requests[2].headers["if-none-match"]).toBe(undefined);
    for (const request of requests) expect(request.headers["user-agent"]).toBe(UA);
    // The judgments come from the cache exactly as they were fetched; the new one is fetched.
    const secondDocs = docs(second);
    expect(secondDocs.map((d) => d.uri)).toEqual([`${server.origin}/cpws/${NEW_DOC}`, ...docs(first).map((d) => d.uri)]);
    expect(secondDocs.slice(1)).toEqual(docs(first));
    expect(summary(record(secondDocs[0]))).toEqual({
      caseNumber: "(2023)粤0306刑初3321号",
      court: "广东省深圳市宝安区人民法院",
      defendants: [{ name: "刘䶮", months: 11, probation: null, fine: 10000 }],
    });
  });

  it("an offline crawl reads everything from the cache and makes no request at all", async () => {
    const requestsBefore = server.requests.length;
    const fetchesBefore = sites.fetches.urls.length;
    const offline = await crawl(profile, cacheDir, true);
    expect(server.requests.length).toBe(requestsBefore);
    expect(sites.fetches.urls.length).toBe(fetchesBefore);
    const online = await crawl(profile, cacheDir);
    expect(docs(offline)).toEqual(docs(online));
    expect(docs(offline).length).toBe(6);
  });

  it("offline with an empty cache: the start page is an error, nothing is fetched", async () => {
    const fetchesBefore = sites.fetches.urls.length;
    expect(await crawl(profile, newDir(), true)).toEqual([
      { kind: "error", uri: `${server.origin}/cpws/index.html`, reason: "not in the cache (offline crawl)", stage: "read" },
    ]);
    expect(sites.fetches.urls.length).toBe(fetchesBefore);
  });

  it("refetchDocuments asks for cached judgments again, conditionally, and keeps the cached copy on 304", async () => {
    const before = server.requests.length;
    const again = await crawl({ ...profile, refetchDocuments: true }, cacheDir);
    const docRequests = server.requests.slice(before).filter((r) => r.path.includes("/t20"));
    expect(docRequests.length).toBe(6);
    for (const request of docRequests) {
      expect(request.status).toBe(304);
      expect(request.headers["if-none-match"]).toMatch(/^"[0-9a-f]{40}"$/);
    }
    expect(docs(again).slice(1)).toEqual(docs(first));
  });
});

describe("court-news-gbk.json on a fixture GBK news site (charset only in <meta>, Last-Modified)", () => {
  const LAST_MODIFIED = "Tue, 15 Mar 2022 02:00:00 GMT";
  let server: FixtureServer;
  let profile: SiteProfile;
  const cacheDir = newDir();
  let first: SourceItem[];

  beforeAll(async () => {
    const gbk = (file: string): Handler => page(fixturePage("news", file), { encoding: "gbk", contentType: "text/html", lastModified: LAST_MODIFIED });
    server = await FixtureServer.start({
      "/news/list.asp?ClassID=12&page=1": gbk("list-1.html"),
      "/news/list.asp?ClassID=12&page=2": gbk("list-2.html"),
      "/news/show.asp?id=1402": gbk("show-1402.html"),
      "/news/show.asp?id=1388": gbk("show-1388.html"),
    });
    servers.push(server);
    profile = onFixture(await loadSiteProfile(join(PROFILES, "court-news-gbk.json")), server);
    first = await crawl(profile, cacheDir);
  });

  it("decodes the GBK pages, reads the id from the info line, and extracts records", () => {
    const o = server.origin;
    expect(docs(first).map((d) => [d.uri, d.id, d.encoding])).toEqual([
      [`${o}/news/show.asp?id=1402`, "1402", "gb18030"],
      [`${o}/news/show.asp?id=1388`, "1388", "gb18030"],
    ]);
    expect(docs(first)[0].contentHash).toBe(sha256(pageBytes(fixturePage("news", "show-1402.html"), "gbk")));
    expect(docs(first)[0].text.split("\n").slice(0, 4)).toEqual(["福建省泉州市丰泽区人民法院", "刑事判决书", "（2021）闽0503刑初402号", "公诉机关泉州市丰泽区人民检察院。"]);
    expect(docs(first).map((d) => summary(record(d)))).toEqual([
      { caseNumber: "(2021)闽0503刑初402号", court: "福建省泉州市丰泽区人民法院", defendants: [{ name: "林某某", months: 9, probation: null, fine: 5000 }] },
      { caseNumber: "(2022)闽0503刑初158号", court: "福建省泉州市丰泽区人民法院", defendants: [{ name: "郑某", months: 6, probation: 12, fine: 2000 }] },
    ]);
    // No robots.txt on this site (404): everything allowed.
    expect(server.requests.map((r) => [r.path, r.status])).toEqual([
      ["/robots.txt", 404],
      ["/news/list.asp?ClassID=12&page=1", 200],
      ["/news/show.asp?id=1402", 200],
      ["/news/list.asp?ClassID=12&page=2", 200],
      ["/news/show.asp?id=1388", 200],
    ]);
  });

  it("the second crawl revalidates the listing pages with If-Modified-Since", async () => {
    const before = server.requests.length;
    const second = await crawl(profile, cacheDir);
    expect(server.requests.slice(before).map((r) => [r.path, r.status, r.headers["if-modified-since"] ?? null])).toEqual([
      ["/robots.txt", 404, null],
      ["/news/list.asp?ClassID=12&page=1", 304, LAST_MODIFIED],
      ["/news/list.asp?ClassID=12&page=2", 304, LAST_MODIFIED],
    ]);
    expect(docs(second)).toEqual(docs(first));
  });
});

describe("ResponseCache", () => {
  it("stores a body once under its hash, maps URLs to it, and refuses a damaged body", async () => {
    const root = newDir();
    const cache = new ResponseCache(root);
    const body = Buffer.from("<p>判决书</p>", "utf8");
    const entry = await cache.put(
      { url: "http://a.example/x", finalUrl: "http://a.example/y", etag: '"1"', lastModified: null, fetchedAt: "2024-01-01T00:00:00.000Z", status: 200, contentType: "text/html" },
      body,
    );
    expect(entry.hash).toBe(sha256(body));
    expect(await cache.get("http://a.example/x")).toEqual(entry);
    expect(await cache.get("http://a.example/y")).toEqual({ ...entry, url: "http://a.example/y" });
    expect(await cache.get("http://a.example/z")).toBe(null);
    expect(await cache.readBody(entry.hash)).toEqual(body);
    const hex = entry.hash.slice(7);
    expect(readdirSync(join(root, "bodies", hex.slice(0, 2)))).toEqual([hex]);
    writeFileSync(join(root, "bodies", hex.slice(0, 2), hex), "tampered");
    expect(await cache.readBody(entry.hash)).toBe(null);
  });
});
