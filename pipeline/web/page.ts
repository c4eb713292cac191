import type { CheerioAPI } from "cheerio";
import iconv from "iconv-lite";
import { bomEncoding } from "../sources/decode.js";
import { canonicalCharset, decodeHtmlBytes, htmlToText } from "../sources/html.js";
import type { SiteProfile } from "./profile.js";

/** The charset parameter of a Content-Type header; null when absent. */
export function charsetOf(contentType: string | null): string | null {
  const match = contentType?.match(/;\s*charset\s*=\s*"?([^";\s]+)"?/i);
  return match ? match[1] : null;
}

/** Media types read as pages; anything else (a PDF attachment, say) is reported, not decoded. */
export function isHtmlContentType(contentType: string | null): boolean {
  if (contentType === null) return true;
  const type = contentType.split(";")[0].trim().toLowerCase();
  return type === "text/html" || type === "application/xhtml+xml" || type === "text/plain" || type === "";
}

/**
 * A fetched page's HTML and the charset it was read in: a byte-order mark wins, then the
 * profile's forced encoding, then the Content-Type charset, then what decodeHtmlBytes finds
 * (<meta charset>, then the bytes). A header charset the bytes contradict (replacement
 * characters) is ignored, as sites often send a default header over GBK pages. Throws
 * DecodeError for binary bodies.
 */
export function decodePage(body: Buffer, contentType: string | null, forcedEncoding: string | null): { html: string; encoding: string } {
  if (bomEncoding(body)) return decodeHtmlBytes(body);
  if (forcedEncoding !== null) {
    const encoding = canonicalCharset(forcedEncoding);
    return { html: iconv.decode(body, encoding), encoding };
  }
  const label = charsetOf(contentType);
  if (label !== null) {
    const encoding = canonicalCharset(label);
    if (iconv.encodingExists(encoding)) {
      const html = iconv.decode(body, encoding);
      if (!html.includes("\ufffd")) return { html, encoding };
    }
  }
  return decodeHtmlBytes(body);
}

/** Absolute http(s) URL of a link, fragment removed; null for javascript:, mailto:, empty or unparsable hrefs. */
export function resolveLink(href: string | undefined, base: string): string | null {
  if (href === undefined || href.trim() === "") return null;
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  url.hash = "";
  return url.href;
}

/** The URL links on the page are relative to: <base href> if the page has one, else its own URL. */
function baseUrlOf($: CheerioAPI, pageUrl: string): string {
  return resolveLink($("base[href]").first().attr("href"), pageUrl) ?? pageUrl;
}

/** Document links (in page order, each once) and the next listing page of a listing page. */
export function readListing($: CheerioAPI, pageUrl: string, listing: SiteProfile["listing"]): { links: string[]; next: string | null } {
  const base = baseUrlOf($, pageUrl);
  const links: string[] = [];
  const seen = new Set<string>();
  $(listing.documentLinks).each((_, element) => {
    const link = resolveLink($(element).attr("href"), base);
    if (link !== null && !seen.has(link)) {
      seen.add(link);
      links.push(link);
    }
  });
  let next: string | null = null;
  if (listing.nextPage !== null) {
    next = resolveLink($(listing.nextPage).first().attr("href"), base);
    if (next === pageUrl) next = null;
  }
  return { links, next };
}

/** The plain text of the content elements, reduced as the file reader reduces an HTML file. */
export function contentText($: CheerioAPI, selector: string): string | null {
  const content = $(selector);
  if (content.length === 0) return null;
  return htmlToText($.html(content));
}

/** The site's own id of a document page, per the profile; null when the profile names none or the page lacks it. */
export function documentId($: CheerioAPI, source: SiteProfile["document"]["id"]): string | null {
  if (source === null) return null;
  const element = $(source.selector).first();
  if (element.length === 0) return null;
  const raw = source.attribute !== undefined ? element.attr(source.attribute) : element.text();
  if (raw === undefined) return null;
  let value = raw.trim();
  if (source.pattern !== undefined) {
    const match = new RegExp(source.pattern, "u").exec(value);
    if (!match) return null;
    value = (match[1] ?? match[0]).trim();
  }
  return value === "" ? null : value;
}
