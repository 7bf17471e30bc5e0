import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Modules that must never load outside the action. */
export const RUNNER_ONLY_MODULES = /\/node_modules\/(@actions|@octokit)\//;

/**
 * Records every module a child Node process resolves, through a module resolve hook
 * registered with `--import` (works on Node 20 and 24). Use `nodeArgs()` before the
 * script, pass `env()` to the child, then `loaded()` lists the resolved URLs.
 */
export class ModuleTrace {
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'kit-guard-trace-'));
  private readonly file = path.join(this.dir, 'loaded.txt');

  constructor() {
    writeFileSync(
      path.join(this.dir, 'hooks.mjs'),
      "import { appendFileSync } from 'node:fs';\n" +
        'export async function resolve(specifier, context, next) {\n' +
        '  const result = await next(specifier, context);\n' +
        "  appendFileSync(process.env.KIT_GUARD_TRACE_FILE, result.url + '\\n');\n" +
        '  return result;\n' +
        '}\n'
    );
    writeFileSync(path.join(this.dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
    writeFileSync(this.file, '');
  }

  nodeArgs(): string[] {
    return ['--import', pathToFileURL(path.join(this.dir, 'register.mjs')).href];
  }

  env(): Record<string, string> {
    writeFileSync(this.file, '');
    return { KIT_GUARD_TRACE_FILE: this.file };
  }

  loaded(): string[] {
    return readFileSync(this.file, 'utf8').split('\n').filter(Boolean);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
