import { defineConfig } from 'vitest/config';

/**
 * Vitest configuration for quire.
 *
 * End-to-end tests build whole sites and start Java (vnu, jing), so the
 * per-test and per-hook timeouts are generous.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'lib/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
