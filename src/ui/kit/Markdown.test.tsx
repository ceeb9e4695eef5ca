import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { prerenderToNodeStream } from 'react-dom/static';
import { Markdown, safeHref } from './Markdown';
import { LazyMarkdown } from './LazyMarkdown';

const html = (text: string) => renderToStaticMarkup(<Markdown text={text} />);

// What the renderer may emit. React escapes `<` in text and `<`, `>`, `"` in
// attribute values, so every literal `<letter` in the output is a real tag.
const OUTPUT_TAGS = new Set([
  'a', 'blockquote', 'br', 'code', 'del', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'ol', 'p',
  'pre', 'section', 'span', 'strong', 'sup', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
]);

function tags(out: string): { name: string; attrs: string }[] {
  return [...out.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map((m) => ({ name: m[1].toLowerCase(), attrs: m[2] }));
}

/** Every way the rendered HTML could run code or fetch something. */
function expectInert(out: string) {
  for (const { name, attrs } of tags(out)) {
    expect(OUTPUT_TAGS, `<${name}> in ${out}`).toContain(name);
    expect(attrs).not.toMatch(/\son[a-z]+\s*=/i);
    expect(attrs).not.toMatch(/\s(src|srcset|poster|background|action|formaction|srcdoc)\s*=/i);
    expect(attrs).not.toMatch(/url\(/i);
    for (const [, href] of attrs.matchAll(/\shref="([^"]*)"/g)) expect(href).toMatch(/^(https?:|mailto:|#)/);
  }
}

const hostile: Record<string, string> = {
  script: '<script>alert(1)</script>',
  'img onerror': '<img src=http://127.0.0.1:9/x onerror=alert(1)>',
  'markdown image': '![x](http://evil/x.png)',
  'data image': '![pixel](data:image/png;base64,iVBORw0KGgo=)',
  'javascript link': '[a](javascript:alert(1))',
  'upper-case javascript link': '[a](JavaScript:alert(1))',
  'entity-obfuscated javascript link': '[a](java&#x09;script:alert(1))',
  'entity-encoded scheme': '[a](&#106;avascript:alert(1))',
  'data link': '[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  'vbscript link': '[a](vbscript:msgbox(1))',
  'reference link': '[a][x]\n\n[x]: javascript:alert(1)',
  autolink: '<javascript:alert(1)>',
  iframe: '<iframe src="http://127.0.0.1:9/"></iframe>',
  style: '<style>body{background:url(http://127.0.0.1:9/x)}</style>',
  'svg onload': '<svg onload=alert(1)><circle r=1></svg>',
  'html block with markdown around': 'hello\n\n<div onclick="alert(1)">\n\n**bold**\n\n</div>\n',
  'entities': '&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;',
  'image inside link': '[![x](http://evil/x.png)](http://evil/)',
  'html image inside table': '| a |\n|---|\n| <img src=x onerror=alert(1)> |',
  'link title quote break': '[a](http://ok/ "t\\" onmouseover=\\"alert(1)")',
};

describe('Markdown: hostile model text', () => {
  for (const [name, text] of Object.entries(hostile)) {
    it(`renders ${name} inert`, () => expectInert(html(text)));
  }

  it('has a checker that does catch live markup (positive control)', () => {
    for (const bad of ['<img src="x">', '<p onclick="x">', '<a href="javascript:x">', '<iframe>', '<span style="background:url(x)">']) {
      expect(() => expectInert(bad), bad).toThrow();
    }
  });

  it('shows raw HTML as literal text rather than dropping it', () => {
    const out = html('<script>alert(1)</script>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps HTML entities as entities, not as markup', () => {
    const out = html('&lt;b&gt;x&lt;/b&gt; &amp; &copy;');
    expect(out).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(out).not.toContain('<b>');
    expect(out).toContain('©');
  });

  it('turns an image into inert text that names it and its URL', () => {
    const out = html('![a cat](http://evil/x.png)');
    expect(out).toContain('[image: a cat](http://evil/x.png)');
    expect(out).toContain('data-testid="markdown-image"');
  });

  it('does not make a data: image clickable and shortens a long one', () => {
    const out = html(`![p](data:image/png;base64,${'A'.repeat(500)})`);
    expect(out).toContain('[image: p](data:image/png;base64,');
    expect(out).not.toContain('A'.repeat(200));
    expect(out).not.toMatch(/href="data:/);
  });

  it('removes the target of an unsafe link but keeps its text', () => {
    const out = html('[click me](javascript:alert(1))');
    expect(out).toContain('click me');
    expect(out).not.toContain('href=');
    expect(out).toContain('data-testid="markdown-blocked-link"');
  });
});

describe('Markdown: ordinary model text', () => {
  it('opens a normal link in a new tab without an opener', () => {
    const out = html('see [docs](https://example.com/a?b=1)');
    expect(out).toContain('href="https://example.com/a?b=1"');
    expect(out).toContain('target="_blank"');
    expect(out).toContain('rel="noopener noreferrer"');
  });

  it('keeps mailto links and GFM autolinks', () => {
    const out = html('[me](mailto:a@b.c) and www.example.com');
    expect(out).toContain('href="mailto:a@b.c"');
    expect(out).toContain('href="http://www.example.com/"');
  });

  it('renders a GFM table, strikethrough and a task list', () => {
    const out = html('| name | n |\n|:-----|--:|\n| a | 1 |\n\n~~old~~\n\n- [x] done\n- [ ] todo');
    expect(out).toMatch(/<table[^>]*>.*<th[^>]*>name<\/th>.*<td[^>]*>a<\/td>/s);
    expect(out).toContain('text-align:right');
    expect(out).toMatch(/<del[^>]*>old<\/del>/);
    expect(out).toContain('☑');
    expect(out).toContain('☐');
  });

  it('renders fenced code as pre>code with its language class, contents escaped', () => {
    const out = html('```python\nprint("<b>hi</b>")\n```');
    expect(out).toMatch(/<pre[^>]*><code class="[^"]*language-python[^"]*">print\(&quot;&lt;b&gt;hi&lt;\/b&gt;&quot;\)\n<\/code><\/pre>/);
  });

  it('keeps footnote links on the page', () => {
    const out = html('fact[^1]\n\n[^1]: source');
    expect(out).toMatch(/href="#user-content-fn-1"/);
    expect(out).not.toMatch(/href="#user-content-fn-1"[^>]*target=/);
  });
});

describe('safeHref', () => {
  it.each([
    ['https://a.b/c', 'https://a.b/c'],
    [' http://a.b', 'http://a.b/'],
    ['mailto:x@y.z', 'mailto:x@y.z'],
    ['#user-content-fn-1', '#user-content-fn-1'],
    ['javascript:alert(1)', ''],
    ['java\tscript:alert(1)', ''],
    ['\u0001javascript:alert(1)', ''],
    ['data:text/html,x', ''],
    ['vbscript:x', ''],
    ['file:///etc/passwd', ''],
    ['//evil.example/', ''],
    ['/relative', ''],
    ['', ''],
  ])('%j -> %j', (input, expected) => expect(safeHref(input)).toBe(expected));
});

describe('LazyMarkdown', () => {
  it('shows the plain text, escaped, while the renderer loads', () => {
    const out = renderToStaticMarkup(<LazyMarkdown text={'**hi** <script>x</script>'} />);
    expect(out).toContain('whitespace-pre-wrap');
    expect(out).toContain('**hi** &lt;script&gt;x&lt;/script&gt;');
    expect(out).not.toContain('<script');
  });

  it('renders the markdown once the renderer has loaded', async () => {
    const { prelude } = await prerenderToNodeStream(<LazyMarkdown text={'**hi** [x](javascript:1)'} />);
    let out = '';
    for await (const chunk of prelude) out += String(chunk);
    expect(out).toMatch(/<strong[^>]*>hi<\/strong>/);
    expect(out).not.toContain('markdown-fallback');
    expectInert(out);
  });
});
