/**
 * Version of the extraction rules. Bump it whenever a pattern table or extractor changes what
 * it yields: the nightly refresh re-extracts every document whose extractor version differs.
 */
export const EXTRACTOR_VERSION = "0.1.0";

/** The product version (package.json "version"), which the crawler's User-Agent names; test/refresh.test.ts checks they agree. */
export const PACKAGE_VERSION = "0.1.0";
