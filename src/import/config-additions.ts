import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, parseDocument, stringify } from 'yaml';
import { isCodeConfig } from '../config/code-config.js';
import { writeInside } from './write-import.js';

/** What became of settings an import adds to the site's config (`authors`, `menu`). */
export interface ConfigAdditions {
  /** The config file written to, or that would have been. */
  file: string;
  /** Keys written. */
  written: string[];
  /** Keys the config already had, left as they are (no `--force`). */
  kept: string[];
  /** For a config in code, which is never edited: the settings as YAML, to copy in by hand. */
  byHand?: string;
}

/**
 * Adds settings to the site's config: into its YAML (keeping its comments and order) or JSON,
 * or a new `quire.config.yaml` when the site has none. A key the config already has is kept
 * unless `force`. A config in code (`quire.config.ts`…) is a program, so it is left alone and
 * the settings are returned for the author to copy.
 */
export function addToConfig(root: string, configFile: string | undefined, settings: Record<string, unknown>, force: boolean): ConfigAdditions {
  const file = configFile ?? path.join(root, 'quire.config.yaml');
  const keys = Object.keys(settings);
  if (keys.length === 0) return { file, written: [], kept: [] };
  if (isCodeConfig(file)) return { file, written: [], kept: [], byHand: stringify(settings, { lineWidth: 0 }) };
  const result: ConfigAdditions = { file, written: [], kept: [] };
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const dir = path.dirname(file);
  if (file.endsWith('.json')) {
    const value = existing.trim() === '' ? {} : (JSON.parse(existing) as Record<string, unknown>);
    for (const key of keys) {
      if (Object.hasOwn(value, key) && !force) result.kept.push(key);
      else {
        value[key] = settings[key];
        result.written.push(key);
      }
    }
    if (result.written.length > 0) writeInside(dir, file, `${JSON.stringify(value, null, 2)}\n`, true);
    return result;
  }
  const doc = parseDocument(existing);
  if (!isMap(doc.contents) && doc.contents !== null) return { file, written: [], kept: keys };
  for (const key of keys) {
    if (doc.has(key) && !force) result.kept.push(key);
    else {
      doc.set(key, doc.createNode(settings[key]));
      result.written.push(key);
    }
  }
  if (result.written.length > 0) writeInside(dir, file, doc.toString({ lineWidth: 0 }), true);
  return result;
}
