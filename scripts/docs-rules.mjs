#!/usr/bin/env node
// Writes docs/rules.md from the rule registry (src/rules/), through the built library.
// Usage: npm run docs:rules (builds lib/ first).
import { writeFileSync } from 'node:fs';
import { renderRulesDoc } from '../lib/rules/docs.js';

writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRulesDoc());
console.log('wrote docs/rules.md');
