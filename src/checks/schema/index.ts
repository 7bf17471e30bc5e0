import type { Check } from '../../contract/check.js';
import type { Kit } from '../../kit/load.js';
import { compareFindings } from '../../model/finding.js';
import { CHECK, Context, dedupe } from './context.js';
import { checkExamples } from './examples.js';
import { checkHooks } from './hooks.js';
import { checkManifest } from './manifest.js';
import { checkMappings } from './mappings.js';
import { checkSchemaFolder } from './schema-folder.js';
import { checkSkills } from './skills.js';
import { append } from '../../model/append.js';
import { RULES, type FindingOf } from '../../rules/index.js';

export { exampleSchemaCandidates } from './examples.js';
export { findTermOccurrences } from '../prohibited-terms.js';

/**
 * The schema check: the manifest, hook definitions, skills, schema-backed examples and
 * configured mappings are valid, and what the manifest declares exists. Every finding
 * sits at the offending key or value. Files are read through the repository view, so a
 * path leaving the repository is reported and never read, and oversized files are refused.
 */
export const schemaCheck: Check<'schema'> = {
  id: CHECK,
  description: 'The manifest, hook definitions, skills, examples and mapped files are valid, and everything the manifest declares exists.',
  rules: RULES.schema,
  run({ kit }) {
    return runSchemaCheck(kit);
  }
};

/** Runs every part of the schema check on a loaded kit. Exported for the library. */
export function runSchemaCheck(kit: Kit): FindingOf<'schema'>[] {
  const ctx = new Context(kit);
  const manifest = checkManifest(ctx);
  checkHooks(ctx, manifest);
  checkSkills(ctx);
  checkExamples(ctx);
  checkMappings(ctx);
  checkSchemaFolder(ctx);
  append(ctx.out, ctx.schemas.takeExtraFindings());
  return dedupe(ctx.out).sort(compareFindings);
}
