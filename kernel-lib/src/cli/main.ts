#!/usr/bin/env node
import { runCli } from './run.js';

process.exitCode = await runCli(
  process.argv.slice(2),
  (text) => console.log(text),
  (text) => console.error(text),
);
