import * as cheerio from "cheerio";
import type { CheerioAPI } from "cheerio";
import { z } from "zod";
import { DecodeError } from "../sources/decode.js";
import { sha256 } from "../sources/readers.js";
import type { SourceItem } from "../sources/types.js";
import { ResponseCache, type CacheEntry } from "./cache.js";
import { findChallenge } from "./challenge.js";
import { CrawlSession, PoliteFetcher, type Validators } from "./fetcher.js";
import { contentText, decodePage, documentId, isHtmlContentType, readListing, resolveLink } from "./page.js";
import { allowedHostsOf, SiteProfileSchema, type SiteProfile } from "./profile.js";

export interface CrawlOptions {
  /** Root of the content-addressed cache of raw responses. */
  cacheDir: string;
  /** Full User-Agent, naming the project and a contact URL from config, e.g. "bangxin/0.1.0 (+https://example.org/contact)". */
  userAgent: string;
  /** Only read the cache; never touch the network (re-extraction never refetches). */
  offline?: boolean;
  signal?: AbortSignal;
  /** Plain log lines (one per fetch, retry, refusal). */
  log?: (line: string) => void;
  /**
   * Per-host state (spacing, pauses, blocks, robots.txt rules) shared by every crawlSite call
   * given this session; each crawl has its own when absent. Its userAgent must be options.userAgent.
   */
  session?: CrawlSession;
}

type ErrorItem = Extract<SourceItem, { kind: "error" }>;

function errorItem(uri: string, reason: string, stage: ErrorItem["stage"] = "read"): ErrorItem {
  return { kind: "error", uri, reason, stage };
}

/** A page read and parsed: from the network or the cache. */
interface Page {
  /** The URL that answered (after redirects). */
  url: string;
  $: CheerioAPI;
  body: Buffer;
  encoding: string;
  fetchedAt: string;
  /** The profile's selector for what the page must hold (document links, or the content) matched nothing. */
  expectedMissing: boolean;
}

/** A body and what is known about it, before it is decoded. */
interface Obtained {
  url: string;
  body: Buffer;
  contentType: string | null;
  fetchedAt: string;
  /** Entry to store when the body is good to keep; null when it came from the cache. */
  toStore: Omit<CacheEntry, "hash" | "validatedAt" | "documentOf"> | null;
  /** The cache entry the body was read from; null when it came from the network. */
  entry: CacheEntry | null;
}

type Role = "listing" | "document";

/** What the cache says about a URL: its body is to be used, or the URL is to be fetched (with these validators). */
type Lookup = { kind: "cached"; obtained: Obtained } | { kind: "fetch"; validators: Validators | null };

class SiteCrawl {
  private readonly stopper = new AbortController();
  private readonly signal: AbortSignal;
  private readonly cache: ResponseCache;
  private readonly fetcher: PoliteFetcher | null;
  private readonly allowedHosts: Set<string>;
  private readonly log: (line: string) => void;
  private readonly seenDocuments = new Set<string>();

  constructor(
    private readonly site: SiteProfile,
    private readonly options: CrawlOptions,
  ) {
    this.signal = options.signal ? AbortSignal.any([options.signal, this.stopper.signal]) : this.stopper.signal;
    this.cache = new ResponseCache(options.cacheDir);
    this.allowedHosts = allowedHostsOf(site);
    this.log = options.log ?? (() => undefined);
    this.fetcher = options.offline
      ? null
      : new PoliteFetcher({
          userAgent: options.userAgent,
          allowedHosts: this.allowedHosts,
          politeness: site.politeness,
          challenge: site.challenge,
          encoding: site.encoding,
          signal: this.signal,
          log: this.log,
          session: options.session,
        });
  }

  /** Ends requests still queued or in flight (the consumer stopped early). */
  stop(): void {
    this.stopper.abort(new Error("crawl stopped"));
  }

  async *run(): AsyncGenerator<SourceItem> {
    for (const start of this.site.startUrls) yield* this.crawlListing(resolveLink(start, start) ?? start);
  }

  /** Every URL the cache records as a document page of this profile, read from the cache as `run` would read it. */
  async *cachedDocuments(): AsyncGenerator<SourceItem> {
    const entries: CacheEntry[] = [];
    for await (const entry of this.cache.entries()) if (entry.documentOf.includes(this.site.name)) entries.push(entry);
    entries.sort((a, b) => compare(a.finalUrl, b.finalUrl) || compare(a.url, b.url));
    for (const entry of entries) {
      yield await this.guard(entry.url, async () => {
        const obtained = await this.fromCache(entry);
        if (obtained === null) return errorItem(entry.url, "cached body missing or damaged (offline crawl)");
        return this.document(entry.url, { kind: "cached", obtained });
      });
    }
  }

  /** One listing from its first page to the last (no next link, a page already read, or maxPages). */
  private async *crawlListing(start: string): AsyncGenerator<SourceItem> {
    const { documentLinks, maxPages } = this.site.listing;
    const seenPages = new Set<string>();
    let pagesRead = 0;
    let pageUrl: string | null = start;
    while (pageUrl !== null) {
      if (seenPages.has(pageUrl)) {
        this.log(`listing ${start}: next page ${pageUrl} was already read; stopping`);
        return;
      }
      if (pagesRead >= maxPages) {
        yield errorItem(pageUrl, `listing page not read: listing ${start} has more than ${maxPages} pages (listing.maxPages)`);
        return;
      }
      seenPages.add(pageUrl);
      pagesRead++;
      const listingUrl: string = pageUrl;
      const page = await this.guard(listingUrl, async () => this.load(listingUrl, "listing", await this.lookup(listingUrl, "listing")));
      if ("kind" in page) {
        yield page;
        return;
      }
      seenPages.add(page.url);
      const { links, next } = readListing(page.$, page.url, this.site.listing);
      if (links.length === 0) {
        const at = page.url === pageUrl ? "" : ` (at ${page.url})`;
        yield errorItem(pageUrl, `listing page has no document links matching "${documentLinks}"${at}`, "parse");
      }
      yield* this.documents(links);
      pageUrl = next;
    }
  }

  /**
   * The documents of one listing page, in listing order. Their cache lookups come first, one by
   * one, so that the requests still needed are then queued together and in listing order.
   */
  private async *documents(links: string[]): AsyncGenerator<SourceItem> {
    const lookups: { link: string; lookup: Lookup | SourceItem }[] = [];
    for (const link of links) {
      if (this.seenDocuments.has(link)) {
        lookups.push({ link, lookup: { kind: "skip", uri: link, reason: "document already listed earlier in this crawl" } });
        continue;
      }
      this.seenDocuments.add(link);
      const host = new URL(link).host;
      const lookup: Lookup | SourceItem = this.allowedHosts.has(host)
        ? await this.guard(link, () => this.lookup(link, "document"))
        : errorItem(link, `document link to host ${host}, which is not in the profile's allowed hosts`);
      lookups.push({ link, lookup });
    }
    const pending = lookups.map(({ link, lookup }): Promise<SourceItem> => {
      if (lookup.kind !== "cached" && lookup.kind !== "fetch") return Promise.resolve(lookup);
      const item = this.guard(link, () => this.document(link, lookup));
      // Awaited in order below; until then a rejection (the crawl aborted) must not count as unhandled.
      item.catch(() => undefined);
      return item;
    });
    for (const item of pending) yield await item;
  }

  private async document(link: string, lookup: Lookup): Promise<SourceItem> {
    const page = await this.load(link, "document", lookup);
    if (!("$" in page)) return page;
    const { content } = this.site.document;
    const at = page.url === link ? "" : ` (at ${page.url})`;
    if (page.expectedMissing) return errorItem(link, `content selector "${content}" matched nothing on the page${at}`, "parse");
    const text = contentText(page.$, content);
    if (text === null || text.trim() === "") return errorItem(link, `document has no text${at}`, "parse");
    return {
      kind: "doc",
      doc: {
        id: documentId(page.$, this.site.document.id),
        uri: page.url,
        format: "html",
        text,
        contentHash: sha256(page.body),
        fetchedAt: page.fetchedAt,
        encoding: page.encoding,
      },
    };
  }

  /**
   * Anything but an abort that goes wrong with one page (a full disk under the cache, say)
   * becomes that page's error item, so the rest of the site is still crawled.
   */
  private async guard<T>(uri: string, work: () => Promise<T | ErrorItem>): Promise<T | ErrorItem> {
    try {
      return await work();
    } catch (err) {
      if (this.signal.aborted) throw this.options.signal?.aborted ? this.options.signal.reason : err;
      return errorItem(uri, `internal error: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** A page from the cache or the network, decoded and checked for a challenge; stored when good. */
  private async load(url: string, role: Role, lookup: Lookup | ErrorItem): Promise<Page | ErrorItem> {
    if (lookup.kind === "error") return lookup;
    const response = lookup.kind === "cached" ? lookup.obtained : await this.fetch(url, lookup.validators);
    if ("kind" in response) return response;
    // Errors name the URL asked for (the link), and where a redirect ended up.
    const at = response.url === url ? "" : ` (at ${response.url})`;
    if (!isHtmlContentType(response.contentType)) {
      return errorItem(url, `not an HTML page (Content-Type ${response.contentType})${at}`, "parse");
    }
    let decoded: { html: string; encoding: string };
    try {
      decoded = decodePage(response.body, response.contentType, this.site.encoding);
    } catch (err) {
      if (err instanceof DecodeError) return errorItem(url, err.message + at, "decode");
      throw err;
    }
    const $ = cheerio.load(decoded.html);
    const expected = role === "listing" ? this.site.listing.documentLinks : this.site.document.content;
    const expectedMissing = $(expected).length === 0;
    const challenge = findChallenge($, decoded.html, this.site.challenge, expectedMissing);
    if (challenge !== null) return errorItem(url, `challenge page: ${challenge}${at}`);
    const isDocument = role === "document" && !expectedMissing;
    // A document page without its content is not kept, so a later run fetches it again.
    if (response.toStore !== null && (role === "listing" || isDocument)) {
      const previous = (await this.cache.get(url))?.documentOf ?? [];
      const documentOf = isDocument && !previous.includes(this.site.name) ? [...previous, this.site.name] : previous;
      await this.cache.put({ ...response.toStore, documentOf }, response.body);
    } else if (response.entry !== null && isDocument) {
      await this.recordDocument(url, response.entry);
    }
    return { url: response.url, $, body: response.body, encoding: decoded.encoding, fetchedAt: response.fetchedAt, expectedMissing };
  }

  /**
   * Record in the cache that `link` is a document page of this profile (for cachedSiteDocuments),
   * when its body came from `source`, the entry of `link` or of the URL a redirect from it led to.
   */
  private async recordDocument(link: string, source: CacheEntry): Promise<void> {
    const own = source.url === link ? source : await this.cache.get(link);
    if (own !== null && own.documentOf.includes(this.site.name)) return;
    const entry = own ?? { ...source, url: link, documentOf: [] };
    await this.cache.putEntry({ ...entry, documentOf: [...entry.documentOf, this.site.name] });
  }

  /**
   * What the cache can do for `url`. Offline: everything, or the page is an error. Online: a
   * cached document page is used as it is (judgments do not change) unless refetchDocuments;
   * anything else is to be fetched, conditionally when the cache has validators for it.
   */
  private async lookup(url: string, role: Role): Promise<Lookup | ErrorItem> {
    const cached = await this.cache.get(url);
    if (this.fetcher === null || (role === "document" && cached !== null && !this.site.refetchDocuments)) {
      const fromCache = cached === null ? null : await this.fromCache(cached);
      if (fromCache !== null) return { kind: "cached", obtained: fromCache };
      if (this.fetcher === null) {
        return errorItem(url, cached === null ? "not in the cache (offline crawl)" : "cached body missing or damaged (offline crawl)");
      }
    }
    return { kind: "fetch", validators: await this.validatorsFor(url) };
  }

  /** The body for `url` from the network; a 304 serves the cached body. */
  private async fetch(url: string, validators: Validators | null): Promise<Obtained | ErrorItem> {
    if (this.fetcher === null) throw new Error("fetch in an offline crawl");
    const result = await this.fetcher.get(url, { validators, validatorsFor: (u) => this.validatorsFor(u) });
    switch (result.kind) {
      case "failed":
        return errorItem(url, result.reason);
      case "not-modified": {
        const entry = await this.cache.get(result.url);
        const response = entry === null ? null : await this.fromCache(entry);
        if (entry === null || response === null) return errorItem(url, `HTTP 304 for ${result.url}, but its cached body is gone`);
        const validated = { ...entry, validatedAt: new Date().toISOString() };
        await this.cache.putEntry(validated);
        return { ...response, entry: validated };
      }
      case "body":
        return {
          url: result.url,
          body: result.body,
          contentType: result.contentType,
          fetchedAt: result.fetchedAt,
          toStore: {
            url,
            finalUrl: result.url,
            etag: result.etag,
            lastModified: result.lastModified,
            fetchedAt: result.fetchedAt,
            status: result.status,
            contentType: result.contentType,
          },
          entry: null,
        };
    }
  }

  private async fromCache(entry: CacheEntry): Promise<Obtained | null> {
    const body = await this.cache.readBody(entry.hash);
    if (body === null) return null;
    this.log(`cached ${entry.url} (fetched ${entry.fetchedAt})`);
    return { url: entry.finalUrl, body, contentType: entry.contentType, fetchedAt: entry.fetchedAt, toStore: null, entry };
  }

  /** If-None-Match / If-Modified-Since for a URL whose own response (not a redirect's) is cached with its body. */
  private async validatorsFor(url: string): Promise<Validators | null> {
    const entry = await this.cache.get(url);
    if (entry === null || entry.finalUrl !== url || (entry.etag === null && entry.lastModified === null)) return null;
    if (!(await this.cache.hasBody(entry.hash))) return null;
    return { etag: entry.etag, lastModified: entry.lastModified };
  }
}

/** The profile with its defaults filled in; throws a readable Error for an invalid one. */
function validProfile(profile: SiteProfile): SiteProfile {
  const parsed = SiteProfileSchema.safeParse(profile);
  if (!parsed.success) throw new Error(`invalid site profile "${profile?.name}":\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * Every document a site lists, as SourceItems: each listing followed page by page, each
 * document page fetched politely (or read from the cache) and reduced to its content's text.
 * A page that cannot be had is an error item and the crawl goes on; only an invalid profile or
 * options, or an abort through `options.signal`, throws.
 */
export async function* crawlSite(profile: SiteProfile, options: CrawlOptions): AsyncGenerator<SourceItem> {
  const site = validProfile(profile);
  if (typeof options.userAgent !== "string" || options.userAgent.trim() === "") throw new Error("crawlSite: options.userAgent is required");
  if (typeof options.cacheDir !== "string" || options.cacheDir === "") throw new Error("crawlSite: options.cacheDir is required");
  if (options.session !== undefined && options.session.userAgent !== options.userAgent) {
    throw new Error("crawlSite: options.session was made for another userAgent than options.userAgent");
  }
  const crawl = new SiteCrawl(site, options);
  try {
    yield* crawl.run();
  } finally {
    crawl.stop();
  }
}

/**
 * Every document page of this profile that the cache holds (read by any earlier crawl), as
 * SourceItems exactly as crawlSite would yield them from the cache, ordered by uri (then by the
 * link that led there). No network. Documents a listing no longer shows stay in the corpus this
 * way, so that the corpus is a function of the inputs and the cache. Cache entries written
 * before the cache recorded which profile read a URL as a document are not known to be
 * documents and are skipped.
 */
export async function* cachedSiteDocuments(profile: SiteProfile, options: { cacheDir: string }): AsyncGenerator<SourceItem> {
  const site = validProfile(profile);
  if (typeof options.cacheDir !== "string" || options.cacheDir === "") throw new Error("cachedSiteDocuments: options.cacheDir is required");
  const crawl = new SiteCrawl(site, { cacheDir: options.cacheDir, userAgent: "", offline: true });
  try {
    yield* crawl.cachedDocuments();
  } finally {
    crawl.stop();
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
