import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { builtinTemplatesDir } from './template-engine.js';

/** A file of the theme's `assets/` folder, named by a hash of its content so hosts can cache it for a year. */
export interface ThemeAsset {
  outputPath: string;
  contents: string;
}

/** The theme's stylesheet. */
export type Stylesheet = ThemeAsset;

/** Loads `assets/<name>` from the site's templates folder or the default theme (empty if neither has it). */
export function loadThemeAsset(siteTemplatesDir: string | undefined, name: string): ThemeAsset {
  const candidates = [siteTemplatesDir, builtinTemplatesDir].filter((d): d is string => d !== undefined);
  const file = candidates.map((dir) => path.join(dir, 'assets', name)).find((f) => existsSync(f));
  const contents = file ? readFileSync(file, 'utf8') : '';
  const hash = createHash('sha256').update(contents).digest('hex').slice(0, 10);
  const ext = path.extname(name);
  return { outputPath: `assets/${name.slice(0, name.length - ext.length)}.${hash}${ext}`, contents };
}

/** Loads `assets/style.css`. */
export function loadStylesheet(siteTemplatesDir: string | undefined): Stylesheet {
  return loadThemeAsset(siteTemplatesDir, 'style.css');
}
