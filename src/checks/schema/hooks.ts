import type { ValidateFunction } from 'ajv';
import type { Span } from '../../model/finding.js';
import { isRecord } from '../../model/guards.js';
import { parseYaml } from '../../parse/yaml.js';
import { shippedSchema } from '../../schema/shipped.js';
import { compileSchema } from '../../schema/validate.js';
import { CHECK, Context, found, FIRST, repoDir, joinPath, scalarEdit, validateWith } from './context.js';
import type { ManifestFacts } from './manifest.js';
import { append } from '../../model/append.js';

const hookValidators = new Map<string, ValidateFunction>();

/** The hook schema, with the configured extra triggers allowed. */
export function hookValidator(extraTriggers: readonly string[]): ValidateFunction {
  const key = extraTriggers.join('\n');
  let fn = hookValidators.get(key);
  if (fn) return fn;
  const base = shippedSchema('hook');
  if (extraTriggers.length === 0) fn = compileSchema(base);
  else {
    const clone = structuredClone(base) as Record<string, unknown> & { properties: { trigger: { enum: string[] } } };
    const triggers = clone.properties.trigger.enum;
    for (const t of extraTriggers) if (!triggers.includes(t)) triggers.push(t);
    // a distinct $id so the shared Ajv never confuses it with the plain hook schema
    clone.$id = String(base.$id).replace(/\.schema\.json$/, `.extra-${hookValidators.size + 1}.schema.json`);
    fn = compileSchema(clone);
  }
  hookValidators.set(key, fn);
  return fn;
}

export function checkHooks(ctx: Context, manifest: ManifestFacts): void {
  const { kit } = ctx;
  const validate = hookValidator(kit.config.schema.extraHookTriggers);
  // hosts the hook schema knows; an unknown host is the manifest's error, not every hook's
  const fallbackHosts = Object.keys((shippedSchema('hook').properties as { host_fallback: { properties: Record<string, unknown> } }).host_fallback.properties);
  const hosts = manifest.usable ? kit.hosts.filter((h) => fallbackHosts.includes(h)) : [];
  const definitions: { id: string; file: string; span?: Span; alias?: string }[] = [];
  for (const hook of kit.hooks) {
    const text = ctx.read(hook.file);
    if (text === undefined) {
      definitions.push({ id: hook.id, file: hook.file });
      continue;
    }
    const parsed = parseYaml(text, { file: hook.file }, CHECK);
    append(ctx.out, parsed.findings);
    if (!parsed.ok) {
      // unreadable definitions count under their file name, so required_hooks does not also report them missing
      definitions.push({ id: hook.id, file: hook.file });
      continue;
    }
    const data = parsed.data;
    append(ctx.out, validateWith(validate, data, parsed, 'hook-invalid', hook.file, `hook ${hook.file}`));
    if (!isRecord(data)) {
      definitions.push({ id: hook.id, file: hook.file });
      continue;
    }
    const id = typeof data.id === 'string' && data.id !== '' ? data.id : undefined;
    if (id !== undefined) {
      const span = parsed.valueSpan(['id']);
      // a mismatched id also answers to its file name: the mismatch is reported once, below, not again as a missing or extra hook
      definitions.push({ id, file: hook.file, span, alias: hook.id });
      if (id !== hook.id) {
        const dir = hook.file.slice(0, hook.file.lastIndexOf('/'));
        const ext = hook.file.slice(hook.file.lastIndexOf('.'));
        const finding = found(
          'hook-id-mismatch',
          hook.file,
          span,
          `hook id "${id}" does not match its file name ${hook.file} (expected id "${hook.id}")`,
          `Set \`id: ${hook.id}\`, or rename the file: git mv ${hook.file} ${dir}/${id}${ext}`
        );
        // when required_hooks names the id as written, renaming the file is the fix, not the id
        const required = ctx.kit.manifest?.data.required_hooks;
        const edit = Array.isArray(required) && required.includes(id) ? undefined : scalarEdit(hook.file, text, span, hook.id);
        if (edit) finding.edits = [edit];
        ctx.out.push(finding);
      }
    } else definitions.push({ id: hook.id, file: hook.file });

    const fallback = data.host_fallback;
    for (const host of hosts) {
      const value = isRecord(fallback) ? fallback[host] : undefined;
      if (typeof value === 'string' && value.trim() !== '') continue;
      const span = isRecord(fallback) && value !== undefined ? parsed.valueSpan(['host_fallback', host]) : fallback !== undefined ? parsed.keySpan(['host_fallback']) : parsed.valueSpan([]);
      ctx.out.push(
        found(
          'hook-fallback-missing',
          hook.file,
          span,
          `hook ${id ?? hook.id} has no host_fallback for "${host}" (a host in ${manifest.file})`,
          fallback === undefined
            ? `Add a host_fallback mapping with one entry per host, e.g.\nhost_fallback:\n${hosts.map((h) => `  ${h}: wrapper_command`).join('\n')}`
            : `Add \`${host}: wrapper_command\` (or native_hook, native_or_wrapper) under host_fallback.`
        )
      );
    }
  }

  const required = manifest.usable ? manifest.data?.required_hooks : undefined;
  if (!Array.isArray(required) || !manifest.parsed) return;
  const requiredIds = required.filter((r): r is string => typeof r === 'string');
  const present = new Set(definitions.flatMap((d) => (d.alias ? [d.id, d.alias] : [d.id])));
  const hooksDir = repoDir(kit, 'hooks');
  required.forEach((id, index) => {
    if (typeof id !== 'string' || present.has(id)) return;
    const where = hooksDir === undefined ? 'the hooks folder' : `${joinPath(hooksDir, 'definitions')}/${id}.yaml`;
    ctx.out.push(
      found(
        'required-hook-missing',
        manifest.file,
        manifest.parsed!.valueSpan(['required_hooks', index]),
        `required hook "${id}" has no definition (${where})`,
        `Create ${where} with \`id: ${id}\`, or remove "${id}" from required_hooks.`
      )
    );
  });
  for (const def of definitions) {
    if (requiredIds.includes(def.id) || (def.alias !== undefined && requiredIds.includes(def.alias))) continue;
    ctx.out.push(
      found(
        'hook-not-required',
        def.file,
        def.span ?? FIRST,
        `hook "${def.id}" is defined but not listed in required_hooks of ${manifest.file}`,
        `Add "- ${def.id}" to required_hooks in ${manifest.file}, or delete ${def.file} (git rm ${def.file}).`
      )
    );
  }
}
