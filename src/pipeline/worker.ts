/**
 * Worker-thread entry of the check runner (see src/parallel.ts): rebuilds the kit from
 * its snapshot, waits for the change, runs the one check and posts its findings back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ChangeContext, Check } from '../contract/check.js';
import { reviveKit, type WorkerReply, type WorkerStart } from './parallel.js';

/** The module of each check that may run here, so a worker loads only what its check uses. */
const CHECK_MODULES: Record<string, () => Promise<Check>> = {
  schema: async () => (await import('../checks/schema/index.js')).schemaCheck,
  'doc-truth': async () => (await import('../checks/doc-truth/index.js')).docTruthCheck
};

async function loadCheck(id: string): Promise<Check> {
  const load = CHECK_MODULES[id];
  const check = load ? await load() : (await import('../checks/index.js')).checkById(id);
  if (!check || check.id !== id) throw new Error(`unknown check ${id}`);
  return check;
}

const port = parentPort;
if (port) {
  const start = workerData as WorkerStart;
  // the check's modules load and the kit is rebuilt while the runner gathers the change
  const ready = loadCheck(start.checkId).then((check) => ({ check, kit: reviveKit(start.kit) }));
  ready.catch(() => undefined); // reported when the change arrives
  const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
  port.once('message', (change: ChangeContext) => {
    void (async () => {
      let reply: WorkerReply;
      try {
        const { check, kit } = await ready;
        try {
          reply = { ok: true, findings: await check.run({ kit, change }) };
        } catch (error) {
          reply = { ok: false, message: messageOf(error) };
        }
      } catch (error) {
        reply = { ok: false, message: messageOf(error), setup: true };
      }
      port.postMessage(reply);
      port.close();
    })();
  });
}
