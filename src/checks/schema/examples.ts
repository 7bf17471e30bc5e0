import { parseFrontMatter } from '../../parse/front-matter.js';
import { parseJson } from '../../parse/json.js';
import { parseYaml, type SpanLocator } from '../../parse/yaml.js';
import { CHECK, Context, found, repoDir, joinPath, frontMatterPositions, validateWith } from './context.js';
import { append } from '../../model/append.js';
import type { RuleOf } from '../../rules/index.js';

const EXAMPLE_EXTENSIONS = ['.json', '.yaml', '.yml'];

/**
 * Schema files tried for an example named `<name>.example.<ext>`, in order: `<name>`
 * itself, then `<name>-artifact` (the seed's `author.example.json` ->
 * `author-artifact.schema.json`), then the same for each shorter `-` prefix, so a
 * variant such as `subtask-status-failed` falls back to `subtask-status`.
 */
export function exampleSchemaCandidates(name: string): string[] {
  const out: string[] = [];
  let stem = name;
  for (;;) {
    out.push(`${stem}.schema.json`, `${stem}-artifact.schema.json`);
    const dash = stem.lastIndexOf('-');
    if (dash <= 0) break;
    stem = stem.slice(0, dash);
  }
  return out;
}

export function checkExamples(ctx: Context): void {
  const { kit } = ctx;
  const templates = repoDir(kit, 'templates');
  const schemasDir = repoDir(kit, 'schemas');
  if (templates === undefined) return;
  const dir = joinPath(templates, 'examples');
  const entries = kit.repo.dirEntries(dir);
  if (!entries) return;
  const names = [...entries].filter(([, isDir]) => !isDir).map(([n]) => n).sort();
  for (const fileName of names) {
    const ext = EXAMPLE_EXTENSIONS.find((e) => fileName.endsWith(`.example${e}`));
    if (!ext) continue; // Markdown and other examples are not schema-backed
    const name = fileName.slice(0, -`.example${ext}`.length);
    const file = joinPath(dir, fileName);
    const schemaFile = schemasDir === undefined ? undefined : exampleSchemaCandidates(name).map((c) => joinPath(schemasDir, c)).find((c) => kit.repo.lookup(c).kind === 'file');
    if (schemaFile === undefined) {
      ctx.out.push(
        found(
          'example-schema-missing',
          file,
          undefined,
          `example ${file} has no schema to validate against (looked for ${schemasDir === undefined ? 'a schemas folder' : `${joinPath(schemasDir, `${name}.schema.json`)} and similar names`})`,
          schemasDir === undefined
            ? 'Declare paths.schemas in the manifest.'
            : `Add ${joinPath(schemasDir, `${name}.schema.json`)}, or rename the example after its schema (<schema name>.example${ext}).`,
          'warning'
        )
      );
      parseDataFile(ctx, file); // still a finding when it does not even parse
      continue;
    }
    validateFile(ctx, file, schemaFile, 'example-invalid', `example ${file} (schema ${schemaFile})`);
  }
}

/** Parses a data file by its extension: JSON, YAML, or Markdown front matter. Undefined for other kinds (not validated). */
export function parseDataFile(ctx: Context, file: string): { data: unknown; positions: SpanLocator } | undefined | 'skip' {
  const lower = file.toLowerCase();
  const kind = lower.endsWith('.json') ? 'json' : lower.endsWith('.yaml') || lower.endsWith('.yml') ? 'yaml' : /\.(md|markdown|mdx)$/.test(lower) ? 'markdown' : undefined;
  if (kind === undefined) return 'skip';
  const text = ctx.read(file);
  if (text === undefined) return undefined;
  if (kind === 'markdown') {
    const fm = parseFrontMatter(text, file, CHECK);
    append(ctx.out, fm.findings);
    if (fm.present && fm.data === undefined) return undefined;
    const positions = frontMatterPositions(fm);
    return { data: fm.data ?? {}, positions };
  }
  const parsed = kind === 'json' ? parseJson(text, { file }, CHECK) : parseYaml(text, { file }, CHECK);
  append(ctx.out, parsed.findings);
  if (!parsed.ok) return undefined;
  return { data: parsed.data, positions: parsed };
}

/** Validates one data file against a repository schema file (compiled once per run). */
export function validateFile(ctx: Context, file: string, schemaFile: string, rule: RuleOf<'schema'>, subject: string): void {
  // parse first: a syntax error in the file is reported even when its schema is broken
  const parsed = parseDataFile(ctx, file);
  const compiled = ctx.schemas.compile(schemaFile);
  if (!compiled.ok) {
    ctx.reportSchemaProblems(schemaFile, compiled.findings);
    return;
  }
  if (parsed === undefined || parsed === 'skip') return;
  append(ctx.out, validateWith(compiled.validate, parsed.data, parsed.positions, rule, file, subject));
}
