/**
 * `bangxin refresh` over a real site: the shipped court-cpws-list.json profile, pointed at a fixture
 * 裁判文书 site served on 127.0.0.1, crawled by pipeline/web (no injected crawler), together with a
 * watched folder holding the same judgment as one of the pages.
 */
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CorpusRecordSchema, type CorpusRecord } from "../corpus/schema.js";
import { runRefresh } from "../pipeline/refresh/index.js";
import { htmlToText } from "../pipeline/sources/html.js";
import { FixtureServer, fixturePage, page, recordFetches, type Handler } from "./fixtures/sites/server.js";
import { writeText } from "./fixtures/refresh/generate.js";

const PROFILE = join(__dirname, "..", "pipeline", "web", "profiles", "court-cpws-list.json");
const DOCS = ["t20230911_2187.html", "t20230518_876.html", "t20220916_1034.html", "t20220621_512.html", "t20220530_655.html"];

let dir: string;
let server: FixtureServer;
let config: string;
let fetches: ReturnType<typeof recordFetches>;

async function corpus(): Promise<CorpusRecord[]> {
  const lines = (await readFile(join(dir, "out", "corpus.jsonl"), "utf8")).split("\n").filter(Boolean);
  return lines.map((l) => CorpusRecordSchema.parse(JSON.parse(l)));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bangxin-refresh-sites-"));
  const routes: Record<string, Handler> = {
    "/robots.txt": page("User-agent: *\nDisallow: /member/\n", { contentType: "text/plain" }),
    "/cpws/index.html": page(fixturePage("cpws", "index.html"), { etag: true }),
    "/cpws/index_2.html": page(fixturePage("cpws", "index_2.html"), { etag: true }),
    "/cpws/index_3.html": page(fixturePage("cpws", "index_3.html"), { etag: true }),
  };
  for (const name of DOCS) routes[`/cpws/${name}`] = page(fixturePage("cpws", name), { etag: true });
  server = await FixtureServer.start(routes);
  // the shipped profile, with its start URL moved to the fixture server and a faster rate for the test
  const shipped = JSON.parse(await readFile(PROFILE, "utf8"));
  const profile = { ...shipped, startUrls: [`${server.origin}/cpws/index.html`], politeness: { requestsPerSecond: 20, concurrency: 1 } };
  await writeText(join(dir, "court.json"), JSON.stringify(profile));
  // the judgment of one page also arrives as a plain-text file (its 正文, as a researcher would save it)
  const html = fixturePage("cpws", "t20220621_512.html");
  const content = /<div id="zhengwen"[^>]*>([\s\S]*?)<\/div>\s*<div class="(?!zhengwen)/.exec(html);
  expect(content).not.toBeNull();
  await writeText(join(dir, "input", "512.txt"), htmlToText(content![1]));
  config = join(dir, "bangxin.config.json");
  await writeText(config, JSON.stringify({ output: "out", folders: ["input"], sites: [{ profile: "court.json" }], contact: "https://example.org/bangxin" }));
  fetches = recordFetches();
});

afterAll(async () => {
  fetches.restore();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("refresh with a site profile", () => {
  it("crawls the site into the corpus, merges the page with the same judgment from a file, then revalidates and reads offline", async () => {
    const first = await runRefresh({ config });
    expect(first.counts).toEqual({ documents: 6, added: 6, updated: 0, unchanged: 0, removed: 0, failed: 0, skipped: 0 });
    const records = await corpus();
    // sorted by id; the page's ids come from its <meta name="ContentId">, the file's from its stem
    expect(records.map((r) => [r.id, r.case.caseNumber, r.defendants.map((d) => d.name), r.sources!.length])).toEqual([
      ["1356702", "(2022)浙0105刑初655号", ["李某某"], 1],
      ["1360417", "(2022)浙0106刑初1034号", ["刘某"], 1],
      ["1366230", "(2023)浙0108刑初876号", ["张某", "王某"], 1],
      ["1371905", "(2023)浙0109刑初2187号", ["黄某某"], 1],
      ["512", "(2022)浙0110刑初512号", ["陈某某"], 2],
    ]);
    const merged = records.find((r) => r.case.caseNumber === "(2022)浙0110刑初512号")!;
    expect(merged.sources!.map((s) => s.uri).sort()).toEqual([`${server.origin}/cpws/t20220621_512.html`, `file://${join(dir, "input", "512.txt")}`].sort());
    expect(merged.defendants.map((d) => [d.name, d.sentence?.termMonths, d.sentence?.fineYuan])).toEqual([["陈某某", 8, 5000]]);
    const pages = records.filter((r) => r.sources!.some((s) => s.uri.startsWith(server.origin)));
    expect(pages.length).toBe(5);
    for (const r of pages) {
      const web = r.sources!.find((s) => s.uri.startsWith(server.origin))!;
      expect(web.format).toBe("html");
      expect(web.fetchedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    // every request went to the fixture server, with the configured User-Agent
    expect(fetches.urls.every((u) => u.startsWith(server.origin + "/"))).toBe(true);
    expect(server.requests.length).toBe(9);
    expect(new Set(server.requests.map((r) => r.headers["user-agent"]))).toEqual(new Set(["bangxin/0.1.0 (+https://example.org/bangxin)"]));
    const corpusBefore = await readFile(join(dir, "out", "corpus.jsonl"), "utf8");

    // the next night: listings revalidated (304), judgments already cached are not fetched again
    const before = server.requests.length;
    const second = await runRefresh({ config });
    expect(second.counts).toEqual({ documents: 6, added: 0, updated: 0, unchanged: 6, removed: 0, failed: 0, skipped: 0 });
    expect(second.extracted).toBe(0);
    const again = server.requests.slice(before);
    expect(again.map((r) => [r.path, r.status])).toEqual([
      ["/robots.txt", 200],
      ["/cpws/index.html", 304],
      ["/cpws/index_2.html", 304],
      ["/cpws/index_3.html", 304],
    ]);
    expect(again.slice(1).every((r) => typeof r.headers["if-none-match"] === "string")).toBe(true);
    expect(await readFile(join(dir, "out", "corpus.jsonl"), "utf8")).toBe(corpusBefore);

    // offline: everything from the cache, no request at all
    const requests = server.requests.length;
    const calls = fetches.urls.length;
    const offline = await runRefresh({ config, offline: true });
    expect(offline.counts).toEqual({ documents: 6, added: 0, updated: 0, unchanged: 6, removed: 0, failed: 0, skipped: 0 });
    expect([server.requests.length, fetches.urls.length]).toEqual([requests, calls]);
    expect(await readFile(join(dir, "out", "corpus.jsonl"), "utf8")).toBe(corpusBefore);
  });
});

describe("refresh with two profiles on one host and a listing that moves on", () => {
  let dir2: string;
  let server2: FixtureServer;
  let listing3 = fixturePage("cpws", "index_3.html");

  beforeAll(async () => {
    dir2 = await mkdtemp(join(tmpdir(), "bangxin-refresh-sites2-"));
    const routes: Record<string, Handler> = {
      "/robots.txt": page("User-agent: *\nDisallow: /member/\n", { contentType: "text/plain" }),
      "/cpws/index.html": page(fixturePage("cpws", "index.html"), { etag: true }),
      "/cpws/index_2.html": page(fixturePage("cpws", "index_2.html"), { etag: true }),
      "/cpws/index_3.html": page(() => listing3, { etag: true }),
    };
    for (const name of DOCS) routes[`/cpws/${name}`] = page(fixturePage("cpws", name), { etag: true });
    server2 = await FixtureServer.start(routes);
    const shipped = JSON.parse(await readFile(PROFILE, "utf8"));
    const politeness = { requestsPerSecond: 20, concurrency: 1 };
    await writeText(join(dir2, "court.json"), JSON.stringify({ ...shipped, startUrls: [`${server2.origin}/cpws/index.html`], politeness }));
    await writeText(join(dir2, "court-b.json"), JSON.stringify({ ...shipped, name: `${shipped.name}-b`, startUrls: [`${server2.origin}/cpws/index_2.html`], politeness }));
    await writeText(join(dir2, "bangxin.config.json"), JSON.stringify({
      output: "out", sites: [{ profile: "court.json" }, { profile: "court-b.json" }], contact: "https://example.org/bangxin",
    }));
  });

  afterAll(async () => {
    await server2.close();
    await rm(dir2, { recursive: true, force: true });
  });

  it("one crawl session per run (robots.txt once for both profiles); a page the listing dropped stays, from the cache, even without the state", async () => {
    const config2 = join(dir2, "bangxin.config.json");
    const ids = async () => (await readFile(join(dir2, "out", "corpus.jsonl"), "utf8")).split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id);
    const robots = () => server2.requests.filter((r) => r.path === "/robots.txt").length;
    const first = await runRefresh({ config: config2 });
    expect([robots(), first.records, first.cacheGarbage]).toEqual([1, 5, { removedBodies: 0, removedTemps: 0 }]);
    const all = await ids();
    expect(all).toEqual(["1356702", "1358021", "1360417", "1366230", "1371905"]);

    // the last listing page no longer shows 655 (id 1356702)
    listing3 = listing3.replace(/<li>(?:(?!<\/li>)[\s\S])*t20220530_655\.html[\s\S]*?<\/li>/, "");
    expect(listing3).not.toContain("t20220530_655");
    // a body no cache entry names (what an interrupted cache write can leave) is collected after the crawl
    const orphan = join(dir2, "out", "cache", "bodies", "00", "00".repeat(32));
    await writeText(orphan, "orphan");
    const second = await runRefresh({ config: config2 });
    expect([robots(), second.records, second.extracted, second.cacheGarbage]).toEqual([2, 5, 0, { removedBodies: 1, removedTemps: 0 }]);
    await expect(readFile(orphan)).rejects.toThrow("ENOENT");
    expect(await ids()).toEqual(all);

    // the state lost: the document comes back from the cache, not from the memo
    await rm(join(dir2, "out", "state"), { recursive: true });
    const lost = await runRefresh({ config: config2, offline: true });
    expect([lost.records, lost.cacheGarbage]).toEqual([5, null]);
    expect(await ids()).toEqual(all);

    // a new extractor: the unlisted document is extracted again from the cache, no record is kept from the old version
    const next = await runRefresh({ config: config2, offline: true, extractorVersion: "test-next" });
    expect([next.records, next.notes]).toEqual([5, []]);
    expect(next.extracted).toBe(lost.extracted);
    expect(await ids()).toEqual(all);

    // a cache that cannot be read is an error line, and the documents seen before stay (from the memo)
    await rm(join(dir2, "out", "cache", "urls"), { recursive: true });
    await writeText(join(dir2, "out", "cache", "urls"), "not a directory");
    const broken = await runRefresh({ config: config2, offline: true, extractorVersion: "test-next" });
    expect(broken.records).toBe(5);
    expect(await ids()).toEqual(all);
    const errors = (await readFile(join(dir2, "out", "errors.jsonl"), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l) as { input: string; reason: string });
    expect(errors.filter((e) => e.reason.startsWith("reading the cached documents failed: ENOTDIR")).map((e) => e.input)).toEqual(
      [join(dir2, "court-b.json"), join(dir2, "court.json")].map((p) => "site:" + p),
    );
  });
});
