/** Polite crawling of court websites: site profiles as data, a rate-limited fetcher, a raw-response cache. */
export { SiteProfileSchema, type SiteProfile, loadSiteProfile, allowedHostsOf } from "./profile.js";
export { crawlSite, cachedSiteDocuments, type CrawlOptions } from "./crawl.js";
export { ResponseCache, CacheEntrySchema, type CacheEntry } from "./cache.js";
export { CrawlSession, PoliteFetcher, parseRetryAfter, type FetchResult, type FetcherOptions } from "./fetcher.js";
export { userAgentToken } from "./robots.js";
