import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A package's name and version. */
export interface PackageId {
  name: string;
  version: string;
  dir: string;
}

/**
 * The package a resolved file belongs to: the nearest `package.json` above it that has a name
 * (some packages put a nameless one in a sub-folder to set the module type).
 */
export function packageOf(file: string): PackageId | undefined {
  let dir = path.dirname(file);
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (typeof pkg.name === 'string') return { name: pkg.name, version: typeof pkg.version === 'string' ? pkg.version : '', dir };
    } catch {
      // No package.json here (or an unreadable one): look further up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * `name@version` of every dependency a package declares, as installed beside it: a dependency
 * updated within its range changes this, where the declared ranges in package.json do not.
 */
export function installedVersions(packageDir: string): string[] {
  let known = installed.get(packageDir);
  if (!known) installed.set(packageDir, (known = readInstalled(packageDir)));
  return known;
}

/** Key: the package folder. Invalid: never within a process (a watching process's dependencies change only with a restart). */
const installed = new Map<string, string[]>();

function readInstalled(packageDir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {}).sort().map((name) => {
    for (let dir = packageDir; ; dir = path.dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
        return `${name}@${pkg.version ?? ''}`;
      } catch {
        if (path.dirname(dir) === dir) return `${name}@missing`;
      }
    }
  });
}
