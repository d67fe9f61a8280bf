// Lint for what the compiler does not check: the direction of imports between stages, cycles,
// and unused imports and variables. Style is left to the authors; no rule here needs type
// information, so the lint stays quick.
import { defineConfig } from 'eslint/config';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * Layers of src/, lowest first. A file may import its own layer and the ones below, never one
 * above: data flows config → content → site → markdown → render → output (README, Design
 * notes), the build files put the stages in order, and the commands sit on top.
 */
const layers = [
  // Shared leaves, importable by every stage.
  ['src/diagnostics', 'src/yaml', 'src/atomic-file.ts', 'src/engine-fingerprint.ts', 'src/i18n', 'src/child-task.ts', 'src/child-runner.ts'],
  ['src/config'],
  ['src/content'],
  ['src/site'],
  ['src/markdown'],
  ['src/render'],
  ['src/output'],
  // The caches that make builds incremental: they hold every stage's data, and no stage knows
  // them (a stage takes a cache through an interface of its own, such as content's ReadMemo).
  ['src/incremental'],
  // The stages run in order: the only files that know it.
  ['src/build', 'src/build.ts', 'src/build-async.ts'],
  ['src/import', 'src/serve', 'src/comments-service'],
  // The commands (the only place that sets exit codes), and the public API.
  ['src/cli', 'src/index.ts'],
];

const zones = layers.flatMap((layer, i) =>
  layer.flatMap((target) =>
    layers.slice(i + 1).flat().map((from) => ({
      target,
      from,
      message: `${target} comes before ${from}; imports go one way: leaves, config, content, site, markdown, render, output, incremental, build files, commands (see eslint.config.js).`,
    }))));
// Neighbours on top, independent of each other.
const commands = ['src/import', 'src/serve', 'src/comments-service'];
for (const target of commands) {
  for (const from of commands.filter((other) => other !== target)) {
    zones.push({ target, from, message: 'The importer, the dev server and the comment service are independent commands.' });
  }
}

export default defineConfig(
  { ignores: ['lib/', 'dist/', 'node_modules/', 'test-artifacts/', '.quire/'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // Leaving a field out by destructuring (`const { html, ...rest } = x`) is a use.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.{ts,js,mjs}'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      // Without these the rules cannot follow imports into TypeScript files.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // Sources import each other as `./x.js`; the file is `x.ts`.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'], extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: {
      // A relative import that does not resolve would slip through the boundary rules unseen.
      'import-x/no-unresolved': ['error', { ignore: ['^[^.]'] }],
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
    },
  },
);
