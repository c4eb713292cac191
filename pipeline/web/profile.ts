import { readFile } from "node:fs/promises";
import * as cheerio from "cheerio";
import iconv from "iconv-lite";
import { z } from "zod";

/** A cheerio (css-select) selector; checked for syntax when the profile is loaded. */
const Selector = z.string().trim().min(1);

const HttpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

/** `host` or `host:port`, lower case, as URL.host gives it. */
const Host = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/, "must be a host name with an optional :port, e.g. www.example.com");

const IdSourceSchema = z
  .object({
    /** The element holding the id. */
    selector: Selector,
    /** Read this attribute (e.g. `content` of a <meta>) instead of the element's text. */
    attribute: z.string().min(1).optional(),
    /** A regular expression applied to the value; its first capture group (or the whole match) is the id. */
    pattern: z.string().min(1).optional(),
  })
  .strict();

const PolitenessSchema = z
  .object({
    /**
     * Requests per second this profile sends to one host, robots.txt included; a robots.txt
     * Crawl-delay can only lower it. In a crawl session shared with other profiles, each request
     * keeps this profile's interval after the previous request to the host, whichever profile sent that.
     */
    requestsPerSecond: z.number().positive().max(100).default(1),
    /** Requests in flight to one host at a time (in a shared session, the smallest concurrency of the profiles using the host). */
    concurrency: z.int().min(1).max(16).default(1),
    /** Whole-request timeout (headers and body), per attempt. */
    timeoutMs: z.int().min(1).default(30_000),
    /** Largest response body accepted; the download is aborted once it is exceeded. */
    maxBodyBytes: z.int().min(1).default(20 * 1024 * 1024),
    /** Further attempts after a 429, 5xx, timeout or broken connection. */
    maxRetries: z.int().min(0).max(10).default(3),
    /** First backoff delay; doubled each retry, with jitter. */
    backoffBaseMs: z.int().min(0).default(1_000),
    /** Upper bound on one backoff delay. */
    backoffMaxMs: z.int().min(0).default(60_000),
    /** A Retry-After longer than this ends the crawl of that host for this run instead of waiting. */
    maxRetryAfterMs: z.int().min(0).default(300_000),
    /** Redirect hops followed for one request. */
    maxRedirects: z.int().min(0).max(20).default(5),
  })
  .strict();

export const SiteProfileSchema = z
  .object({
    /** Short name used in log lines, e.g. "example-court-cpws". */
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "use lower-case letters, digits, '.', '_' and '-'"),
    description: z.string().optional(),
    /** First listing page of each listing to crawl. */
    startUrls: z.array(HttpUrl).min(1),
    /** Hosts requests and redirects may go to; the start URLs' hosts when omitted. */
    allowedHosts: z.array(Host).min(1).optional(),
    listing: z
      .object({
        /** The links (<a href>) to document pages on a listing page. */
        documentLinks: Selector,
        /** The link to the next listing page (下一页); null for a single page. */
        nextPage: Selector.nullable().default(null),
        /** Listing pages followed from one start URL at most. */
        maxPages: z.int().min(1).default(1_000),
      })
      .strict(),
    document: z
      .object({
        /** The element holding the judgment's text (正文). */
        content: Selector,
        /** Where the site's own id of the document is; null when it has none. */
        id: IdSourceSchema.nullable().default(null),
      })
      .strict(),
    politeness: PolitenessSchema.prefault({}),
    /** Charset to decode every page with when the site's declarations are wrong; null trusts the header, <meta> and the bytes. */
    encoding: z.string().min(1).nullable().default(null),
    /** Fetch document pages again even when the cache has them (judgments do not change, so off by default). */
    refetchDocuments: z.boolean().default(false),
    /** Site-specific signs of a challenge/captcha/login page, added to the built-in ones. */
    challenge: z
      .object({
        selectors: z.array(Selector).default([]),
        /** Substrings of the page's <title> or text; checked on every page, so pick texts a judgment cannot contain. */
        texts: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((profile, ctx) => {
    const $ = cheerio.load("");
    const checkSelector = (selector: string, path: (string | number)[]) => {
      try {
        $(selector);
      } catch (err) {
        ctx.addIssue({ code: "custom", path, message: `invalid selector: ${(err as Error).message}` });
      }
    };
    checkSelector(profile.listing.documentLinks, ["listing", "documentLinks"]);
    if (profile.listing.nextPage !== null) checkSelector(profile.listing.nextPage, ["listing", "nextPage"]);
    checkSelector(profile.document.content, ["document", "content"]);
    if (profile.document.id) {
      checkSelector(profile.document.id.selector, ["document", "id", "selector"]);
      if (profile.document.id.pattern !== undefined) {
        try {
          new RegExp(profile.document.id.pattern, "u");
        } catch (err) {
          ctx.addIssue({ code: "custom", path: ["document", "id", "pattern"], message: `invalid regular expression: ${(err as Error).message}` });
        }
      }
    }
    profile.challenge.selectors.forEach((s, i) => checkSelector(s, ["challenge", "selectors", i]));
    if (profile.encoding !== null && !iconv.encodingExists(profile.encoding)) {
      ctx.addIssue({ code: "custom", path: ["encoding"], message: `unknown encoding "${profile.encoding}"` });
    }
    if (profile.allowedHosts) {
      profile.startUrls.forEach((url, i) => {
        // Refinements also run when a start URL already failed its own check (zod 4 continues past it).
        const host = URL.canParse(url) ? new URL(url).host : null;
        if (host !== null && !profile.allowedHosts!.includes(host)) {
          ctx.addIssue({ code: "custom", path: ["startUrls", i], message: `host ${host} is not in allowedHosts` });
        }
      });
    }
  });

export type SiteProfile = z.output<typeof SiteProfileSchema>;

/** The hosts a profile may fetch from: allowedHosts, or the start URLs' hosts. */
export function allowedHostsOf(profile: SiteProfile): Set<string> {
  return new Set(profile.allowedHosts ?? profile.startUrls.map((url) => new URL(url).host));
}

/** A profile from a JSON file, validated; throws an Error naming the file and every problem. */
export async function loadSiteProfile(path: string): Promise<SiteProfile> {
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (err) {
    throw new Error(`cannot read site profile ${path}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (err) {
    throw new Error(`site profile ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = SiteProfileSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(`site profile ${path} is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
