import type { HostCompiler, HostId } from '../types.js';
import { claudeCompiler } from './claude.js';
import { codexCompiler } from './codex.js';
import { copilotCompiler } from './copilot.js';
import { cursorCompiler } from './cursor.js';
import { geminiCompiler } from './gemini.js';

/** One compiler per host, by id. */
export const HOST_COMPILERS: Readonly<Record<HostId, HostCompiler>> = {
  claude: claudeCompiler,
  codex: codexCompiler,
  gemini: geminiCompiler,
  cursor: cursorCompiler,
  copilot: copilotCompiler
};

export { claudeCompiler, codexCompiler, copilotCompiler, cursorCompiler, geminiCompiler };
