// The action's entry point: only starts the run (everything else is importable without side effects).
import { run } from './main.js';

// Not `await run()`: in the single-file bundle, modules loaded by dynamic import (the export
// check) are placed after this entry, and a top-level await here would run the checks before
// those modules' bindings exist. Started without await, the bundle finishes evaluating first;
// run() catches everything itself, so no rejection escapes.
void run();
