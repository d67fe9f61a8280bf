import path from 'node:path';

/** Where the theme's search script is served: `assets/search.<10 hex>.js` under the site root. */
export const searchScriptSrc = /^\/assets\/search\.[0-9a-f]{10}\.js$/;

/** The search page's one script element, as the theme writes it: nothing inside, nothing else set. */
export const searchScriptTag = /<script type="module" src="\/assets\/search\.[0-9a-f]{10}\.js"><\/script>/;

/** True for the built search page, the only page that may load the theme's script (`file` relative to the output). */
export function isSearchPage(file: string): boolean {
  return path.normalize(file) === path.join('search', 'index.html');
}
