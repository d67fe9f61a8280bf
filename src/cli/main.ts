import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ContentError, UsageError } from '../diagnostics/diagnostic.js';
import { formatReport } from '../diagnostics/format-report.js';
import { formatTable, listPosts, newPage, newPost, publishDraft } from './author-commands.js';
import { displayPath } from '../diagnostics/display-path.js';
import { cacheDir } from '../build/run.js';
import { clearCache } from '../incremental/render-cache.js';
import { buildCommand } from './build-command.js';
import { initCommand } from './init-command.js';
import { parsePort } from './parse-port.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Exit codes: success, content errors, wrong usage. Scripts and CI jobs see no others: a file
 * quire cannot read or write, and a bug in quire, fail the command with 1 as well.
 */
export const exitCodes = { ok: 0, content: 1, usage: 2 } as const;

function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs takes a whole number of at least 1, not "${value}".`);
  return n;
}

/**
 * Declares the commands; each action returns its exit code. Commands other than `build` load
 * their modules when run: every command would otherwise pay for loading the dev server, the
 * watcher and the importer.
 */
function createProgram(setCode: (code: number) => void): Command {
  const program = new Command('quire')
    .description('Build a static blog from markdown posts.')
    .version(version, '-v, --version')
    .showHelpAfterError('(run quire --help for usage)')
    .exitOverride();
  program
    .command('build')
    .description('Build the site from the posts folder into the output folder.')
    .option('--src <dir>', 'posts folder', undefined)
    .option('--out <dir>', 'output folder', 'dist')
    .option('--config <file>', 'config file (default: quire.config.yaml in the site folder)')
    .option('--drafts', 'include drafts and future-dated posts', false)
    .option('--base-url <url>', 'absolute URL the site is served from (overrides the config)')
    .option('--strict', 'treat warnings as errors', false)
    .option('--jobs <n>', 'worker threads for rendering posts (default: one per core)', parseJobs)
    .option('--no-cache', 'ignore and do not update the render cache in .quire/cache')
    .option('--quiet', 'print only problems and the summary line', false)
    .option('--watch', 'rebuild whenever a post, comment, template, static file or the config changes', false)
    .addOption(new Option('--root <dir>', 'site folder').default('.').hideHelp())
    .action(async (opts: Record<string, unknown>) =>
      setCode(opts.watch === true ? await (await import('./watch.js')).buildWatchCommand(opts) : await buildCommand(opts)));
  program
    .command('serve')
    .description('Build the site, serve it on this machine, rebuild on change and reload the browser.')
    .option('--port <n>', 'port (0: any free port)', parsePort, 4000)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--drafts', 'include drafts and future-dated posts', false)
    .option('--open', 'open the site in the default browser', false)
    .option('--config <file>', 'config file (default: quire.config.yaml in the site folder)')
    .option('--strict', 'treat warnings as errors', false)
    .option('--jobs <n>', 'worker threads for rendering posts (default: one per core)', parseJobs)
    .addOption(new Option('--root <dir>', 'site folder').default('.').hideHelp())
    .action(async (opts: Record<string, unknown>) => setCode(await (await import('./serve-command.js')).serveCommand(opts)));
  program
    .command('init [dir]')
    .description('Create a new blog folder: config, two example posts, static/ and templates/ for overrides.')
    .option('--force', 'write into a folder that is not empty (existing files are kept)', false)
    .option('--eject-templates', 'copy the whole default theme into templates/ to edit', false)
    .action((dir: string | undefined, opts: Record<string, unknown>) => setCode(initCommand(dir, opts)));
  program
    .command('clean')
    .description('Delete the render cache (.quire/cache) so the next build renders every post.')
    .addOption(new Option('--root <dir>', 'site folder').default('.').hideHelp())
    .action((opts: Record<string, unknown>) => {
      const dir = cacheDir(typeof opts.root === 'string' ? opts.root : '.');
      clearCache(dir);
      process.stdout.write(`Removed ${displayPath(dir)}\n`);
      setCode(exitCodes.ok);
    });
  const comments = program.command('comments').description('Manage the comments stored beside the posts.');
  comments
    .command('add <post>')
    .description('Store a comment on a post (given by slug or source file); prints the file written.')
    .requiredOption('--author <name>', "the commenter's name")
    .option('--url <url>', "the commenter's website")
    .option('--reply-to <id>', 'the id of the comment this one answers')
    .option('--file <file>', 'markdown file holding the comment (default: standard input)')
    .option('--date <iso>', 'when it was written, e.g. 2024-03-10T09:20:00+01:00 (default: now)')
    .option('--config <file>', 'config file (default: quire.config.yaml in the site folder)')
    .addOption(new Option('--root <dir>', 'site folder').default('.').hideHelp())
    .action(async (post: string, opts: Record<string, unknown>) => setCode((await import('./comments-command.js')).commentsAddCommand(post, opts)));
  registerCommentService(comments, setCode);
  const site = (opts: Record<string, unknown>) => ({
    ...(typeof opts.root === 'string' ? { root: opts.root } : {}),
    ...(typeof opts.config === 'string' ? { config: opts.config } : {}),
  });
  program
    .command('new <title> [pageTitle]')
    .description('Start a post: writes posts/<date>-<slug>.md with its front matter and prints the path. `quire new page "About"` starts a page: pages/about.md.')
    .option('--tags <list>', 'comma-separated tags')
    .option('--draft', 'mark it as a draft', false)
    .option('--config <file>', 'config file')
    .addOption(new Option('--root <dir>', 'site folder').default('.').hideHelp())
    .action((title: string, pageTitle: string | undefined, opts: Record<string, unknown>) => {
      const tags = typeof opts.tags === 'string' ? opts.tags.split(',').map((t) => t.trim()).filter(Boolean) : [];
      if (pageTitle !== undefined && title !== 'page' && title !== 'post') throw new UsageError(`quire new takes one title, or "page" or "post" and a title; not "${title}" and "${pageTitle}".`);
      const written = title === 'page' && pageTitle !== undefined
        ? newPage(pageTitle, { ...site(opts), draft: opts.draft === true })
        : newPost(pageTitle ?? title, { ...site(opts), tags, draft: opts.draft === true });
      process.stdout.write(`${displayPath(written)}\n`);
      setCode(exitCodes.ok);
    });
  program
    .command('list <kind>')
    .description('List posts, drafts, future (scheduled) posts or pages as a table: date, title, path.')
    .option('--config <file>', 'config file')
    .addOption(new Option('--root <dir>', 'site folder').default('.').hideHelp())
    .action((kind: string, opts: Record<string, unknown>) => {
      if (kind !== 'posts' && kind !== 'drafts' && kind !== 'future' && kind !== 'pages') throw new UsageError(`Cannot list "${kind}"; use posts, drafts, future or pages.`);
      process.stdout.write(`${formatTable(listPosts(kind, site(opts)))}\n`);
      setCode(exitCodes.ok);
    });
  program
    .command('publish <draft>')
    .description('Turn a draft into a post dated now.')
    .option('--config <file>', 'config file')
    .addOption(new Option('--root <dir>', 'site folder').default('.').hideHelp())
    .action((file: string, opts: Record<string, unknown>) => {
      process.stdout.write(`Published ${displayPath(publishDraft(file, site(opts)))}\n`);
      setCode(exitCodes.ok);
    });
  registerImportCommand(program, setCode);
  return program;
}

/**
 * Runs the CLI and returns the exit code (one of `exitCodes`). The only place that decides exit
 * codes: commander's own usage errors (reported as 1) become 2, while `--help` and `--version`
 * stay 0.
 */
export async function main(argv: string[]): Promise<number> {
  let code: number = exitCodes.ok;
  const program = createProgram((c) => (code = c));
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help asked for exits 0; help shown because a command was missing exits 1 in commander.
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) {
        return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
      }
      return exitCodes.usage;
    }
    if (error instanceof ContentError) {
      process.stderr.write(`${formatReport(error.diagnostics)}\n`);
      return exitCodes.content;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`quire: ${error.message}\n`);
      return exitCodes.usage;
    }
    if (isSystemError(error)) {
      process.stderr.write(`quire: ${error.message}\nCheck that the path exists, is the kind of file or folder expected, and that quire may write there.\n`);
      return exitCodes.content;
    }
    process.stderr.write(`quire: internal error: ${(error as Error).stack ?? String(error)}\n` +
      'This is a bug in quire, not in your content. Please report it with the message above.\n');
    return exitCodes.content;
  }
}

/** An error from the operating system (a missing folder, no permission, a full disk), as Node reports them. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const { code, syscall } = error as Partial<NodeJS.ErrnoException>;
  return error instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code) && typeof syscall === 'string';
}

/** Declares `quire comments pending|approve|spam|delete|export|import|serve`, the comment service's commands. */
function registerCommentService(comments: Command, setCode: (code: number) => void): void {
  const load = () => import('./comments-command.js');
  const siteOptions = (command: Command) => command
    .option('--config <file>', 'config file (default: quire.config.yaml in the site folder)')
    .addOption(new Option('--root <dir>', 'site folder').default('.').hideHelp());
  siteOptions(comments.command('pending').description('List the comments waiting for moderation.'))
    .action(async (opts: Record<string, unknown>) => setCode(await (await load()).commentsPendingCommand(opts)));
  siteOptions(comments.command('approve <id>').description('Publish a comment: writes comments/<post>/<id>.md.'))
    .option('--rebuild', 'build the site afterwards', false)
    .action(async (id: string, opts: Record<string, unknown>) => setCode(await (await load()).commentsModerateCommand('approve', id, opts)));
  siteOptions(comments.command('spam <id>').description('Mark a comment as spam (and unpublish it).'))
    .action(async (id: string, opts: Record<string, unknown>) => setCode(await (await load()).commentsModerateCommand('spam', id, opts)));
  siteOptions(comments.command('delete <id>').description('Move a comment to the trash (and unpublish it).'))
    .action(async (id: string, opts: Record<string, unknown>) => setCode(await (await load()).commentsModerateCommand('delete', id, opts)));
  siteOptions(comments.command('export [file]').description('Write every comment in the database as JSON (default: standard output).'))
    .action(async (file: string | undefined, opts: Record<string, unknown>) => setCode(await (await load()).commentsExportCommand(file, opts)));
  siteOptions(comments.command('import <file>').description('Add the comments of a JSON export that the database does not have.'))
    .action(async (file: string, opts: Record<string, unknown>) => setCode(await (await load()).commentsImportCommand(file, opts)));
  siteOptions(comments.command('serve').description('Run the comment service that receives the site\'s comment form.'))
    .option('--port <n>', 'port (0: any free port)', parsePort, 4001)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--trust-proxy', 'take the client address from X-Forwarded-For (set by the reverse proxy in front)', false)
    .option('--admin', 'serve the admin page at /admin (needs QUIRE_COMMENTS_ADMIN_TOKEN)', false)
    .option('--rebuild', 'build the site after each approval', false)
    .action(async (opts: Record<string, unknown>) => setCode(await (await load()).commentsServeCommand(opts)));
}

/** Declares `quire import wordpress|squarespace|blogger <export>` and `quire import jekyll|hugo|hexo <site-folder>`; the action reports its exit code through `setCode`. */
function registerImportCommand(program: Command, setCode: (code: number) => void): void {
  program
    .command('import <platform> <source>')
    .description('Move a blog in: posts, comments and old links from a WordPress or Squarespace export (WXR) or a Blogger export, or posts, pages, static files and old links from a Jekyll, Hugo or Hexo site folder.')
    .option('--force', 'replace posts and comments that already exist', false)
    .option('--media <folder>', "a copy of WordPress' wp-content/uploads: referenced files are copied beside their posts")
    .option('--pages-as-posts', 'import pages as dated posts instead of pages', false)
    .option('--menu <name>', "which of a WordPress export's menus becomes the site menu (default: the one with the most entries)")
    .option('--include-pingbacks', 'keep pingbacks and trackbacks as comments', false)
    .option('--config <file>', 'config file (default: quire.config.yaml in the site folder)')
    .addOption(new Option('--root <dir>', 'site folder').default('.').hideHelp())
    .action(async (platform: string, file: string, opts: Record<string, unknown>) => {
      const [{ importCommand, isEngine, siteImportCommand }, { formatImportReport, formatSiteImportReport }] = await Promise.all([import('./import-command.js'), import('../import/report.js')]);
      if (isEngine(platform)) {
        const { report, paths } = siteImportCommand(platform, file, opts);
        process.stdout.write(`${formatSiteImportReport(report, paths)}\n`);
      } else {
        const { report, paths } = importCommand(platform, file, opts);
        process.stdout.write(`${formatImportReport(report, paths)}\n`);
      }
      setCode(exitCodes.ok);
    });
}
