/**
 * `bangxin refresh`: the nightly incremental run.
 *
 * The corpus is a deterministic function of the inputs (and the extraction and dedup settings): the
 * files in the watched folders and listed files, and per configured site what tonight's crawl
 * yields plus every document page of that site the response cache holds from earlier crawls (a
 * listing shows the latest judgments only; a page that fails tonight is taken from the cache). The
 * state under <output>/state/ is a memo of the previous run — per input file its metadata and the
 * items it yielded, per document its content hash and where its extracted record is stored — so
 * unchanged files are not read and unchanged documents are not extracted again. One exception: an
 * injected crawler (tests) has no cache, and the documents it no longer yields are kept from the
 * state alone. Every file is written under a temporary name and renamed; the state is written after
 * the corpus. A run killed at any moment therefore leaves either the old or the new corpus, never a
 * mix or a partial file, and the next run (which removes the dead run's temporaries) produces the
 * same corpus an uninterrupted run would.
 *
 * Order of a run: lock → scan inputs → read changed units (extracting new content into a new
 * record segment) → crawl sites, add their cached documents, collect the cache's garbage → compact
 * the record store → dedup → corpus.jsonl, errors.jsonl, manifest.json → state.jsonl →
 * runs/<ts>.json → delete unreferenced segments → unlock.
 */
import { mkdir } from "node:fs/promises";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { SCHEMA_VERSION, type Source } from "../../corpus/schema.js";
import { readSources } from "../sources/index.js";
import type { SourceDocument, SourceItem } from "../sources/types.js";
import { extractChecked, IdAllocator, type ErrorLine } from "../runner.js";
import { writeLinesAtomically } from "../lineSink.js";
import { EXTRACTOR_VERSION } from "../version.js";
import { cachedSiteDocuments, CrawlSession, crawlSite as crawlWebSite, loadSiteProfile, ResponseCache, type SiteProfile } from "../web/index.js";
import { ConfigError, loadConfig, type RefreshConfig } from "./config.js";
import { compareStrings, DEDUP_VERSION, groupDuplicates, textSignature, type DedupDocument } from "./dedup.js";
import { removeDeadTemps, writeFileAtomic } from "../atomicFiles.js";
import { fileMeta, sameMeta, type FileMeta } from "./files.js";
import { acquireLock } from "./lock.js";
import { listSegments, removeSegmentsExcept, segmentName, SegmentReader, SegmentWriter, type RecordRef } from "./records.js";
import {
  loadState,
  sameSettings,
  saveState,
  STATE_VERSION,
  type DocItem,
  type ExtractionSettings,
  type FailedItem,
  type ItemState,
  type RefreshState,
  type UnitState,
} from "./state.js";
import { scanInputs } from "./units.js";

/** Gathers a site's documents; pipeline/web's crawler unless a caller (a test) injects another. */
export type CrawlSite = (
  profilePath: string,
  opts: { cacheDir: string; userAgent: string; offline?: boolean; log?: (line: string) => void },
) => AsyncIterable<SourceItem>;

export interface RefreshOptions {
  /** bangxin.config.json, or a config already loaded with loadConfig/resolveConfig. */
  config: string | RefreshConfig;
  /** Replaces the crawler of pipeline/web (tests inject a fake one). */
  crawlSite?: CrawlSite;
  /** Overrides the config's `offline` (sites from the cache only). */
  offline?: boolean;
  /** The extractor version records are memoised under; EXTRACTOR_VERSION unless a test simulates a new extractor. */
  extractorVersion?: string;
  /** Plain progress lines (phases, every `progressEvery` documents). */
  log?: (line: string) => void;
  /** Structured progress for a status line. */
  onProgress?: (progress: RefreshProgress) => void;
  progressEvery?: number;
}

export interface RefreshProgress {
  phase: "scan" | "read" | "crawl" | "dedup" | "write" | "done";
  unitsToRead: number;
  unitsRead: number;
  documents: number;
  extracted: number;
  failed: number;
}

/**
 * Per source document, relative to the previous run: documents = added + updated + unchanged +
 * failed + skipped. `removed` counts documents of the previous corpus that are in no input any more.
 */
export interface RefreshCounts {
  documents: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: number;
  skipped: number;
}

/**
 * The failure share: failed / (documents − skipped), null when no document was counted (unknown,
 * never 0). Exceeded only when known; the union lets a caller use the share without a null check
 * once it knows the share was exceeded.
 */
export type FailureShare =
  | { failureShare: number; failureShareExceeded: true; maxFailureShare: number }
  | { failureShare: number | null; failureShareExceeded: false; maxFailureShare: number };

/** What runs/<ts>.json holds. */
export type RefreshReport = RefreshReportFields & FailureShare;

interface RefreshReportFields {
  runId: string;
  startedAt: string;
  finishedAt: string;
  config: string | null;
  outputDir: string;
  extractorVersion: string;
  counts: RefreshCounts;
  /** Records in corpus.jsonl (one per judgment). */
  records: number;
  /** Documents that are an additional source of another document's record. */
  merged: number;
  /** Documents run through the extractor in this run. */
  extracted: number;
  units: { files: number; read: number; reused: number; sites: number };
  /** What the response cache's garbage collection removed after crawling; null when it did not run (offline, no sites, injected crawler). */
  cacheGarbage: { removedBodies: number; removedTemps: number } | null;
  /** False when nothing the corpus depends on changed and corpus.jsonl / errors.jsonl were left as they were. */
  corpusRewritten: boolean;
  timings: { totalMs: number; scanMs: number; readMs: number; extractMs: number; crawlMs: number; dedupMs: number; writeMs: number };
  notes: string[];
  outputs: { corpus: string; errors: string; manifest: string; state: string; report: string };
}

/** A file whose mtime is this close to the scan could change again without its metadata showing it. */
const RACY_NS = 2_000_000_000n;
/** A segment with less than this share of live bytes is copied into the new one and deleted. */
const MIN_LIVE_SHARE = 0.5;
const MAX_SEGMENTS = 16;

function runIdFor(date: Date): string {
  return date.toISOString().replace(/:/g, "-").replace(".", "-");
}

function failureShareOf(counts: RefreshCounts, maxFailureShare: number): FailureShare {
  const whole = counts.documents - counts.skipped;
  if (whole === 0) return { failureShare: null, failureShareExceeded: false, maxFailureShare };
  const failureShare = counts.failed / whole;
  return failureShare > maxFailureShare
    ? { failureShare, failureShareExceeded: true, maxFailureShare }
    : { failureShare, failureShareExceeded: false, maxFailureShare };
}

/**
 * Every item of `source` through `take`. A failure of the source itself (a crawl stopped by a
 * challenge page, say) is returned and the run goes on; one of `take` (the record store cannot be
 * written) is thrown and fails the run.
 */
async function drain(source: AsyncIterable<SourceItem>, take: (item: SourceItem) => Promise<void>): Promise<Error | null> {
  const items = source[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<SourceItem>;
    try {
      next = await items.next();
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
    if (next.done) return null;
    try {
      await take(next.value);
    } catch (e) {
      await items.return?.();
      throw e;
    }
  }
}

function uriOf(item: SourceItem): string {
  return item.kind === "doc" ? item.doc.uri : item.uri;
}

function refKey(ref: RecordRef): string {
  return `${ref.seg}:${ref.off}`;
}

/** The digest the corpus is a function of: settings and every item (without where its record is stored). */
function corpusDigest(settings: ExtractionSettings, units: Record<string, UnitState>): string {
  const h = createHash("sha256");
  h.update(JSON.stringify(settings));
  for (const key of Object.keys(units).sort()) {
    h.update("\u0000" + key);
    for (const item of units[key].items) {
      h.update("\u0001");
      h.update(item.kind === "doc" ? JSON.stringify({ ...item, ref: null }) : JSON.stringify(item));
    }
  }
  return h.digest("hex");
}

interface Tally {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
}

/**
 * Added / updated / unchanged / removed for one unit. Documents are matched by content first (a
 * line that moved in a dump is the same document), then by uri (the document at this place
 * changed: updated); what is left of the previous documents is removed, unless its place now fails.
 */
function tallyUnit(prev: ItemState[], next: ItemState[], settingsSame: boolean, t: Tally): void {
  const prevByHash = new Map<string, number>();
  const prevOk = prev.filter((i): i is DocItem => i.kind === "doc");
  for (const i of prevOk) prevByHash.set(i.contentHash, (prevByHash.get(i.contentHash) ?? 0) + 1);
  const unmatchedNext: DocItem[] = [];
  const matchedPrevHashes = new Map<string, number>();
  for (const item of next) {
    if (item.kind !== "doc") continue;
    const left = prevByHash.get(item.contentHash) ?? 0;
    if (left > 0) {
      prevByHash.set(item.contentHash, left - 1);
      matchedPrevHashes.set(item.contentHash, (matchedPrevHashes.get(item.contentHash) ?? 0) + 1);
      if (settingsSame) t.unchanged++;
      else t.updated++;
    } else {
      unmatchedNext.push(item);
    }
  }
  // previous documents not matched by content, by uri
  const prevUnmatchedUris = new Set<string>();
  for (const i of prevOk) {
    const matched = matchedPrevHashes.get(i.contentHash) ?? 0;
    if (matched > 0) matchedPrevHashes.set(i.contentHash, matched - 1);
    else prevUnmatchedUris.add(i.uri);
  }
  for (const item of unmatchedNext) {
    if (prevUnmatchedUris.delete(item.uri)) t.updated++;
    else t.added++;
  }
  const failingNow = new Set(next.filter((i) => i.kind === "error").map((i) => i.uri));
  for (const uri of prevUnmatchedUris) if (!failingNow.has(uri)) t.removed++;
}

/**
 * A copy that does not share memory with the string it was cut from. An extracted value is a slice
 * of the document's text, and V8 keeps the whole text alive for as long as the slice lives: kept in
 * the state for every document, the case numbers held every text in memory.
 */
function detached(value: string | null): string | null {
  return value === null ? null : Buffer.from(value, "utf8").toString("utf8");
}

function sourceOf(item: DocItem): Source {
  return { uri: item.uri, format: item.format, contentHash: item.contentHash, fetchedAt: item.fetchedAt, sourceId: item.sourceId };
}

/** Where a run's site documents come from. */
interface SiteSources {
  crawl: CrawlSite;
  /** The documents of a profile the response cache holds; null for an injected crawler, which has no cache. */
  cached: ((profilePath: string, cacheDir: string) => AsyncIterable<SourceItem>) | null;
}

/**
 * The crawler of pipeline/web over the configured profiles, all loaded and validated before the
 * run touches anything: a broken profile is a config error, like a missing input folder. Every
 * crawl of the run shares one session, so two profiles on one host are one client to it: one
 * rate, one robots.txt, one pause or block.
 */
async function webSites(profilePaths: string[], userAgent: string): Promise<SiteSources> {
  const profiles = new Map<string, SiteProfile>();
  for (const path of profilePaths) {
    try {
      profiles.set(path, await loadSiteProfile(path));
    } catch (e) {
      throw new ConfigError((e as Error).message);
    }
  }
  const session = new CrawlSession({ userAgent });
  return {
    crawl: (path, opts) => crawlWebSite(profiles.get(path)!, { ...opts, session }),
    cached: (path, cacheDir) => cachedSiteDocuments(profiles.get(path)!, { cacheDir }),
  };
}

/**
 * Run a refresh. Throws ConfigError for a bad config or missing input roots, LockedError when another
 * refresh holds the output; a document that cannot be read or extracted is an error line, never a throw.
 */
export async function runRefresh(options: RefreshOptions): Promise<RefreshReport> {
  const started = new Date();
  const t0 = performance.now();
  const config = typeof options.config === "string" ? await loadConfig(options.config) : options.config;
  const sites: SiteSources = options.crawlSite
    ? { crawl: options.crawlSite, cached: null }
    : await webSites(config.sites.map((s) => s.profile), config.userAgent);
  const offline = options.offline ?? config.offline;
  const log = options.log ?? (() => {});
  const every = options.progressEvery ?? 1000;
  const settings: ExtractionSettings = {
    extractorVersion: options.extractorVersion ?? EXTRACTOR_VERSION,
    includeText: config.includeText,
    schemaVersion: SCHEMA_VERSION,
    dedupVersion: DEDUP_VERSION,
  };
  const out = config.outputDir;
  const stateDir = join(out, "state");
  const recordsDir = join(stateDir, "records");
  const runsDir = join(out, "runs");
  const paths = {
    corpus: join(out, "corpus.jsonl"),
    errors: join(out, "errors.jsonl"),
    manifest: join(out, "manifest.json"),
    state: join(stateDir, "state.jsonl"),
  };
  await mkdir(recordsDir, { recursive: true });
  await mkdir(runsDir, { recursive: true });

  const lock = await acquireLock(join(out, "refresh.lock"));
  const notes: string[] = [];
  const timings = { scanMs: 0, readMs: 0, crawlMs: 0, dedupMs: 0, writeMs: 0 };
  const runId = runIdFor(started);
  let segment: SegmentWriter | null = null;
  try {
    const removedTemps = await removeDeadTemps([out, stateDir, recordsDir, runsDir]);
    if (removedTemps.length > 0) notes.push(`removed ${removedTemps.length} temporary file(s) left by an interrupted run`);
    const loaded = await loadState(paths.state);
    if (loaded.problem) notes.push(loaded.problem);
    const storeProblem = loaded.state ? await recordStoreProblem(loaded.state, recordsDir) : null;
    if (storeProblem) notes.push(storeProblem);
    const prev = storeProblem ? null : loaded.state;
    const settingsSame = prev !== null && sameSettings(prev.settings, settings);
    log(`refresh ${runId}: output ${out}; ${prev ? `state from run ${prev.runId}` : "no previous state"}` +
      (prev && !settingsSame ? "; extraction settings changed, every document is extracted again" : ""));

    // scan
    let tPhase = performance.now();
    const scan = await scanInputs(config);
    const scanTimeNs = BigInt(Date.now()) * 1_000_000n;
    timings.scanMs = performance.now() - tPhase;

    const progress: RefreshProgress = { phase: "scan", unitsToRead: 0, unitsRead: 0, documents: 0, extracted: 0, failed: 0 };
    const units: Record<string, UnitState> = {};
    const reusable = (p: UnitState | undefined, meta: FileMeta): p is UnitState =>
      !!p && settingsSame && p.kind === "file" && p.metaTrusted && sameMeta(p.meta, meta) &&
      !p.items.some((i) => i.kind === "error" && i.stage === "read");
    const toRead = scan.files.filter((f) => !reusable(prev?.units[f.key], f.meta));
    progress.unitsToRead = toRead.length;
    log(`${scan.files.length} input files: ${scan.files.length - toRead.length} unchanged, ${toRead.length} to read`);
    for (const f of scan.files) {
      const p = prev?.units[f.key];
      if (reusable(p, f.meta)) units[f.key] = p;
    }

    segment = new SegmentWriter(recordsDir, segmentName(runId));
    const seg = segment;
    const extractTimings = { extractMs: 0, validateMs: 0 };
    let extracted = 0;
    const reportProgress = (): void => {
      options.onProgress?.({ ...progress });
    };

    /** An item as state: a memoised result for content seen before, else extracted now. */
    const itemState = async (item: SourceItem, memo: Map<string, ItemState>): Promise<ItemState> => {
      progress.documents++;
      if (item.kind === "skip") return { kind: "skip", uri: item.uri, reason: item.reason };
      if (item.kind === "error") {
        progress.failed++;
        return { kind: "error", uri: item.uri, id: null, stage: item.stage, reason: item.reason };
      }
      const doc = item.doc;
      const hit = memo.get(doc.contentHash);
      if (hit?.kind === "doc") return { ...hit, uri: doc.uri };
      if (hit?.kind === "error") {
        progress.failed++;
        return { ...hit, uri: doc.uri };
      }
      return extractItem(doc);
    };
    const extractItem = async (doc: SourceDocument): Promise<ItemState> => {
      extracted++;
      progress.extracted++;
      const checked = extractChecked(doc, { includeText: settings.includeText, timings: extractTimings });
      if (!checked.ok) {
        progress.failed++;
        const e = checked.error;
        return { kind: "error", uri: e.input, id: e.id, stage: e.stage, reason: e.reason, contentHash: doc.contentHash };
      }
      const record = checked.record;
      // stored without schemaVersion, id and source, which the corpus line puts in front (see corpusLine)
      const { schemaVersion: _schemaVersion, id: _id, source: _source, ...rest } = record;
      const ref = await seg.append(JSON.stringify(rest));
      const textRef = await seg.append(JSON.stringify(doc.text));
      return {
        kind: "doc",
        uri: doc.uri,
        format: doc.format,
        sourceId: doc.id,
        contentHash: doc.contentHash,
        fetchedAt: doc.fetchedAt,
        recordId: record.id,
        ref,
        textRef,
        caseNumber: detached(record.case.caseNumber),
        court: detached(record.case.court),
        docType: record.case.docType,
        defendants: record.defendants.length > 0 ? record.defendants.map((d) => detached(d.name)!) : null,
        signature: textSignature(doc.text),
        evidence: Object.keys(record.evidence).length,
        warnings: record.warnings.length,
      };
    };
    const memoOf = (p: UnitState | undefined): Map<string, ItemState> => {
      const memo = new Map<string, ItemState>();
      if (!p || !settingsSame) return memo;
      for (const i of p.items) {
        if (i.kind === "doc") memo.set(i.contentHash, i);
        else if (i.kind === "error" && i.contentHash !== undefined && !memo.has(i.contentHash)) memo.set(i.contentHash, i);
      }
      return memo;
    };

    // read the changed files
    progress.phase = "read";
    reportProgress();
    tPhase = performance.now();
    let lastLogged = 0;
    for (const f of toRead) {
      const memo = memoOf(prev?.units[f.key]);
      const items: ItemState[] = [];
      for await (const item of readSources([f.path])) {
        items.push(await itemState(item, memo));
        if (progress.documents - lastLogged >= every) {
          lastLogged = progress.documents;
          log(`read ${progress.unitsRead}/${toRead.length} files, ${progress.documents} documents, ${progress.extracted} extracted, ${progress.failed} failed`);
          reportProgress();
        }
      }
      const mtime = BigInt(f.meta.mtimeNs);
      units[f.key] = { kind: "file", path: f.path, meta: f.meta, metaTrusted: scanTimeNs - mtime > RACY_NS, items };
      progress.unitsRead++;
      reportProgress();
    }
    timings.readMs = performance.now() - tPhase;

    // crawl the sites
    tPhase = performance.now();
    for (const site of config.sites) {
      progress.phase = "crawl";
      reportProgress();
      const key = "site:" + site.profile;
      const p = prev?.units[key];
      const memo = memoOf(p);
      const items: ItemState[] = [];
      /** Uris the crawl yielded a document or a skip for; a uri that failed tonight is not covered. */
      const covered = new Set<string>();
      const yielded = new Set<string>();
      const take = async (item: SourceItem): Promise<void> => {
        const uri = uriOf(item);
        if (yielded.has(uri)) {
          // checked before itemState, so the duplicate is neither extracted nor lost from the counts
          progress.documents++;
          items.push({ kind: "skip", uri, reason: "yielded again by the same crawl" });
          return;
        }
        yielded.add(uri);
        if (item.kind !== "error") covered.add(uri);
        items.push(await itemState(item, memo));
      };
      log(`crawling ${site.profile}`);
      const siteError = (reason: string): void => {
        progress.failed++;
        progress.documents++;
        items.push({ kind: "error", uri: "site:" + site.profile, id: null, stage: "read", reason });
      };
      const crawlFailure = await drain(sites.crawl(site.profile, { cacheDir: config.cacheDir, userAgent: config.userAgent, offline, log }), take);
      if (crawlFailure) siteError(`crawl failed: ${crawlFailure.message}`);
      // A listing shows the latest judgments only: what it does not show tonight, and what failed
      // to load tonight, is the document seen before.
      const earlier = new Set<string>();
      let cacheRead = false;
      if (sites.cached) {
        // from the response cache, extracted like a crawled page (memoised by content hash)
        const cacheFailure = await drain(sites.cached(site.profile, config.cacheDir), async (item) => {
          const uri = uriOf(item);
          if (covered.has(uri) || earlier.has(uri)) return;
          earlier.add(uri);
          items.push(await itemState(item, memo));
        });
        if (cacheFailure) siteError(`reading the cached documents failed: ${cacheFailure.message}`);
        else cacheRead = true;
      }
      if (!cacheRead) {
        // An injected crawler has no cache (and a cache that could not be read is none): the memo
        // is all there is, and it is lost with the state.
        let keptOld = 0;
        for (const old of p?.items ?? []) {
          if (old.kind !== "doc" || covered.has(old.uri) || earlier.has(old.uri)) continue;
          earlier.add(old.uri);
          items.push(old);
          if (!settingsSame) keptOld++;
        }
        if (keptOld > 0) {
          notes.push(`${site.profile}: ${keptOld} document(s) from earlier crawls were not yielded again and keep records from extractor version ${prev!.settings.extractorVersion}`);
        }
      }
      units[key] = { kind: "site", path: site.profile, meta: null, metaTrusted: false, items };
    }
    // bodies no cache entry points to any more (older versions of listing pages); never offline,
    // when the cache is to be read as it is
    let cacheGarbage: RefreshReport["cacheGarbage"] = null;
    if (config.sites.length > 0 && !offline && sites.cached) {
      cacheGarbage = await new ResponseCache(config.cacheDir).collectGarbage();
    }
    timings.crawlMs = performance.now() - tPhase;
    if (scan.items.length > 0) {
      const memo = new Map<string, ItemState>();
      const items: ItemState[] = [];
      for (const item of scan.items) items.push(await itemState(item, memo));
      units["scan:"] = { kind: "scan", path: "", meta: null, metaTrusted: false, items };
    }

    // counts
    const counts: RefreshCounts = { documents: 0, added: 0, updated: 0, unchanged: 0, removed: 0, failed: 0, skipped: 0 };
    const tally: Tally = { added: 0, updated: 0, unchanged: 0, removed: 0 };
    for (const [key, unit] of Object.entries(units)) {
      tallyUnit(prev?.units[key]?.items ?? [], unit.items, settingsSame, tally);
      for (const item of unit.items) {
        counts.documents++;
        if (item.kind === "error") counts.failed++;
        else if (item.kind === "skip") counts.skipped++;
      }
    }
    for (const [key, unit] of Object.entries(prev?.units ?? {})) {
      if (!(key in units)) tallyUnit(unit.items, [], settingsSame, tally);
    }
    Object.assign(counts, tally);

    // compact the record store: sparse segments are copied into this run's segment
    const sizes = await listSegments(recordsDir);
    const live = new Map<string, number>();
    const liveRefs = new Set<string>();
    for (const unit of Object.values(units)) {
      for (const item of unit.items) {
        if (item.kind !== "doc") continue;
        for (const ref of [item.ref, item.textRef]) {
          if (liveRefs.has(refKey(ref))) continue;
          liveRefs.add(refKey(ref));
          live.set(ref.seg, (live.get(ref.seg) ?? 0) + ref.len + 1);
        }
      }
    }
    const compact = new Set<string>();
    for (const [name, bytes] of live) {
      if (name === seg.name) continue;
      const size = sizes.get(name);
      if (size === undefined) throw new Error(`unreachable: segment ${name} was checked when the state was loaded`);
      if (bytes < size * MIN_LIVE_SHARE) compact.add(name);
    }
    const kept = [...live.keys()].filter((n) => n !== seg.name && !compact.has(n)).sort((a, b) => (sizes.get(a) ?? 0) - (sizes.get(b) ?? 0));
    while (kept.length > MAX_SEGMENTS) compact.add(kept.shift()!);
    if (compact.size > 0) {
      const reader = new SegmentReader(recordsDir);
      const moved = new Map<string, RecordRef>();
      const movedRecords = new Set<string>();
      try {
        for (const unit of Object.values(units)) {
          const items: ItemState[] = [];
          for (const item of unit.items) {
            if (item.kind !== "doc" || (!compact.has(item.ref.seg) && !compact.has(item.textRef.seg))) {
              items.push(item);
              continue;
            }
            const move = async (from: RecordRef): Promise<RecordRef> => {
              if (!compact.has(from.seg)) return from;
              let to = moved.get(refKey(from));
              if (!to) {
                to = await seg.append(reader.read(from));
                moved.set(refKey(from), to);
              }
              return to;
            };
            if (compact.has(item.ref.seg)) movedRecords.add(refKey(item.ref));
            items.push({ ...item, ref: await move(item.ref), textRef: await move(item.textRef) });
          }
          unit.items = items;
        }
      } finally {
        reader.close();
      }
      notes.push(`record store: ${movedRecords.size} record(s) moved out of ${compact.size} sparse segment(s)`);
    }
    await seg.close();
    segment = null;

    const digest = corpusDigest(settings, units);
    const outputsNow = { corpus: await fileMeta(paths.corpus), errors: await fileMeta(paths.errors) };
    const upToDate = prev !== null && prev.corpusDigest === digest &&
      sameMeta(prev.outputs.corpus, outputsNow.corpus) && sameMeta(prev.outputs.errors, outputsNow.errors);

    // dedup
    progress.phase = "dedup";
    reportProgress();
    tPhase = performance.now();
    const docs: DocItem[] = [];
    const dedupDocs: DedupDocument[] = [];
    const failures: FailedItem[] = [];
    for (const key of Object.keys(units).sort()) {
      for (const item of units[key].items) {
        if (item.kind === "doc") {
          docs.push(item);
          dedupDocs.push({ ...item, unit: key });
        } else if (item.kind === "error") failures.push(item);
      }
    }
    let groups: number[][] = [];
    if (!upToDate) {
      const textReader = new SegmentReader(recordsDir);
      try {
        groups = groupDuplicates(dedupDocs, (i) => JSON.parse(textReader.read(docs[i].textRef)) as string);
      } finally {
        textReader.close();
      }
    }
    timings.dedupMs = performance.now() - tPhase;

    // write
    let records = prev !== null && upToDate ? prev.records : groups.length;
    let outputs = prev?.outputs ?? { corpus: null, errors: null };
    tPhase = performance.now();
    if (!upToDate) {
      progress.phase = "write";
      reportProgress();
      log(`writing ${groups.length} records (${docs.length} documents) and ${failures.length} errors`);
      // ids: the primary's id, made unique in (id, document) order, so input order never matters
      const ids = new IdAllocator();
      const byId = groups
        .map((g) => ({ g, base: docs[g[0]].recordId, first: dedupDocs[g[0]] }))
        .sort((a, b) => compareStrings(a.base, b.base) || compareStrings(a.first.uri, b.first.uri) ||
          compareStrings(a.first.contentHash, b.first.contentHash) || compareStrings(a.first.unit, b.first.unit))
        .map(({ g, base }) => ({ g, id: ids.allocate(base) }))
        .sort((a, b) => compareStrings(a.id, b.id));
      await writeCorpus(paths.corpus, recordsDir, byId, docs);
      await writeErrors(paths.errors, failures);
      records = groups.length;
      outputs = { corpus: await fileMeta(paths.corpus), errors: await fileMeta(paths.errors) };
      await writeFileAtomic(paths.manifest, JSON.stringify({
        schemaVersion: 1,
        kind: "refresh",
        extractorVersion: settings.extractorVersion,
        builtBy: runId,
        builtAt: new Date().toISOString(),
        config: config.configPath,
        records,
        documents: counts.documents,
        failed: counts.failed,
        skipped: counts.skipped,
        outputs: { corpus: paths.corpus, errors: paths.errors },
      }, null, 2) + "\n");
    }

    // Nothing read, nothing rebuilt: the state on disk already says all this state would.
    const stateUnchanged = upToDate && toRead.length === 0 && config.sites.length === 0 && compact.size === 0 &&
      scan.items.length === 0 && Object.keys(prev!.units).length === Object.keys(units).length;
    if (!stateUnchanged) {
      const state: RefreshState = { stateVersion: STATE_VERSION, settings, units, corpusDigest: digest, records, outputs, runId };
      await saveState(paths.state, state);
    }
    timings.writeMs = performance.now() - tPhase;

    const keep = new Set<string>();
    for (const unit of Object.values(units)) {
      for (const item of unit.items) {
        if (item.kind !== "doc") continue;
        keep.add(item.ref.seg);
        keep.add(item.textRef.seg);
      }
    }
    await removeSegmentsExcept(recordsDir, keep);

    const reportPath = join(runsDir, `${runId}.json`);
    const report: RefreshReport = {
      runId,
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      config: config.configPath,
      outputDir: out,
      extractorVersion: settings.extractorVersion,
      counts,
      records,
      merged: docs.length - records,
      extracted,
      units: { files: scan.files.length, read: toRead.length, reused: scan.files.length - toRead.length, sites: config.sites.length },
      corpusRewritten: !upToDate,
      cacheGarbage,
      ...failureShareOf(counts, config.maxFailureShare),
      timings: {
        totalMs: 0,
        scanMs: Math.round(timings.scanMs),
        readMs: Math.round(timings.readMs),
        extractMs: Math.round(extractTimings.extractMs + extractTimings.validateMs),
        crawlMs: Math.round(timings.crawlMs),
        dedupMs: Math.round(timings.dedupMs),
        writeMs: Math.round(timings.writeMs),
      },
      notes,
      outputs: { ...paths, report: reportPath },
    };
    report.timings.totalMs = Math.round(performance.now() - t0);
    await writeFileAtomic(reportPath, JSON.stringify(report, null, 2) + "\n");
    progress.phase = "done";
    reportProgress();
    return report;
  } finally {
    if (segment) await segment.abort();
    await lock.release();
  }
}

/** Why the state's record references cannot be trusted (a segment missing or shorter than a record's end), or null. */
async function recordStoreProblem(state: RefreshState, recordsDir: string): Promise<string | null> {
  const sizes = await listSegments(recordsDir);
  for (const unit of Object.values(state.units)) {
    for (const item of unit.items) {
      if (item.kind !== "doc") continue;
      for (const ref of [item.ref, item.textRef]) {
        const size = sizes.get(ref.seg);
        if (size === undefined || ref.off + ref.len + 1 > size) {
          return `record store incomplete (${ref.seg} ${size === undefined ? "missing" : "too short"}); every document is extracted again`;
        }
      }
    }
  }
  return null;
}

/**
 * One corpus line: the stored record (everything after `source`, as JSON) with schemaVersion, id,
 * source and sources put in front — the bytes JSON.stringify gives for the whole record, without
 * parsing and serialising some 10 KB per record again, which was most of a rebuild's time.
 */
function corpusLine(id: string, primary: DocItem, sources: DocItem[], stored: string): string {
  if (!stored.startsWith('{"')) throw new Error(`record store damaged: record of ${primary.uri} is not a JSON object`);
  return `{"schemaVersion":${SCHEMA_VERSION},"id":${JSON.stringify(id)},"source":${JSON.stringify(sourceOf(primary))},` +
    `"sources":${JSON.stringify(sources.map(sourceOf))},${stored.slice(1)}`;
}

/** corpus.jsonl from the stored records: one per group, the primary's record with every source listed. */
async function writeCorpus(
  path: string,
  recordsDir: string,
  groups: { g: number[]; id: string }[],
  docs: DocItem[],
): Promise<void> {
  const reader = new SegmentReader(recordsDir);
  try {
    await writeLinesAtomically(path, async (sink) => {
      for (const { g, id } of groups) {
        const line = corpusLine(id, docs[g[0]], g.map((i) => docs[i]), reader.read(docs[g[0]].ref));
        if (sink.add(line)) await sink.flush();
      }
    });
  } finally {
    reader.close();
  }
}

async function writeErrors(path: string, failures: FailedItem[]): Promise<void> {
  const lines = failures
    .map((f): ErrorLine => ({ input: f.uri, id: f.id, stage: f.stage, reason: f.reason }))
    .sort((a, b) => compareStrings(a.input, b.input) || compareStrings(a.reason, b.reason))
    .map((l) => JSON.stringify(l) + "\n");
  await writeFileAtomic(path, lines.join(""));
}
