// The action's entry point: only starts the run (everything else is importable without side effects).
import { run } from './main.js';

await run();
