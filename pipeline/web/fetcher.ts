import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { performance } from "node:perf_hooks";
import * as cheerio from "cheerio";
import PQueue from "p-queue";
import { findChallenge, type ChallengeSigns } from "./challenge.js";
import type { SiteProfile } from "./profile.js";
import { decodePage } from "./page.js";
import { ROBOTS_MAX_BYTES, RobotsPolicy, type RobotsResponse } from "./robots.js";

export type Politeness = SiteProfile["politeness"];

export interface FetcherOptions {
  userAgent: string;
  allowedHosts: Set<string>;
  politeness: Politeness;
  challenge: ChallengeSigns;
  /** The profile's forced charset, if any (to read challenge pages in error responses). */
  encoding: string | null;
  signal: AbortSignal;
  log: (line: string) => void;
  /** Source of the backoff jitter, in [0, 1); Math.random by default. */
  random?: () => number;
  /** Per-host state shared with other fetchers; a fetcher of its own when absent. */
  session?: CrawlSession;
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FetchResult =
  /** A complete 2xx body. `url` is the URL that answered, after redirects. */
  | {
      kind: "body";
      url: string;
      status: number;
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      fetchedAt: string;
    }
  /** 304 to a conditional request: the cached body for `url` is current. */
  | { kind: "not-modified"; url: string }
  /** No usable response; `reason` says why, `status` is the last HTTP status if there was one. */
  | { kind: "failed"; url: string; reason: string; status: number | null };

export interface GetOptions {
  /** Validators for a conditional GET of the URL asked for. */
  validators?: Validators | null;
  /** Validators for a conditional GET of a URL a redirect leads to. */
  validatorsFor?: (url: string) => Promise<Validators | null>;
  /** Skip the robots.txt check (for robots.txt itself). */
  skipRobots?: boolean;
  /** Body size limit for this request; the profile's maxBodyBytes by default. */
  maxBytes?: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Statuses worth another attempt after a pause. */
const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
/** Bytes of an error response read to look for a challenge page. */
const ERROR_BODY_BYTES = 256 * 1024;

/** One attempt's outcome, before retries and redirects are decided. */
type Attempt =
  | { kind: "body"; status: number; body: Buffer; headers: Headers; fetchedAt: string }
  | { kind: "redirect"; status: number; location: string | null }
  | { kind: "not-modified" }
  /** Worth retrying after `retryAfterMs` (from the server) or a backoff. */
  | { kind: "transient"; reason: string; status: number | null; retryAfterMs: number | null }
  | { kind: "fatal"; reason: string; status: number | null };

/**
 * Spacing and concurrency of the requests to one host, shared by every fetcher of a session.
 * p-queue bounds the requests in flight; the spacing is kept on the clock here, because it
 * changes while requests wait: robots.txt (itself the first request) may raise it with
 * Crawl-delay, and a Retry-After or backoff pauses every request to the host, not only the one
 * retried. The gap is counted from the later of the previous request's start and the arrival of
 * its response: the server received that request no later than it answered, so however long
 * connecting took, the server sees at least the interval between two requests (with concurrency
 * 1; with more, requests still in flight count from their start). Each request waits the
 * interval of the profile that issues it (or the Crawl-delay, if longer) after the previous
 * request, whichever profile issued that one.
 */
class HostSlot {
  readonly queue: PQueue;
  private lastStart = -Infinity;
  private pausedUntil = 0;
  private turn: Promise<void> = Promise.resolve();
  /** robots.txt's Crawl-delay for the host, in ms; 0 when it sets none (or is not loaded yet). */
  crawlDelayMs = 0;
  /** Set when the host asked for a pause longer than we wait; no further requests go to it. */
  blocked: string | null = null;

  constructor(concurrency: number) {
    this.queue = new PQueue({ concurrency });
  }

  /** A fetcher with this concurrency uses the host: the smallest concurrency of its users applies. */
  limitConcurrency(concurrency: number): void {
    if (concurrency < this.queue.concurrency) this.queue.concurrency = concurrency;
  }

  /** The previous request has its answer (or failed): count the next gap from now. */
  answered(): void {
    this.lastStart = Math.max(this.lastStart, performance.now());
  }

  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + ms);
  }

  /**
   * Run `request` once its start is due, at least `intervalMs` after the previous start; starts
   * are serialized so each gap is measured from the real previous start. Null, without a
   * request, once the host is blocked (a request waiting here when another got a too-long
   * Retry-After).
   */
  run<T>(request: () => Promise<T>, intervalMs: number, signal: AbortSignal): Promise<T | null> {
    return this.queue.add(
      async () => {
        const previous = this.turn;
        let release!: () => void;
        this.turn = new Promise((resolve) => (release = resolve));
        try {
          await previous;
          if (this.blocked !== null) return null;
          const due = Math.max(this.lastStart + Math.max(intervalMs, this.crawlDelayMs), this.pausedUntil);
          const wait = due - performance.now();
          if (wait > 0) await sleep(Math.ceil(wait), undefined, { signal });
          if (this.blocked !== null) return null;
          this.lastStart = performance.now();
        } finally {
          release();
        }
        return request();
      },
      { signal },
    ) as Promise<T | null>;
  }
}

/**
 * What the crawls of one run share about the hosts they fetch from: each host's request spacing,
 * pauses and block (a Retry-After beyond the limit), and each origin's robots.txt rules. Give
 * the same session to every crawlSite call of a run, so two profiles on one host are one client
 * to that host: robots.txt is fetched once, a pause or block asked for during one crawl holds
 * for the next, and the rate counts across both.
 */
export class CrawlSession {
  readonly userAgent: string;
  private readonly hosts = new Map<string, HostSlot>();
  /** @internal */
  readonly robots: RobotsPolicy;

  constructor(options: { userAgent: string }) {
    if (typeof options?.userAgent !== "string" || options.userAgent.trim() === "") throw new Error("CrawlSession: userAgent is required");
    this.userAgent = options.userAgent;
    this.robots = new RobotsPolicy(options.userAgent);
  }

  /** @internal The host's slot; `concurrency` is the caller's limit of requests in flight. */
  slotFor(host: string, concurrency: number): HostSlot {
    let slot = this.hosts.get(host);
    if (!slot) {
      slot = new HostSlot(concurrency);
      this.hosts.set(host, slot);
    } else {
      slot.limitConcurrency(concurrency);
    }
    return slot;
  }

  /** @internal Why no request goes to `host` any more in this session; null when requests may go. */
  blockedReason(host: string): string | null {
    return this.hosts.get(host)?.blocked ?? null;
  }
}

function header(headers: Headers, name: string): string | null {
  const value = headers.get(name);
  return value === null || value.trim() === "" ? null : value.trim();
}

/** Retry-After as a delay in ms: delta-seconds or an HTTP-date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function messageOf(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

/** Read a body up to `limit` bytes, aborting the download once it is exceeded. */
async function readBody(
  response: Response,
  limit: number,
  timeout: AbortSignal,
  outer: AbortSignal,
): Promise<{ body: Buffer } | { tooLarge: string } | { broken: string }> {
  // Content-Length counts encoded bytes; compare it only when the body is not content-encoded.
  const encoded = header(response.headers, "content-encoding") !== null;
  const lengthHeader = header(response.headers, "content-length");
  const declared = !encoded && lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  if (declared !== null && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return { tooLarge: `response too large (Content-Length ${declared} bytes > limit ${limit})` };
  }
  if (!response.body) return { body: Buffer.alloc(0) };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > limit) {
        await reader.cancel().catch(() => undefined);
        return { tooLarge: `response too large (more than ${limit} bytes; download aborted)` };
      }
      chunks.push(value);
    }
  } catch {
    if (outer.aborted) throw outer.reason;
    if (timeout.aborted) return { broken: `timed out while reading the body (${received} bytes received)` };
    const of = declared !== null ? ` of ${declared}` : "";
    return { broken: `truncated body: connection closed after ${received}${of} bytes` };
  }
  if (declared !== null && received < declared) {
    return { broken: `truncated body: received ${received} of ${declared} bytes` };
  }
  return { body: Buffer.concat(chunks) };
}

/**
 * HTTP GET with the manners a court website expects: robots.txt, a per-host rate and
 * concurrency, retries with backoff and Retry-After, a timeout, a body size limit, conditional
 * requests and redirects followed by hand within the allowed hosts. Built on Node's fetch
 * (undici); no request is sent anywhere but the allowed hosts.
 */
export class PoliteFetcher {
  private readonly session: CrawlSession;
  private readonly random: () => number;
  private readonly intervalMs: number;
  /**
   * The caller's signal, through a signal of our own: p-queue, sleep and fetch each add an abort
   * listener per queued request, more than the default limit of 10 on a long listing.
   */
  private readonly signal: AbortSignal;

  constructor(private readonly options: FetcherOptions) {
    if (options.session !== undefined && options.session.userAgent !== options.userAgent) {
      throw new Error("PoliteFetcher: the session's userAgent differs from options.userAgent (robots.txt rules depend on it)");
    }
    this.session = options.session ?? new CrawlSession({ userAgent: options.userAgent });
    this.random = options.random ?? Math.random;
    this.intervalMs = 1000 / options.politeness.requestsPerSecond;
    this.signal = AbortSignal.any([options.signal]);
    setMaxListeners(0, this.signal);
  }

  private slotFor(host: string): HostSlot {
    return this.session.slotFor(host, this.options.politeness.concurrency);
  }

  private async fetchRobots(robotsUrl: string): Promise<RobotsResponse> {
    const result = await this.get(robotsUrl, { skipRobots: true, maxBytes: ROBOTS_MAX_BYTES });
    if (result.kind === "body") return { status: result.status, text: result.body.toString("utf8") };
    if (result.kind === "failed" && result.status !== null && result.status >= 400 && result.status < 500 && result.status !== 429) {
      return { status: result.status, text: "" };
    }
    return { failure: result.kind === "failed" ? result.reason : "unexpected 304" };
  }

  /** Load an origin's robots.txt and apply its Crawl-delay to the host (once). */
  private async loadRobots(url: URL): Promise<void> {
    const rules = await this.session.robots.rulesFor(url, (robotsUrl) => this.fetchRobots(robotsUrl));
    const slot = this.slotFor(url.host);
    if (rules.crawlDelayMs !== null && rules.crawlDelayMs > slot.crawlDelayMs) {
      if (rules.crawlDelayMs > this.intervalMs) {
        this.options.log(`robots.txt of ${url.origin} sets Crawl-delay ${rules.crawlDelayMs / 1000} s: one request every ${rules.crawlDelayMs} ms`);
      }
      slot.crawlDelayMs = rules.crawlDelayMs;
    }
  }

  /** robots.txt's reason to refuse `url`, or null; rules must be loaded. */
  private robotsRefusal(url: URL): string | null {
    const verdict = this.session.robots.loadedRulesFor(url)!.verdict(url);
    return verdict.allowed ? null : verdict.reason;
  }

  /** A request not made (or a redirect not followed) because policy forbids it. */
  private refuse(url: string, reason: string, status: number | null = null): Extract<FetchResult, { kind: "failed" }> {
    this.options.log(`refused ${url}: ${reason}`);
    return { kind: "failed", url, reason, status };
  }

  private fail(url: string, reason: string, status: number | null): Extract<FetchResult, { kind: "failed" }> {
    this.options.log(`failed ${url}: ${reason}`);
    return { kind: "failed", url, reason, status };
  }

  /**
   * GET `url`, following redirects within the allowed hosts. Throws only when the crawl is
   * aborted. Once the host's robots.txt is loaded and with `validators` given, the request is
   * queued before this first returns, so requests are sent in the order `get` was called.
   */
  async get(url: string, opts: GetOptions = {}): Promise<FetchResult> {
    const { maxRedirects } = this.options.politeness;
    let current: URL;
    try {
      current = new URL(url);
    } catch {
      return this.refuse(url, "not a valid URL");
    }
    current.hash = "";
    const chain = [current.href];
    for (let hop = 0; ; hop++) {
      if (current.protocol !== "http:" && current.protocol !== "https:") return this.refuse(current.href, `not an http(s) URL`);
      if (!this.options.allowedHosts.has(current.host)) return this.refuse(current.href, `host ${current.host} is not in the profile's allowed hosts`);
      const blocked = this.session.blockedReason(current.host);
      if (blocked !== null) return this.refuse(current.href, `not requested: ${blocked}`);
      if (!opts.skipRobots) {
        if (this.session.robots.loadedRulesFor(current) === null) await this.loadRobots(current);
        const disallowed = this.robotsRefusal(current);
        if (disallowed !== null) return this.refuse(current.href, disallowed);
      }
      const validators =
        hop === 0 && opts.validators !== undefined ? opts.validators : opts.validatorsFor ? await opts.validatorsFor(current.href) : null;
      const outcome = await this.getOnce(current, validators, opts.maxBytes ?? this.options.politeness.maxBodyBytes);
      if (outcome.kind === "not-modified") return { kind: "not-modified", url: current.href };
      if (outcome.kind === "failed" || outcome.kind === "body") return outcome;
      if (outcome.location === null) return this.refuse(current.href, `HTTP ${outcome.status} redirect without a Location header`, outcome.status);
      let next: URL;
      try {
        next = new URL(outcome.location, current);
      } catch {
        return this.refuse(current.href, `HTTP ${outcome.status} redirect to an invalid URL "${outcome.location}"`, outcome.status);
      }
      next.hash = "";
      if (chain.includes(next.href)) return this.refuse(url, `redirect loop: ${[...chain, next.href].join(" → ")}`, outcome.status);
      if (hop >= maxRedirects) return this.refuse(url, `too many redirects (more than ${maxRedirects}): ${[...chain, next.href].join(" → ")}`, outcome.status);
      if (!this.options.allowedHosts.has(next.host)) {
        return this.refuse(url, `redirect to a host not allowed: ${current.href} → ${next.href}`, outcome.status);
      }
      this.options.log(`redirect ${current.href} → ${next.href} (HTTP ${outcome.status})`);
      chain.push(next.href);
      current = next;
    }
  }

  /** One URL with retries; redirects are returned for `get` to judge. */
  private async getOnce(
    url: URL,
    validators: Validators | null,
    maxBytes: number,
  ): Promise<
    | { kind: "redirect"; status: number; location: string | null }
    | { kind: "not-modified" }
    | Extract<FetchResult, { kind: "body" } | { kind: "failed" }>
  > {
    const { maxRetries, backoffBaseMs, backoffMaxMs, maxRetryAfterMs } = this.options.politeness;
    const slot = this.slotFor(url.host);
    for (let attempt = 0; ; attempt++) {
      const outcome = await slot.run(() => this.attempt(url, validators, maxBytes, slot), this.intervalMs, this.signal);
      if (outcome === null) return this.refuse(url.href, `not requested: ${slot.blocked}`);
      switch (outcome.kind) {
        case "body":
          return {
            kind: "body",
            url: url.href,
            status: outcome.status,
            body: outcome.body,
            contentType: header(outcome.headers, "content-type"),
            etag: header(outcome.headers, "etag"),
            lastModified: header(outcome.headers, "last-modified"),
            fetchedAt: outcome.fetchedAt,
          };
        case "redirect":
        case "not-modified":
          return outcome;
        case "fatal":
          return this.fail(url.href, outcome.reason, outcome.status);
        case "transient":
          break;
      }
      if (outcome.retryAfterMs !== null && outcome.retryAfterMs > maxRetryAfterMs) {
        slot.blocked = `${url.host} asked for a pause of ${Math.round(outcome.retryAfterMs / 1000)} s (Retry-After), more than the ${Math.round(maxRetryAfterMs / 1000)} s allowed`;
        return this.fail(url.href, `${outcome.reason}; ${slot.blocked}`, outcome.status);
      }
      // The server's Retry-After holds for every request to it, also when this one is given up.
      if (outcome.retryAfterMs !== null) slot.pauseFor(outcome.retryAfterMs);
      if (attempt >= maxRetries) {
        return this.fail(url.href, `${outcome.reason} (gave up after ${attempt + 1} attempts)`, outcome.status);
      }
      const backoff = Math.min(backoffMaxMs, backoffBaseMs * 2 ** attempt);
      const delay = outcome.retryAfterMs ?? Math.round(backoff / 2 + (this.random() * backoff) / 2);
      this.options.log(`retry ${attempt + 1}/${maxRetries} ${url.href} in ${delay} ms: ${outcome.reason}`);
      // A struggling server gets the backoff pause from every request to it.
      slot.pauseFor(delay);
    }
  }

  private async attempt(url: URL, validators: Validators | null, maxBytes: number, slot: HostSlot): Promise<Attempt> {
    const outer = this.signal;
    const { timeoutMs } = this.options.politeness;
    const timeout = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = {
      "User-Agent": this.options.userAgent,
      Accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
      "Accept-Language": "zh-CN,zh;q=0.9",
    };
    if (validators?.etag) headers["If-None-Match"] = validators.etag;
    if (validators?.lastModified) headers["If-Modified-Since"] = validators.lastModified;
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(url, { method: "GET", headers, redirect: "manual", signal: AbortSignal.any([outer, timeout]) });
      slot.answered();
    } catch (err) {
      slot.answered();
      if (outer.aborted) throw outer.reason;
      if (timeout.aborted) return this.logged(url, { kind: "transient", reason: `timed out after ${timeoutMs} ms`, status: null, retryAfterMs: null }, started);
      return this.logged(url, { kind: "transient", reason: `request failed (${messageOf(err)})`, status: null, retryAfterMs: null }, started);
    }
    const fetchedAt = new Date().toISOString();
    const status = response.status;
    if (REDIRECT_STATUSES.has(status)) {
      await response.body?.cancel().catch(() => undefined);
      return this.logged(url, { kind: "redirect", status, location: header(response.headers, "location") }, started);
    }
    if (status === 304) {
      await response.body?.cancel().catch(() => undefined);
      if (!validators) return this.logged(url, { kind: "fatal", reason: "HTTP 304 to a request that was not conditional", status }, started);
      return this.logged(url, { kind: "not-modified" }, started);
    }
    if (status >= 200 && status < 300) {
      const read = await readBody(response, maxBytes, timeout, outer);
      if ("tooLarge" in read) return this.logged(url, { kind: "fatal", reason: read.tooLarge, status }, started);
      if ("broken" in read) return this.logged(url, { kind: "transient", reason: read.broken, status, retryAfterMs: null }, started);
      return this.logged(url, { kind: "body", status, body: read.body, headers: response.headers, fetchedAt }, started);
    }
    const errorBody = await readBody(response, ERROR_BODY_BYTES, timeout, outer);
    const challenge = "body" in errorBody ? this.challengeIn(errorBody.body, header(response.headers, "content-type")) : null;
    const statusText = `HTTP ${status}${response.statusText ? " " + response.statusText : ""}`;
    if (challenge !== null) return this.logged(url, { kind: "fatal", reason: `challenge page (${statusText}): ${challenge}`, status }, started);
    if (TRANSIENT_STATUSES.has(status) || status >= 500) {
      const retryAfterMs = parseRetryAfter(header(response.headers, "retry-after"));
      return this.logged(url, { kind: "transient", reason: statusText, status, retryAfterMs }, started);
    }
    return this.logged(url, { kind: "fatal", reason: statusText, status }, started);
  }

  private challengeIn(body: Buffer, contentType: string | null): string | null {
    let html: string;
    try {
      html = decodePage(body, contentType, this.options.encoding).html;
    } catch {
      return null; // not text: no challenge page
    }
    if (!/<[a-z!]/i.test(html)) return null;
    return findChallenge(cheerio.load(html), html, this.options.challenge, true);
  }

  private logged(url: URL, attempt: Attempt, started: number): Attempt {
    const ms = Math.round(performance.now() - started);
    const what =
      attempt.kind === "body"
        ? `${attempt.status} (${attempt.body.length} bytes)`
        : attempt.kind === "redirect"
          ? `${attempt.status} → ${attempt.location ?? "(no Location)"}`
          : attempt.kind === "not-modified"
            ? "304 not modified"
            : attempt.reason;
    this.options.log(`GET ${url.href} ${what} in ${ms} ms`);
    return attempt;
  }
}
