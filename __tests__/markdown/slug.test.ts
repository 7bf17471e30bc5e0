import { describe, expect, it } from '@jest/globals';
import { scanMarkdown } from '../../src/markdown/scan.js';
import GithubSlugger, { slug as githubSlug } from 'github-slugger';
import { buildAnchorIndex, headingIds, headingSlug } from '../../src/markdown/slug.js';

function ids(doc: string): string[] {
  return headingIds(scanMarkdown(doc));
}

describe('GitHub heading ids', () => {
  it('numbers duplicates with the cascade GitHub uses', () => {
    expect(ids('# echo\n# echo\n# echo 1\n# echo-1\n# echo\n')).toEqual(['echo', 'echo-1', 'echo-1-1', 'echo-1-2', 'echo-2']);
    expect(ids('# foxtrot-1\n# foxtrot\n# foxtrot\n')).toEqual(['foxtrot-1', 'foxtrot', 'foxtrot-2']);
  });

  it('starts counting afresh in every document', () => {
    expect(ids('# Setup\n# Setup\n')).toEqual(['setup', 'setup-1']);
    expect(ids('# Setup\n')).toEqual(['setup']);
  });

  it('drops punctuation and symbols and turns each space into a hyphen', () => {
    expect(ids("## Foo & Bar\n## C++ API (v2.0)\n## What's new?\n## A heading with:a colon\n## em–dash")).toEqual([
      'foo--bar',
      'c-api-v20',
      'whats-new',
      'a-heading-witha-colon',
      'emdash'
    ]);
  });

  it('handles emoji, variation selectors, shortcodes and non-Latin letters like GitHub', () => {
    expect(ids('## 🚀 Launch\n## ⚠️ Notes\n## :rocket: Launch\n## Übersicht\n## Привет non-latin 你好')).toEqual([
      '-launch',
      '\uFE0F-notes',
      'rocket-launch',
      'übersicht',
      'привет-non-latin-你好'
    ]);
  });

  it('slugs the rendered text: inline code and link text count, image alt and URLs do not', () => {
    expect(ids('## `npm install`\n## `--config`\n## [Docs](https://x.test) here\n## ![logo](l.png) Title\n## <span>HTML</span> tags\n')).toEqual([
      'npm-install',
      '--config',
      'docs-here',
      'title',
      'html-tags'
    ]);
  });

  it('keeps the {#custom} attribute syntax literally, as GitHub does', () => {
    expect(ids('## Title {#custom}\n')).toEqual(['title-custom']);
  });

  it('slugs setext headings and headings in block quotes, not front matter or code', () => {
    expect(ids('---\ntitle: Hi\n---\nIntro\n=====\n\n> ## Note\n\n```\n# comment\n```\n\n    # indented\n')).toEqual(['intro', 'note']);
  });
});

describe('headingSlug (the ASCII fast path) agrees with github-slugger', () => {
  it('on every ASCII character', () => {
    for (let c = 0; c < 128; c++) {
      const text = `a${String.fromCharCode(c)}B c`;
      expect([c, headingSlug(text)]).toEqual([c, githubSlug(text)]);
    }
  });

  it('on random ASCII and mixed texts', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const alphabet = 'abcXYZ019 _-.,:;!?&()[]{}<>`\'"/\\|@#$%^*+=~\té😄–';
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const length = Math.floor(random() * 20);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(headingSlug(text)).toBe(githubSlug(text));
    }
  });

  it('numbers duplicates exactly as a GithubSlugger does', () => {
    const texts = ['Intro', 'Intro', 'intro-1', 'Intro 1', 'API', 'api', 'Ünï', 'ünï'];
    const slugger = new GithubSlugger();
    expect(headingIds({ headings: texts.map((text) => ({ text })) })).toEqual(texts.map((t) => slugger.slug(t)));
  });
});

describe('buildAnchorIndex', () => {
  const index = buildAnchorIndex(scanMarkdown('# Install\n\n<a id="Custom-ID"></a>\n\n## Install\n\n<a name="legacy"></a>\n<span name="ignored"></span>\n'));

  it('holds heading ids (in order) and explicit HTML anchors', () => {
    expect(index.list).toEqual(['install', 'install-1', 'Custom-ID', 'legacy']);
    expect(index.ids.has('install-1')).toBe(true);
    expect(index.ids.has('ignored')).toBe(false);
  });

  it('maps lowercased ids to their real spelling, to spot case mismatches', () => {
    expect(index.lower.get('custom-id')).toBe('Custom-ID');
    expect(index.ids.has('custom-id')).toBe(false);
    expect(index.ids.has('Install')).toBe(false);
    expect(index.lower.get('install')).toBe('install');
  });
});
