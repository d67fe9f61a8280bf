import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const quireBin = fileURLToPath(new URL('../../bin/quire.js', import.meta.url));

/**
 * Runs `quire build` in the site folder after approvals, one build at a time: approvals that
 * arrive during a build make one more build after it, not one each. The build runs in its own
 * process, so the service keeps answering readers meanwhile.
 */
export function rebuildRunner(root: string, log: (message: string) => void, configFile?: string): () => void {
  let running = false;
  let again = false;
  const run = () => {
    running = true;
    again = false;
    const args = [quireBin, 'build', '--root', root, '--quiet', ...(configFile ? ['--config', configFile] : [])];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => {
      log(code === 0 ? `Rebuilt the site: ${output.trim().split('\n').pop() ?? ''}` : `The rebuild failed (exit ${code}):\n${output.trim()}`);
      running = false;
      if (again) run();
    });
  };
  return () => {
    if (running) again = true;
    else run();
  };
}
