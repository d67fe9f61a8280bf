import { runChildTask } from '../child-task.js';
import type { ResizeInput } from './image-task.js';

/**
 * Runs the resizing (`image-task.ts`) in a child process from a worker thread (`startThreadTask`):
 * the thread waits for the child while the build renders its pages, and libvips' memory stays
 * out of the build's process.
 */
export default async function resizeInChild(input: ResizeInput): Promise<{ failed: Array<{ from: string; message: string }> }> {
  return runChildTask(new URL('./image-task.js', import.meta.url), input);
}
