/**
 * bangxin.config.json: what the nightly refresh reads and where it writes. Data, validated with
 * zod; every path in it is relative to the config file's own directory.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { PACKAGE_VERSION } from "../version.js";

export const RefreshConfigSchema = z
  .object({
    /** Output directory: corpus.jsonl, errors.jsonl, manifest.json, runs/, state/. */
    output: z.string().min(1),
    /** Watched folders, read recursively (hidden entries skipped). */
    folders: z.array(z.string().min(1)).default([]),
    /** Single files, typically dumps (.jsonl, .json, .csv). */
    files: z.array(z.string().min(1)).default([]),
    /** Sites to crawl, each described by a site profile (JSON). */
    sites: z.array(z.object({ profile: z.string().min(1) }).strict()).default([]),
    /** Keep each judgment's text in its record. */
    includeText: z.boolean().default(true),
    /** The run exits non-zero when failed / (documents − skipped) is above this share. */
    maxFailureShare: z.number().min(0).max(1).default(0.05),
    /** A URL or e-mail address where site operators can reach whoever runs the crawler; put in the User-Agent. */
    contact: z.string().min(1).optional(),
    /** The whole User-Agent header, instead of the one built from `contact`. */
    userAgent: z.string().min(1).optional(),
    /** Where raw site responses are cached (default: <output>/cache). */
    cacheDir: z.string().min(1).optional(),
    /** Sites are read from the cache only, nothing is fetched. */
    offline: z.boolean().default(false),
  })
  .strict()
  .refine((c) => c.folders.length + c.files.length + c.sites.length > 0, {
    message: "the config lists no inputs: give at least one of folders, files or sites",
  })
  .refine((c) => c.sites.length === 0 || c.contact !== undefined || c.userAgent !== undefined, {
    message: "crawling sites needs a `contact` (URL or e-mail for the User-Agent) or a `userAgent`",
  });

export type RefreshConfigFile = z.input<typeof RefreshConfigSchema>;

/** The config with every path absolute and every default applied. */
export interface RefreshConfig {
  /** The config file, absolute (null when the config was given as an object). */
  configPath: string | null;
  outputDir: string;
  folders: string[];
  files: string[];
  sites: { profile: string }[];
  includeText: boolean;
  maxFailureShare: number;
  userAgent: string;
  cacheDir: string;
  offline: boolean;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Validate a parsed config and resolve its paths against `baseDir`. */
export function resolveConfig(value: unknown, baseDir: string, configPath: string | null = null): RefreshConfig {
  const parsed = RefreshConfigSchema.safeParse(value);
  const where = configPath ?? "config";
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") + ": " : ""}${i.message}`).join("; ");
    throw new ConfigError(`${where}: ${issues}`);
  }
  const c = parsed.data;
  const abs = (p: string): string => resolve(baseDir, p);
  const outputDir = abs(c.output);
  return {
    configPath,
    outputDir,
    folders: c.folders.map(abs),
    files: c.files.map(abs),
    sites: c.sites.map((s) => ({ profile: abs(s.profile) })),
    includeText: c.includeText,
    maxFailureShare: c.maxFailureShare,
    userAgent: c.userAgent ?? `bangxin/${PACKAGE_VERSION} (+${c.contact ?? "no contact configured"})`,
    cacheDir: c.cacheDir !== undefined ? abs(c.cacheDir) : resolve(outputDir, "cache"),
    offline: c.offline,
  };
}

/** Read, parse and validate a config file. */
export async function loadConfig(path: string): Promise<RefreshConfig> {
  const configPath = resolve(path);
  let text: string;
  try {
    text = await readFile(configPath, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(`cannot read config ${configPath}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${configPath} is not valid JSON: ${(e as Error).message}`);
  }
  return resolveConfig(value, dirname(configPath), configPath);
}
