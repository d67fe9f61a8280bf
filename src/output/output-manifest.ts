import { readFileSync, renameSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * What the previous build wrote into an output folder: every file with the key of what it was
 * made from. Lets the next build keep unchanged files instead of rendering and writing them.
 */
export interface OutputManifest {
  /** The output folder, resolved. */
  outDir: string;
  /** Inode of the output folder after the swap: another folder at that path is not ours. */
  ino: number;
  files: Record<string, string>;
}

/** Loads the manifest if it describes `outDir` as it is now; otherwise undefined. */
export function loadManifest(file: string, outDir: string): OutputManifest | undefined {
  let manifest: OutputManifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as OutputManifest;
    if (manifest.outDir !== path.resolve(outDir) || typeof manifest.files !== 'object' || manifest.files === null) return undefined;
    if (statSync(outDir).ino !== manifest.ino) return undefined;
  } catch {
    return undefined;
  }
  return manifest;
}

/** Saves the manifest atomically (a reader sees the old or the new one, never half). */
export function saveManifest(file: string, manifest: OutputManifest): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(manifest));
  renameSync(temp, file);
}
