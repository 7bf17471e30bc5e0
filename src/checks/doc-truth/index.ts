import type { Check } from '../../contract/check.js';
import { ClaimsFile } from './claims.js';
import { DocumentedCommands } from './commands.js';
import { DocLinks } from './links.js';
import { CHECK, DocTruthRun } from './run.js';
import { RULES } from '../../rules/index.js';

export { commandSubject } from './commands.js';

/**
 * Docs tell the truth: every local link in the docs resolves to a file or folder that
 * exists in exactly that spelling, every `#fragment` names a heading or anchor GitHub
 * would render (links.ts), and the claims file holds (claims.ts): claimed paths exist;
 * every documented command has a claim, and every command claim is documented and
 * supported (commands.ts).
 */
export const docTruthCheck: Check<'doc-truth'> = {
  id: CHECK,
  description: 'Local links and #fragments in the docs resolve as on GitHub, and the docs claims file holds.',
  rules: RULES['doc-truth'],
  run({ kit }) {
    const run = new DocTruthRun(kit);
    const links = new DocLinks(run);
    const commands = new DocumentedCommands(run);
    // links in every Markdown file of the kit; documented commands only in the docs
    const docs = new Set(run.repo.glob(run.config.docs, run.config.exclude));
    const linked = new Set(run.repo.glob(run.config.links, [...run.config.linksExclude, ...run.generatedGlobs()]));
    for (const doc of [...new Set([...docs, ...linked])].sort()) {
      const spans = links.checkDoc(doc);
      if (docs.has(doc)) commands.collect(doc, spans);
    }
    const claims = new ClaimsFile(run, commands).check();
    commands.checkClaimed(claims);
    return run.findings;
  }
};
