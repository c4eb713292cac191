import robotsParserModule from "robots-parser";

// robots-parser is CommonJS (module.exports = function) but its typings declare an ES default
// export, which NodeNext places one level down; at run time the default import is the function.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** What fetching an origin's /robots.txt gave: a response (status and text) or why there was none. */
export type RobotsResponse = { status: number; text: string } | { failure: string };

export type RobotsVerdict = { allowed: true } | { allowed: false; reason: string };

export interface RobotsRules {
  verdict(url: URL): RobotsVerdict;
  /** Crawl-delay for our user agent (or *), in ms; null when robots.txt sets none. */
  crawlDelayMs: number | null;
}

/** The product token robots.txt groups are matched against: "bangxin" of "bangxin/0.1.0 (+https://…)". */
export function userAgentToken(userAgent: string): string {
  return userAgent.trim().split(/[\/\s]/)[0];
}

/** Largest robots.txt read (RFC 9309 asks crawlers to parse at least 500 KiB). */
export const ROBOTS_MAX_BYTES = 512 * 1024;

/**
 * Robots rules per origin (RFC 9309), fetched once per crawl session: a 2xx is parsed with
 * robots-parser; a 4xx means there are no rules; a 5xx, timeout or any other failure means the
 * whole origin is treated as disallowed, since crawling a site whose rules we cannot read is what
 * gets us banned. The first caller for an origin fetches robots.txt through its own fetcher.
 */
export class RobotsPolicy {
  private readonly byOrigin = new Map<string, Promise<RobotsRules>>();
  private readonly loaded = new Map<string, RobotsRules>();

  constructor(private readonly userAgent: string) {}

  /**
   * The origin's rules, fetching robots.txt with `fetchRobots` the first time (concurrent callers
   * share the one request). A fetch that throws (its crawl was aborted) is forgotten, so the next
   * caller fetches again.
   */
  rulesFor(url: URL, fetchRobots: (robotsUrl: string) => Promise<RobotsResponse>): Promise<RobotsRules> {
    let rules = this.byOrigin.get(url.origin);
    if (!rules) {
      const loading = this.load(url.origin, fetchRobots).then(
        (loaded) => {
          this.loaded.set(url.origin, loaded);
          return loaded;
        },
        (err: unknown) => {
          if (this.byOrigin.get(url.origin) === loading) this.byOrigin.delete(url.origin);
          throw err;
        },
      );
      rules = loading;
      this.byOrigin.set(url.origin, rules);
    }
    return rules;
  }

  /** The origin's rules if they are loaded already; null otherwise. */
  loadedRulesFor(url: URL): RobotsRules | null {
    return this.loaded.get(url.origin) ?? null;
  }

  private async load(origin: string, fetchRobots: (robotsUrl: string) => Promise<RobotsResponse>): Promise<RobotsRules> {
    const robotsUrl = `${origin}/robots.txt`;
    const response = await fetchRobots(robotsUrl);
    if ("failure" in response) return disallowAll(`robots.txt could not be read (${response.failure}), so the site is not crawled`);
    if (response.status >= 400 && response.status < 500) return { verdict: () => ({ allowed: true }), crawlDelayMs: null };
    if (response.status < 200 || response.status >= 300) {
      return disallowAll(`robots.txt answered HTTP ${response.status}, so the site is not crawled`);
    }
    const robot = robotsParser(robotsUrl, response.text);
    const agent = userAgentToken(this.userAgent);
    const delaySeconds = robot.getCrawlDelay(agent);
    return {
      verdict: (url) =>
        robot.isDisallowed(url.href, agent) === true
          ? { allowed: false, reason: `disallowed by robots.txt (${robotsUrl} line ${robot.getMatchingLineNumber(url.href, agent)})` }
          : { allowed: true },
      crawlDelayMs: typeof delaySeconds === "number" && Number.isFinite(delaySeconds) && delaySeconds > 0 ? delaySeconds * 1000 : null,
    };
  }
}

function disallowAll(reason: string): RobotsRules {
  return { verdict: () => ({ allowed: false, reason }), crawlDelayMs: null };
}
