import { describe, expect, it } from '@jest/globals';
import { scanMarkdown, type MarkdownLink } from '../../src/markdown/scan.js';

/** Compact view of a link: kind, destination and `line:col-line:col`. */
function view(link: MarkdownLink): string {
  return `${link.kind}${link.image ? '!' : ''} ${link.destination} @${link.start.line}:${link.start.column}-${link.end.line}:${link.end.column}`;
}

function links(doc: string): string[] {
  return scanMarkdown(doc).links.map(view);
}

function destinations(doc: string): string[] {
  return scanMarkdown(doc).links.map((l) => l.destination);
}

describe('scanMarkdown: inline links and images', () => {
  it('reports each link from its [ (or !) to just past its )', () => {
    expect(links('See [guide](guide.md) and ![logo](img/logo.png "Logo").\n')).toEqual([
      'inline guide.md @1:5-1:22',
      'inline! img/logo.png @1:27-1:55'
    ]);
  });

  it('counts columns in UTF-16 units and lines from 1', () => {
    expect(links('first line\n😄 é [x](a.md)\n')).toEqual(['inline a.md @2:6-2:15']);
  });

  it('handles angle-bracket destinations, balanced parentheses, escapes and titles', () => {
    expect(destinations('[a](<my file.md>) [b](b(1).md) [c](c\\).md) [d](d.md "t") [e](e.md \'t\') [f](f.md (t)) [g]( g.md )\n')).toEqual([
      'my file.md',
      'b(1).md',
      'c).md',
      'd.md',
      'e.md',
      'f.md',
      'g.md'
    ]);
    const [titled] = scanMarkdown('[d](d.md "The &amp; title")').links;
    expect(titled?.title).toBe('The & title');
  });

  it('decodes entities and backslash escapes in destinations but not percent escapes', () => {
    expect(destinations('[a](a&amp;b.md) [b](my%20file.md) [c](\\#not-fragment.md)')).toEqual(['a&b.md', 'my%20file.md', '#not-fragment.md']);
  });

  it('takes link text with nested brackets, and lets an inner link win over an outer one', () => {
    expect(links('[a [b] c](one.md) [x [y](inner.md) z](outer.md)')).toEqual(['inline one.md @1:1-1:18', 'inline inner.md @1:22-1:35']);
  });

  it('reports a badge image inside a link as two links', () => {
    expect(links('[![build](badge.svg)](ci.md)')).toEqual(['inline ci.md @1:1-1:29', 'inline! badge.svg @1:2-1:21']);
  });

  it('does not report links written inside an image description (the alt text is plain text)', () => {
    expect(links('![see [x](inner.md) here](pic.png)')).toEqual(['inline! pic.png @1:1-1:35']);
  });

  it('accepts a link whose destination and title are on separate lines of one paragraph', () => {
    expect(links('[a](\n  b.md\n  "title") after')).toEqual(['inline b.md @1:1-3:11']);
  });

  it('does not treat escaped brackets, spaces before ( or wiki syntax as links', () => {
    expect(links('\\[x](a.md) [x\\](b.md) [x] (c.md) [[Page]] docs/guide.md')).toEqual([]);
  });
});

describe('scanMarkdown: reference links and definitions', () => {
  const doc = [
    'Full [text][Guide], collapsed [guide][], shortcut [GUIDE], spaced [the   guide].', // 1
    'Undefined [x][nope] and [nope] stay text.', // 2
    '', // 3
    '[guide]: docs/guide.md "Guide"', // 4
    '[The Guide]:', // 5
    '  <other file.md>', // 6
    '[guide]: ignored-second.md', // 7
    '[unused]: unused.md' // 8
  ].join('\n');
  const scan = scanMarkdown(doc);

  it('resolves full, collapsed and shortcut references case-insensitively with whitespace collapsed', () => {
    const uses = scan.links.filter((l) => l.kind !== 'definition');
    expect(uses.map(view)).toEqual([
      'full docs/guide.md @1:6-1:19',
      'collapsed docs/guide.md @1:31-1:40',
      'shortcut docs/guide.md @1:51-1:58',
      'shortcut other file.md @1:67-1:80'
    ]);
    expect(uses[0]?.definition).toBe(scan.links.find((l) => l.kind === 'definition' && l.destination === 'docs/guide.md'));
    expect(uses[0]?.title).toBe('Guide');
  });

  it('reports every definition, used or not, at its own lines; the first of a label wins', () => {
    expect(scan.links.filter((l) => l.kind === 'definition').map(view)).toEqual([
      'definition docs/guide.md @4:1-4:31',
      'definition other file.md @5:1-6:18',
      'definition ignored-second.md @7:1-7:27',
      'definition unused.md @8:1-8:20'
    ]);
  });

  it('only treats [label] as a shortcut link when a definition exists', () => {
    expect(destinations('[a] and [b][]\n\n[b]: b.md')).toEqual(['b.md', 'b.md']);
  });

  it('does not start a definition in the middle of a paragraph', () => {
    expect(scanMarkdown('text\n[x]: x.md').links).toEqual([]);
  });
});

describe('scanMarkdown: autolinks and raw HTML', () => {
  it('reports URI and email autolinks', () => {
    expect(links('<https://x.test/a?b> <mailto:a@b.test> <me@example.test> <not a link>')).toEqual([
      'autolink https://x.test/a?b @1:1-1:21',
      'autolink mailto:a@b.test @1:22-1:39',
      'autolink mailto:me@example.test @1:40-1:57'
    ]);
  });

  it('reports <a href> and <img src> in any quote style, inline and in HTML blocks', () => {
    const doc = ['Text <a href="a.md">a</a> <a title=t href=\'b.md\'>b</a> <img alt="x" src=c.png>', '', '<p align="center">', '  <img src="logo.png">', '</p>'].join('\n');
    expect(links(doc)).toEqual(['html a.md @1:6-1:21', 'html b.md @1:27-1:50', 'html! c.png @1:56-1:79', 'html! logo.png @4:3-4:23']);
  });

  it('reads a tag spread over several lines', () => {
    expect(links('<img\n  src="wide.png"\n  alt="w">')).toEqual(['html! wide.png @1:1-3:11']);
  });

  it('collects id on any element and name only on <a>', () => {
    const doc = '<a name="top-anchor"></a> <div id="box">\n\n<span name="nope" id="s1">x</span>\n';
    expect(scanMarkdown(doc).anchors.map((a) => `${a.attribute}=${a.id} @${a.start.line}:${a.start.column}`)).toEqual([
      'name=top-anchor @1:1',
      'id=box @1:27',
      'id=s1 @3:1'
    ]);
  });

  it('ignores HTML inside comments, code spans and fences', () => {
    const doc = ['<!-- <a href="c1.md"> -->', '<!--', '[x](c2.md) <a id="c3">', '-->', '`<a href="c4.md">`', '', '```html', '<a href="c5.md" id="c6">', '```', 'after [ok](ok.md)'].join('\n');
    const scan = scanMarkdown(doc);
    expect(scan.links.map(view)).toEqual(['inline ok.md @10:7-10:18']);
    expect(scan.anchors).toEqual([]);
  });
});

describe('scanMarkdown: code is skipped', () => {
  it('skips backtick and tilde fences, honouring fence length and indentation', () => {
    const doc = [
      '```md', // 1
      '[a](in-fence.md)', // 2
      '``', // 3 too short to close
      '[b](still.md)', // 4
      '   ```', // 5 closes (3 spaces)
      '~~~~', // 6
      '~~~', // 7 too short
      '[c](in-tilde.md)', // 8
      '~~~~~', // 9 closes (longer)
      '    ```', // 10 indented code, not a fence
      '[d](after.md)' // 11
    ].join('\n');
    expect(links(doc)).toEqual(['inline after.md @11:1-11:14']);
  });

  it('lets an unclosed fence run to the end of the document', () => {
    expect(links('[a](a.md)\n\n```\n[b](b.md)\n\n# not a heading\n')).toEqual(['inline a.md @1:1-1:10']);
    expect(scanMarkdown('```\n# not a heading\n').headings).toEqual([]);
  });

  it('skips indented code but not an indented paragraph continuation', () => {
    expect(destinations('    [code](c.md)\n\npara\n    [cont](cont.md)\n')).toEqual(['cont.md']);
  });

  it('does not treat 4+ spaces in list item content as code', () => {
    const doc = ['1.  item', '    [a](a.md)', '', '    [b](b.md)', '', '- x', '', '      [code](code.md)'].join('\n');
    expect(destinations(doc)).toEqual(['a.md', 'b.md']);
  });

  it('skips links inside code spans and takes code spans before link brackets', () => {
    expect(destinations('`[a](a.md)` ``[b](`b`.md)`` [not `a link](x.md)` [`]`](ok.md)')).toEqual(['ok.md']);
  });

  it('skips YAML front matter at the top only', () => {
    const doc = ['---', 'title: [x](fm.md)', 'tags: [a]', '---', '# Real', '[y](y.md)'].join('\n');
    const scan = scanMarkdown(doc);
    expect(scan.links.map(view)).toEqual(['inline y.md @6:1-6:10']);
    expect(scan.headings.map((h) => `${h.text} @${h.start.line}`)).toEqual(['Real @5']);
  });
});

describe('scanMarkdown: headings', () => {
  it('finds ATX headings, stripping the closing sequence, and their positions', () => {
    const scan = scanMarkdown('# One\n## Two ##\n### Three #not-closing\n####### seven\n#tag\n');
    expect(scan.headings.map((h) => `${h.level}:${h.text} @${h.start.line}:${h.start.column}-${h.end.line}:${h.end.column}`)).toEqual([
      '1:One @1:1-1:6',
      '2:Two @2:1-2:10',
      '3:Three #not-closing @3:1-3:23'
    ]);
  });

  it('finds setext headings, inside block quotes too', () => {
    const scan = scanMarkdown('Title\n=====\n\nSub\n---\n\n> ## Quoted\n> Quoted setext\n> ---\n');
    expect(scan.headings.map((h) => `${h.level}:${h.text}:${h.setext} @${h.start.line}:${h.start.column}`)).toEqual([
      '1:Title:true @1:1',
      '2:Sub:true @4:1',
      '2:Quoted:false @7:3',
      '2:Quoted setext:true @8:3'
    ]);
  });

  it('renders the plain text GitHub slugs: link text, code; no URLs, alt text, tags or emphasis', () => {
    const texts = scanMarkdown(
      [
        '# [Docs](https://x.test) here',
        '# ![logo](l.png) Title',
        '# `npm install` it',
        '# <a id="x"></a>Anchored <b>bold</b>',
        '# *Emphasis* and __strong__ and ~~gone~~',
        '# :rocket: Launch',
        '# snake_case_name and \\*literal\\*',
        '# Fish &amp; Chips',
        '# <https://auto.test>'
      ].join('\n')
    ).headings.map((h) => h.text);
    expect(texts).toEqual([
      'Docs here',
      'Title',
      'npm install it',
      'Anchored bold',
      'Emphasis and strong and gone',
      ':rocket: Launch',
      'snake_case_name and *literal*',
      'Fish & Chips',
      'https://auto.test'
    ]);
  });

  it('does not see a setext heading in front matter or in a paragraph of definitions', () => {
    expect(scanMarkdown('---\ntitle: Hi\n---\n').headings).toEqual([]);
    expect(scanMarkdown('[a]: a.md\n===\n').headings).toEqual([]);
  });

  it('collects anchors and links from headings too', () => {
    const scan = scanMarkdown('## <a name="legacy"></a> Setup [guide](g.md)\n');
    expect(scan.anchors.map((a) => `${a.id} @${a.start.line}:${a.start.column}`)).toEqual(['legacy @1:4']);
    expect(scan.links.map(view)).toEqual(['inline g.md @1:32-1:45']);
    expect(scan.headings[0]?.text).toBe('Setup guide');
  });
});

describe('scanMarkdown: code spans', () => {
  it('reports code span text and positions (backticks included in the span)', () => {
    const scan = scanMarkdown('Run `wazir init` or ``wazir `x` y`` or ` padded `.\nA span `across\nlines ` then `unclosed\n');
    expect(scan.codeSpans.map((c) => `${c.text}|@${c.start.line}:${c.start.column}-${c.end.line}:${c.end.column}`)).toEqual([
      'wazir init|@1:5-1:17',
      'wazir `x` y|@1:21-1:36',
      'padded|@1:40-1:50',
      'across lines |@2:8-3:8'
    ]);
  });
});

describe('scanMarkdown: block structure', () => {
  it('follows block quotes, lazy continuation and nested lists', () => {
    const doc = ['> quote [a](a.md)', 'lazy [b](b.md)', '', '- one', '  - two [c](c.md)', '', '    still two [d](d.md)', 'lazy [e](e.md)'].join('\n');
    expect(links(doc)).toEqual(['inline a.md @1:9-1:18', 'inline b.md @2:6-2:15', 'inline c.md @5:9-5:18', 'inline d.md @7:15-7:24', 'inline e.md @8:6-8:15']);
  });

  it('ends an HTML block at a blank line, so Markdown after it is read', () => {
    expect(destinations('<div>\n[no](no.md)\n</div>\n\n[yes](yes.md)\n<details>\n\n[also](also.md)\n\n</details>\n')).toEqual(['yes.md', 'also.md']);
  });

  it('reads GFM table rows as separate lines', () => {
    expect(links('| a | b |\n|---|---|\n| [x](x.md) | `c` |\n| y | [z](z.md) |\n')).toEqual(['inline x.md @3:3-3:12', 'inline z.md @4:7-4:16']);
  });

  it('keeps positions right with CRLF line endings and tabs', () => {
    expect(links('para\r\n[a](a.md)\r\n\r\n-\t[b](b.md)\r\n>\t[c](c.md)\r\n')).toEqual(['inline a.md @2:1-2:10', 'inline b.md @4:3-4:12', 'inline c.md @5:3-5:12']);
  });

  it('handles empty and whitespace-only documents', () => {
    expect(scanMarkdown('')).toEqual({ links: [], headings: [], anchors: [], codeSpans: [] });
    expect(scanMarkdown('\n\n   \n')).toEqual({ links: [], headings: [], anchors: [], codeSpans: [] });
  });
});
