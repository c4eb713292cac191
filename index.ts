/** Library API of bangxin: import { extractDocument, runPipeline } from "bangxin". */
export { extractDocument, detectLanguage, type ExtractOptions } from "./pipeline/extractDocument.js";
export { runPipeline, bundledSamplesDir, type RunOptions, type Manifest, type RunCounts, type ErrorLine } from "./pipeline/runner.js";
export { readSources } from "./pipeline/sources/index.js";
export type { SourceDocument, SourceItem } from "./pipeline/sources/types.js";
export { normalizeText, toOriginalSpan, type TextView } from "./pipeline/stages/normalize.js";
export { segmentSections, type Section } from "./pipeline/stages/sections.js";
export { splitDefendantBlocks } from "./pipeline/stages/defendants.js";
export { scoreCorpus, evaluateFiles, formatReport, checkThresholds } from "./pipeline/eval.js";
export * from "./corpus/schema.js";
export { corpusRecordProblems, passesCorpusRecordCheck, compileSchemaCheck } from "./corpus/validate.js";
export { EXTRACTOR_VERSION } from "./pipeline/version.js";
export { crawlSite, cachedSiteDocuments, CrawlSession, ResponseCache, loadSiteProfile, SiteProfileSchema, type SiteProfile, type CrawlOptions } from "./pipeline/web/index.js";
export {
  runRefresh,
  loadConfig as loadRefreshConfig,
  resolveConfig as resolveRefreshConfig,
  RefreshConfigSchema,
  ConfigError as RefreshConfigError,
  LockedError,
  groupDuplicates,
  textSignature,
  textSimilarity,
  exactSimilarity,
  SIMILARITY_THRESHOLD,
  CANDIDATE_THRESHOLD,
  EXACT_THRESHOLD,
  DEDUP_VERSION,
  type FailureShare,
  type CrawlSite,
  type RefreshOptions,
  type RefreshProgress,
  type RefreshCounts,
  type RefreshReport,
  type RefreshConfig,
  type RefreshConfigFile,
  type DedupDocument,
} from "./pipeline/refresh/index.js";
