import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../diagnostics/diagnostic.js';
import { buildCommand } from './build-command.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Exit codes: success, content errors, wrong usage. */
export const exitCodes = { ok: 0, content: 1, usage: 2 } as const;

/** Declares the commands; each action returns its exit code. */
export function createProgram(setCode: (code: number) => void): Command {
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
    .addOption(new Option('--root <dir>', 'site folder').default('.').hideHelp())
    .action((opts: Record<string, unknown>) => setCode(buildCommand(opts)));
  return program;
}

/**
 * Runs the CLI and returns the exit code. The only place that decides exit codes: commander's
 * own usage errors (reported as 1) become 2, while `--help` and `--version` stay 0.
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
      if (error.code === 'commander.executeSubCommandAsync') return error.exitCode;
      return exitCodes.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`quire: ${error.message}\n`);
      return exitCodes.usage;
    }
    process.stderr.write(`quire: internal error: ${(error as Error).stack ?? String(error)}\n` +
      'This is a bug in quire, not in your content. Please report it with the message above.\n');
    return 70;
  }
}
