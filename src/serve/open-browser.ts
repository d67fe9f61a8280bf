import { spawn } from 'node:child_process';

/**
 * Opens `url` in the default browser with the platform's opener (`open`, `xdg-open`, `start`).
 * Best effort: a missing opener or a headless machine is ignored.
 */
export function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] :
    process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] :
    ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener: the URL is printed anyway.
  }
}
