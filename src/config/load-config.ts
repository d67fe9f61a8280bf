import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { codeFrame } from '../diagnostics/code-frame.js';
import { ContentError, diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseYaml } from '../yaml/parse-yaml.js';
import { defaultConfig, type SiteConfig } from './site-config.js';
import { validateConfig } from './validate-config.js';
import { displayPath } from '../diagnostics/display-path.js';
import { codeConfigNames, isCodeConfig, loadCodeConfig, sourceIdentity } from './code-config.js';

/** Config file names looked for in the site root, in order: code first, then data. */
export const configFileNames = [...codeConfigNames, 'quire.config.yaml', 'quire.config.yml', 'quire.config.json'];

/** The loaded config, the file it came from (if any) and its warnings. */
export interface LoadedConfig {
  config: SiteConfig;
  file: string | undefined;
  warnings: Diagnostic[];
  /**
   * What a function in a config written in code is, for cache keys: `package@version` for a
   * package's export, else a hash of its source text (and of the config's local imports).
   */
  identify: (value: (...args: never[]) => unknown) => string;
}

/**
 * Finds and loads the site config: `explicitFile` if given, else the first of `configFileNames`
 * in `root`, else the defaults. Throws a `ContentError` if the file is unreadable or invalid.
 */
export function loadConfig(root: string, explicitFile?: string): LoadedConfig {
  const file = explicitFile
    ? path.resolve(root, explicitFile)
    : configFileNames.map((name) => path.join(root, name)).find((candidate) => existsSync(candidate));
  if (!file) return { config: structuredClone(defaultConfig), file: undefined, warnings: [], identify: sourceIdentity };
  const shown = displayPath(file);
  if (isCodeConfig(file)) {
    const loaded = loadCodeConfig(file, shown);
    const { config, diagnostics } = validateConfig(loaded.value, shown);
    if (diagnostics.some((d) => d.severity === 'error')) throw new ContentError(diagnostics);
    return { config, file, warnings: diagnostics, identify: loaded.identify };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new ContentError([
      diagnostic('error', 'ConfigUnreadable', { file: shown }, `Cannot read the config file: ${(error as Error).message}`,
        explicitFile ? 'Check the path given to --config.' : undefined),
    ]);
  }
  // JSON is a subset of YAML 1.2, so one parser serves both and gives positions for both.
  const parsed = parseYaml(text);
  if (parsed.problem) {
    const d = diagnostic('error', 'ConfigYaml', { file: shown, line: parsed.problem.line, column: parsed.problem.column },
      parsed.problem.message, 'Fix the syntax at the marked place; quote values that contain ": " or start with a special character.');
    d.frame = codeFrame(text, parsed.problem.line, parsed.problem.column);
    throw new ContentError([d]);
  }
  const { config, diagnostics } = validateConfig(parsed.value, shown, parsed.locate);
  for (const d of diagnostics) if (d.line) d.frame = codeFrame(text, d.line, d.column);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new ContentError(diagnostics);
  return { config, file, warnings: diagnostics, identify: sourceIdentity };
}
