import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { builtinTemplatesDir } from './template-engine.js';

/** The theme's stylesheet, named by a hash of its content so hosts can cache it for a year. */
export interface Stylesheet {
  outputPath: string;
  contents: string;
}

/** Loads `assets/style.css` from the site's templates folder or the default theme. */
export function loadStylesheet(siteTemplatesDir: string | undefined): Stylesheet {
  const candidates = [siteTemplatesDir, builtinTemplatesDir].filter((d): d is string => d !== undefined);
  const file = candidates.map((dir) => path.join(dir, 'assets', 'style.css')).find((f) => existsSync(f));
  const contents = file ? readFileSync(file, 'utf8') : '';
  const hash = createHash('sha256').update(contents).digest('hex').slice(0, 10);
  return { outputPath: `assets/style.${hash}.css`, contents };
}
