/** The nightly refresh as a library: runRefresh and what it is built from. */
export {
  runRefresh,
  type CrawlSite,
  type RefreshOptions,
  type RefreshProgress,
  type RefreshCounts,
  type RefreshReport,
  type FailureShare,
} from "./refresh.js";
export { loadConfig, resolveConfig, RefreshConfigSchema, ConfigError, type RefreshConfig, type RefreshConfigFile } from "./config.js";
export { acquireLock, LockedError, type Lock } from "./lock.js";
export {
  groupDuplicates,
  textSignature,
  textSimilarity,
  signatureSimilarity,
  normalizeCaseNumber,
  exactSimilarity,
  SIMILARITY_THRESHOLD,
  CANDIDATE_THRESHOLD,
  EXACT_THRESHOLD,
  DEDUP_VERSION,
  type DedupDocument,
} from "./dedup.js";
export type { RefreshState, UnitState, ItemState, DocItem, FailedItem, SkippedItem, ExtractionSettings } from "./state.js";
