import { UsageError } from '../diagnostics/diagnostic.js';
import { displayPath } from '../diagnostics/display-path.js';
import { startDevServer, type DevServerOptions } from '../serve/dev-server.js';
import { openBrowser } from '../serve/open-browser.js';
import { ServeFolderBusy } from '../serve/serve-folder.js';
import { reportBuild, untilSignal } from './watch.js';

/**
 * `quire serve`: builds into `.quire/serve-<port>`, serves it on 127.0.0.1:4000 (by default),
 * rebuilds on change and reloads open tabs; content errors show in the terminal and as an
 * overlay on the page. Exits 1 when another running serve already builds into that folder.
 */
export async function serveCommand(opts: Record<string, unknown>, stop: Promise<unknown> = untilSignal()): Promise<number> {
  const options: DevServerOptions = { drafts: opts.drafts === true, strict: opts.strict === true };
  if (typeof opts.root === 'string') options.root = opts.root;
  if (typeof opts.config === 'string') options.config = opts.config;
  if (typeof opts.host === 'string') options.host = opts.host;
  if (typeof opts.port === 'number') options.port = opts.port;
  if (typeof opts.jobs === 'number') options.jobs = opts.jobs;
  const write = { out: (s: string) => void process.stdout.write(s), err: (s: string) => void process.stderr.write(s) };
  let server;
  try {
    server = await startDevServer({
      ...options,
      onBuild: (build) => reportBuild(build, 'the served site', write),
      onWatchError: (error) => write.err(`quire: watcher: ${error.message}\n`),
    });
  } catch (error) {
    if (error instanceof ServeFolderBusy) {
      write.err(`quire: ${error.message}\n`);
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`Port ${options.port ?? 4000} is in use; pick another with --port (0 for any free port).`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`Cannot listen on ${options.host}: no such address on this machine.`);
    throw error;
  }
  await server.ready;
  write.out(`Serving ${server.url} from ${displayPath(server.outDir)}/ (drafts ${options.drafts ? 'shown' : 'hidden'}; Ctrl-C to stop)\n`);
  if (options.host !== undefined && !['127.0.0.1', 'localhost', '::1'].includes(options.host)) {
    write.err(`Note: listening on ${options.host}, so other machines on the network can see the site.\n`);
  }
  if (opts.open === true) openBrowser(server.url);
  await stop;
  await server.close();
  return 0;
}
