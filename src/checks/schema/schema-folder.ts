import { Context, repoDir } from './context.js';

/** Every `*.schema.json` in the schemas folder is a valid, compilable JSON Schema. */
export function checkSchemaFolder(ctx: Context): void {
  const dir = repoDir(ctx.kit, 'schemas');
  if (dir === undefined) return;
  const prefix = dir === '' ? '' : `${dir}/`;
  for (const file of ctx.kit.repo.files()) {
    if (!file.startsWith(prefix) || !file.endsWith('.schema.json')) continue;
    const compiled = ctx.schemas.compile(file);
    if (!compiled.ok) ctx.reportSchemaProblems(file, compiled.findings);
  }
}
