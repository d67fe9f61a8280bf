/** The entry of the file watcher's thread (see `startFileWatch`). */
import { parentPort, workerData } from 'node:worker_threads';
import { serveWatchThread, type FileWatchOptions } from './file-watcher.js';

if (parentPort) serveWatchThread(parentPort, workerData as FileWatchOptions);
