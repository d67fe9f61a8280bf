import { readdirSync } from 'node:fs';

/** The names in a cache folder; none when it is missing or cannot be read (a cache that is not there holds nothing). */
export function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
