/**
 * Version of the extraction rules. Bump it whenever a pattern table or extractor changes what
 * it yields: the nightly refresh re-extracts every document whose extractor version differs.
 */
export const EXTRACTOR_VERSION = "0.1.0";
