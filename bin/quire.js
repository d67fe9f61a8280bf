#!/usr/bin/env node
import { main } from '../lib/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
