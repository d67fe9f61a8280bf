/**
 * Where a dev server builds, and the marker that keeps each such folder to one process.
 *
 * @module
 */
import path from 'node:path';
import { displayPath } from '../diagnostics/display-path.js';
import { acquireLock } from '../output/lock.js';

/**
 * `<root>/.quire/serve-<port>`: two servers on one site (say one with `--drafts`) listen on
 * different ports, so each builds into its own folder. The folder stays after the server
 * stops, so a restart on the same port writes only the pages that changed (the dev server
 * removes one for a port picked at random, which is never asked for again).
 */
export function serveFolder(root: string, port: number): string {
  return path.join(path.resolve(root), '.quire', `serve-${port}`);
}

/** The file beside a serve folder holding the id of the process serving from it. */
export function serveMarker(outDir: string): string {
  return `${path.resolve(outDir)}.pid`;
}

/** Another running process serves from the folder this server would build into. */
export class ServeFolderBusy extends Error {
  readonly pid: number | undefined;
  readonly outDir: string;

  constructor(outDir: string, pid: number | undefined, port: number) {
    const who = pid === undefined ? 'Another quire serve' : `Another quire serve (process ${pid})`;
    const stop = pid === undefined ? 'stop it' : `stop it (Ctrl-C in its terminal, or kill ${pid})`;
    super(`${who} is already serving this site on port ${port} and building into ${displayPath(outDir)}. ` +
      `Open that one, pick another port with --port, or ${stop} first. ` +
      `If no quire serve is running, delete ${displayPath(serveMarker(outDir))}.`);
    this.name = 'ServeFolderBusy';
    this.pid = pid;
    this.outDir = outDir;
  }
}

/**
 * Claims `outDir` for this process until the returned release function is called. A marker
 * left by a process that no longer runs (killed, or a crash) is taken over; a live one makes
 * this throw `ServeFolderBusy`.
 */
export function claimServeFolder(outDir: string, port: number): () => void {
  const held = acquireLock(serveMarker(outDir));
  if ('heldBy' in held) throw new ServeFolderBusy(outDir, Number.isInteger(held.heldBy) ? held.heldBy : undefined, port);
  return held.release;
}
