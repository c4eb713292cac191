import * as cheerio from "cheerio";
import { ResultType, Sniffer } from "encoding-sniffer/sniffer";
import iconv from "iconv-lite";
import { bomEncoding, decodeBytes, looksBinary, DecodeError, BINARY_REASON } from "./decode.js";

/** Elements whose start and end break the line: CJO pages put every paragraph in its own `<div>`. */
const BLOCK_ELEMENTS = new Set([
  "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
  "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
  "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
  "tbody", "tfoot", "thead", "tr", "ul",
]);
/** Elements whose content is never document text. */
const DROPPED_ELEMENTS = new Set(["head", "script", "style", "noscript", "template", "iframe", "object", "svg"]);
/** Cells of one table row stay on one line, separated by a space. */
const CELL_ELEMENTS = new Set(["td", "th"]);

/** The parts of a domhandler node this reduction reads (cheerio's nodes satisfy it). */
interface MarkupNode {
  type: string;
  name?: string;
  data?: string;
  children?: MarkupNode[];
}

/** A string that contains HTML markup rather than plain text. */
export function looksLikeHtml(value: string): boolean {
  return /<\/?(?:html|body|div|p|br|span|table|tr|td|center|font|a|b|h[1-6])\b[^>]*>/i.test(value);
}

// HTML whitespace (not U+00A0 or U+3000, which are content) collapses to one space.
const HTML_WHITESPACE_RUN = /[ \t\n\r\f]+/g;
// A source line break between two Chinese characters is no space at all (CSS Text's segment break
// rule for East Asian text): "他人，⏎获利" reads "他人，获利". Runs holding a line break are marked
// first and resolved once the neighbours from adjacent text nodes are known.
const HTML_WHITESPACE_RUN_WITH_BREAK = /[ \t\r\f]*\n[ \t\n\r\f]*/g;
const SEGMENT_BREAK = "\ue000";
const SEGMENT_BREAK_BETWEEN_CJK = /(?<=[\p{Script=Han}\u3000-\u303f\uff00-\uffef])\ue000(?=[\p{Script=Han}\u3000-\u303f\uff00-\uffef])/gu;
const LINE_EDGE_SPACE = /^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g;

function collectText(node: MarkupNode, out: string[], inPre: boolean): void {
  if (node.type === "text") {
    const data = node.data ?? "";
    out.push(inPre ? data : data.replace(HTML_WHITESPACE_RUN_WITH_BREAK, SEGMENT_BREAK).replace(HTML_WHITESPACE_RUN, " "));
    return;
  }
  // script/style/comment/directive nodes have their own types and are never text.
  if (node.type !== "tag" && node.type !== "root") {
    return;
  }
  const name = node.name?.toLowerCase() ?? "";
  if (DROPPED_ELEMENTS.has(name)) return;
  if (name === "br") {
    out.push("\n");
    return;
  }
  const isBlock = BLOCK_ELEMENTS.has(name);
  if (isBlock) out.push("\n");
  if (CELL_ELEMENTS.has(name)) out.push(" ");
  for (const child of node.children ?? []) collectText(child, out, inPre || name === "pre");
  if (isBlock) out.push("\n");
}

/**
 * HTML to the plain text the corpus uses: script/style and the <head> dropped, entities decoded,
 * every block element (div, p, br, tr, li, h1–h6, …) on its own line, lines trimmed, blank lines removed.
 */
export function htmlToText(html: string): string {
  const $ = cheerio.load(html);
  const out: string[] = [];
  for (const root of $.root().toArray()) collectText(root as unknown as MarkupNode, out, false);
  return out
    .join("")
    .replace(/[ \ue000]*\ue000[ \ue000]*/g, SEGMENT_BREAK)
    .replace(SEGMENT_BREAK_BETWEEN_CJK, "")
    .replaceAll(SEGMENT_BREAK, " ")
    .split("\n")
    .map((line) => line.replace(LINE_EDGE_SPACE, ""))
    .filter((line) => line !== "")
    .join("\n");
}

/** Labels a page may declare for what is really GB18030's subset; decode them all as GB18030. */
const GB_FAMILY = new Set(["gbk", "gb2312", "gb_2312-80", "x-gbk", "gb18030", "chinese", "csgb2312"]);

/** The encoding name used in SourceDocument.encoding for a declared charset label (GB2312/GBK → gb18030). */
export function canonicalCharset(label: string): string {
  const lower = label.trim().toLowerCase();
  if (GB_FAMILY.has(lower)) return "gb18030";
  if (lower === "utf-8" || lower === "utf8") return "utf8";
  return lower;
}

/**
 * Decode an HTML file: a BOM wins, then the charset the page declares (<meta charset>, <meta
 * http-equiv>, found with the WHATWG prescan of encoding-sniffer), then the bytes themselves
 * (decodeBytes). A declaration that does not fit the bytes (replacement characters) is ignored.
 */
export function decodeHtmlBytes(buf: Buffer): { html: string; encoding: string } {
  if (bomEncoding(buf)) {
    const { text, encoding } = decodeBytes(buf);
    return { html: text, encoding };
  }
  if (looksBinary(buf)) throw new DecodeError(BINARY_REASON, "binary");
  const sniffer = new Sniffer({ maxBytes: 4096, defaultEncoding: "utf-8" });
  sniffer.write(buf.subarray(0, 4096));
  const declared = sniffer.resultType === ResultType.META_TAG || sniffer.resultType === ResultType.XML_ENCODING;
  const label = sniffer.encoding.toLowerCase();
  if (declared && label !== "utf-8") {
    const encoding = canonicalCharset(label);
    if (iconv.encodingExists(encoding)) {
      const html = iconv.decode(buf, encoding);
      if (!html.includes("\ufffd")) return { html, encoding };
    }
  }
  const { text, encoding } = decodeBytes(buf);
  return { html: text, encoding };
}
