import { main, type CliIO } from '../../src/cli/main.js';

/** Runs the CLI in-process and captures what it writes. */
export async function cli(argv: string[], cwd = process.cwd()): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd, env: {} };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
