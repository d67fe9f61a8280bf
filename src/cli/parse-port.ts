import { UsageError } from '../diagnostics/diagnostic.js';

/** `--port`: a number from 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n > 65535) throw new UsageError(`--port takes a number from 0 to 65535, not "${value}".`);
  return n;
}
