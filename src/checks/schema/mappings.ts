import type { ValidateFunction } from 'ajv';
import type { Span } from '../../model/finding.js';
import { parseYaml, type ParsedYaml } from '../../parse/yaml.js';
import { shippedSchema, shippedSchemaNames } from '../../schema/shipped.js';
import { compileSchema } from '../../schema/validate.js';
import { CHECK, Context, found, validateWith } from './context.js';
import { parseDataFile, validateFile } from './examples.js';
import { hookValidator } from './hooks.js';

export function checkMappings(ctx: Context): void {
  const { kit } = ctx;
  const mappings = kit.config.schema.mappings;
  if (mappings.length === 0) return;
  let configParsed: ParsedYaml | undefined;
  const configSpan = (index: number, key: string): Span | undefined => {
    if (!kit.configFile) return undefined;
    if (!configParsed) {
      const text = kit.repo.readText(kit.configFile);
      configParsed = text === undefined ? undefined : parseYaml(text, { file: kit.configFile }, CHECK);
    }
    return configParsed?.valueSpan(['schema', 'mappings', index, key]);
  };
  const configFile = kit.configFile ?? '.kit-guard.yaml';

  mappings.forEach((mapping, index) => {
    let validateData: ((file: string) => void) | undefined;
    if (mapping.schema.startsWith('builtin:')) {
      const name = mapping.schema.slice('builtin:'.length);
      if (!shippedSchemaNames().includes(name)) {
        ctx.out.push(
          found('mapping-schema-missing', configFile, configSpan(index, 'schema'), `schema mapping ${index + 1}: there is no built-in schema "${name}"`, `Use one of: ${shippedSchemaNames().map((n) => `builtin:${n}`).join(', ')}, or a schema file path.`)
        );
        return;
      }
      let validate: ValidateFunction;
      try {
        validate = name === 'hook' ? hookValidator(kit.config.schema.extraHookTriggers) : compileSchema(shippedSchema(name));
      } catch (error) {
        ctx.out.push(
          found('mapping-schema-missing', configFile, configSpan(index, 'schema'), `schema mapping ${index + 1}: the built-in schema "${name}" is not available in this installation (${error instanceof Error ? error.message : String(error)})`, 'Reinstall kit-guard, or map the files to a schema file in the repository.')
        );
        return;
      }
      validateData = (file) => {
        const parsed = parseDataFile(ctx, file);
        if (parsed === undefined || parsed === 'skip') return;
        ctx.out.push(...validateWith(validate, parsed.data, parsed.positions, 'mapping-invalid', file, `${file} (${mapping.schema})`));
      };
    } else {
      const rel = kit.repo.normalize(mapping.schema);
      if (rel === null) {
        ctx.out.push(found('path-outside-repo', configFile, configSpan(index, 'schema'), `schema mapping ${index + 1}: "${mapping.schema}" leaves the repository; it was not read`, 'Keep mapped schemas inside the repository (paths are relative to the kit root).'));
        return;
      }
      const look = kit.repo.lookup(rel);
      if (look.kind !== 'file') {
        ctx.out.push(
          found(
            'mapping-schema-missing',
            configFile,
            configSpan(index, 'schema'),
            `schema mapping ${index + 1}: the schema file ${rel} does not exist${look.actual ? ` (${look.actual} differs only in letter case)` : ''}`,
            look.actual ? `Write the path as ${look.actual}.` : `Create ${rel}, or point the mapping at an existing schema file or builtin:<name>.`
          )
        );
        return;
      }
      validateData = (file) => validateFile(ctx, file, rel, 'mapping-invalid', `${file} (schema ${rel})`);
    }
    const files = kit.repo.glob(mapping.files);
    if (files.length === 0) {
      ctx.out.push(
        found('mapping-no-files', configFile, configSpan(index, 'files'), `schema mapping ${index + 1} (${mapping.files.join(', ')}) matches no file`, 'Correct the globs (they are relative to the kit root, e.g. "config/*.yaml"), or remove the mapping.', 'warning')
      );
      return;
    }
    for (const file of files) validateData(file);
  });
}
