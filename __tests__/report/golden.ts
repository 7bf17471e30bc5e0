import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const GOLDEN_DIR = path.resolve(process.cwd(), '__tests__', 'report', 'golden');

/**
 * The expected text of a golden file. With UPDATE_GOLDEN=1 the file is rewritten from
 * `actual` first, so a deliberate format change is one command plus a reviewed diff.
 * A missing golden file is an error, never created silently.
 */
export function golden(name: string, actual: string): string {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file)) throw new Error(`golden file __tests__/report/golden/${name} is missing: run this test with UPDATE_GOLDEN=1, review and commit it`);
  return readFileSync(file, 'utf8');
}
