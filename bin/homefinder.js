#!/usr/bin/env node
// Entry point for `npx homefinder`. The TypeScript sources are compiled to dist/ by `npm install` (prepare).
import { runCli } from '../dist/src/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
