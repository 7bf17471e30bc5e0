#!/usr/bin/env node
// The kit-guard executable: runs the CLI and hands its result to the process.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
