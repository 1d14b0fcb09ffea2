// Tests for search.js: node --test static/js/search.test.mjs
//
// The fixtures under internal/search/testdata are written by the Go tests
// (go test ./internal/search -update), so these tests check that the client
// folds and ranks exactly as the Go side expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const search = require('../../../static/js/search.js');
const here = path.dirname(fileURLToPath(import.meta.url));
const testdata = path.join(here, '..', 'testdata');
const readJSON = (p) => JSON.parse(readFileSync(path.join(testdata, p), 'utf8'));

test('fold agrees with Go on testdata/fold.json', () => {
  for (const { In, Out } of readJSON('fold.json')) {
    assert.equal(search.fold(In), Out, `fold(${JSON.stringify(In)})`);
  }
});

test('fold examples', () => {
  assert.equal(search.fold('Économie'), 'economie');
  assert.equal(search.fold('L’été'), 'l ete');
  assert.equal(search.fold('œuvre'), 'oeuvre');
  assert.equal(search.fold('  « Faire  alliance » ! '), 'faire alliance');
});

test('tokens drop stop words and one-letter words', () => {
  assert.deepEqual(search.tokens('Économie sociale et solidaire'), ['economie', 'sociale', 'solidaire']);
  assert.deepEqual(search.tokens('L’été de l’économie'), ['ete', 'economie']);
  assert.deepEqual(search.tokens('le la les de'), []);
  assert.deepEqual(search.queryTerms('fondation Fondation fond'), ['fondation', 'fond']);
});

test('shardKey', () => {
  assert.equal(search.shardKey('economie'), 'ec');
  assert.equal(search.shardKey('economie', 3), 'eco');
  assert.equal(search.shardKey('e', 3), 'e__');
  const index = { shards: { ec: 'a', tea: 'b', teb: 'c', te_: 'd', t_a: 'e' } };
  assert.deepEqual(search.shardKeys(index, 'economie'), ['ec']);
  assert.deepEqual(search.shardKeys(index, 'teb'), ['teb']);
  assert.deepEqual(search.shardKeys(index, 'tebx'), ['teb']);
  assert.deepEqual(search.shardKeys(index, 'tex'), []);
  assert.deepEqual(search.shardKeys(index, 'te'), ['te_', 'tea', 'teb']);
  assert.deepEqual(search.shardKeys(index, 'zz'), []);
  assert.equal(search.shardKey('σοφία'), '__');
  assert.equal(search.shardKey('aσ'), 'a_');
});

test('decode', () => {
  const got = [];
  search.decode('EhE', (doc, tf, fields, section) => got.push([doc, tf, fields, section]));
  assert.deepEqual(got, [[0, 0, 4, 0], [1, 0, 4, 0]]);
  got.length = 0;
  search.decode('M.DhBhnE.hB', (doc, tf, fields, section) => got.push([doc, tf, fields, section]));
  assert.deepEqual(got, [[0, 1, 4, 3], [1, 0, 1, 0], [40, 0, 4, 33]]);
});

test('rank agrees with Go on testdata/site', () => {
  const index = readJSON('site/search-index.json');
  const file = (url) => readJSON('site/' + url.split('?')[0]);
  const shards = {};
  for (const [k, url] of Object.entries(index.shards)) shards[k] = file(url);
  const docs = [];
  for (let c = 0; c * index.chunkSize < index.count; c++) docs.push(...file(index.docs.replace('{}', c)));
  for (const { Query, URLs, Anchors } of readJSON('site/expect.json')) {
    const ranked = search.rank(index, shards, search.queryTerms(Query)).slice(0, 50);
    assert.deepEqual(ranked.map((r) => docs[r.doc][0]), URLs || [], `rank for ${JSON.stringify(Query)}`);
    const anchors = ranked.map((r) => {
      const c = Math.floor(r.doc / index.chunkSize);
      const s = r.section > 0 && index.sections ? file(index.sections.replace('{}', c))[r.doc % index.chunkSize] : null;
      return r.section > 0 && s && s[r.section - 1] ? docs[r.doc][0] + '#' + s[r.section - 1][0] : docs[r.doc][0];
    });
    assert.deepEqual(anchors, Anchors || [], `anchors for ${JSON.stringify(Query)}`);
  }
  // The filters, as Go's TestFilters runs them.
  const ends = new Map(file(index.events));
  const tags = new Map(file(index.tags).map((t) => [t[0], t[2]]));
  for (const { Query, Kind, Tag, Now, URLs } of readJSON('site/expect-filters.json')) {
    const kindSet = Kind ? (index.kinds[Kind] ? search.docSet(file(index.kinds[Kind])) : new Set()) : null;
    const tagSet = Tag ? (tags.has(Tag) ? search.docSet(file(tags.get(Tag))) : new Set()) : null;
    const ranked = search.rank(index, shards, search.queryTerms(Query));
    const got = search.filter(ranked, kindSet, tagSet, Kind === 'event' ? ends : null, Now).slice(0, 50).map((r) => docs[r.doc][0]);
    assert.deepEqual(got, URLs || [], `search for ${JSON.stringify({ Query, Kind, Tag, Now })}`);
  }
});

test('parseParams agrees with Go', () => {
  assert.deepEqual(search.parseParams('?q=fondation'), { q: 'fondation', kind: '', tag: '' });
  assert.deepEqual(search.parseParams('q=%C3%A9conomie+sociale&kind=event&tag=ess'), { q: 'économie sociale', kind: 'event', tag: 'ess' });
  assert.deepEqual(search.parseParams('q=x&kind=page&tag=../etc'), { q: 'x', kind: '', tag: '' });
  assert.deepEqual(search.parseParams('q=a&q=b&kind=news&kind=event'), { q: 'a', kind: 'news', tag: '' });
  assert.deepEqual(search.parseParams('q=x&tag=ESS'), { q: 'x', kind: '', tag: '' });
});

test('matches: exact form, its stem group, and the words it starts', () => {
  const s = { terms: ['financ', 'finance', 'financement', 'financements', 'financer', 'fini'], postings: [], groups: [[1, 2, 3, 4]] };
  assert.deepEqual([...search.matches(s, 'financements')].sort(), [[1, 1], [2, 1], [3, 2], [4, 1]]);
  assert.deepEqual([...search.matches(s, 'financ')].sort(), [[0, 2], [1, 0], [2, 0], [3, 0], [4, 0]]);
  assert.deepEqual([...search.matches(s, 'financem')].sort(), [[2, 0], [3, 0]]);
  assert.deepEqual([...search.matches(s, 'zz')], []);
});

test('score: title beats summary beats text', () => {
  const text = search.score(4, 3, 2);
  const summary = search.score(2, 0, 0);
  const title = search.score(1, 0, 0);
  assert.ok(title > summary + text && summary > text);
});

test('highlight marks matched prefixes in the original text', () => {
  const join = (pieces) => pieces.map(([t, m]) => (m ? `[${t}]` : t)).join('');
  assert.equal(join(search.highlight('Économie sociale et solidaire', ['economie', 'sociale'])),
    '[Économie] [sociale] et solidaire');
  assert.equal(join(search.highlight('Les Fondations de l’Œuvre', ['fondation', 'oeuv'])),
    'Les [Fondation]s de l’[Œuv]re');
  assert.equal(join(search.highlight('e\u0301conomie', ['ec'])), '[e\u0301c]onomie');
  assert.equal(join(search.highlight('Straße', ['strasse'])), '[Straße]');
  assert.equal(join(search.highlight('Straße', ['strass'])), '[Straß]e');
  assert.equal(join(search.highlight('rien', ['zz'])), 'rien');
  assert.equal(join(search.highlight('', ['zz'])), '');
});

test('statusText', () => {
  assert.equal(search.statusText(0, ' économie  x '), 'Aucun résultat pour «\u202féconomie x\u202f»');
  assert.equal(search.statusText(1, 'a'), '1 résultat');
  assert.equal(search.statusText(12, 'a'), '12 résultats');
  assert.equal(search.statusText(120, 'a', 10), '120 résultats, 10 affichés');
  assert.equal(search.statusText(12, 'a', 12), '12 résultats');
});

// A just-big-enough DOM to run init without a browser.
function fakePage(href) {
  const make = (tag) => {
    const el = {
      tagName: tag, children: [], listeners: {}, text: '', className: '', href: '', value: '',
      set textContent(t) { this.text = t; this.children = []; },
      get textContent() { return this.text + this.children.map((c) => c.textContent).join(''); },
      appendChild(c) { this.children.push(c); return c; },
      replaceChildren(...cs) { this.text = ''; this.children = cs; },
      addEventListener(type, fn) { this.listeners[type] = fn; },
      html() {
        if (this.tagName === '#text') return this.text;
        const attrs = (this.href ? ` href="${this.href}"` : '') + (this.className ? ` class="${this.className}"` : '');
        return `<${this.tagName}${attrs}>${this.text}${this.children.map((c) => c.html()).join('')}</${this.tagName}>`;
      },
    };
    return el;
  };
  const els = {};
  for (const [id, tag] of [['search-form', 'form'], ['search-input', 'input'], ['search-status', 'p'], ['search-results', 'ol']]) els[id] = make(tag);
  const doc = {
    documentElement: { dataset: { root: '/sub' } },
    getElementById: (id) => els[id],
    createElement: make,
    createTextNode: (t) => Object.assign(make('#text'), { text: t }),
  };
  const fetched = [];
  const win = {
    location: { href },
    history: { state: null, replaceState(s, t, u) { win.location.href = u; } },
    setTimeout, clearTimeout,
    fetch: async (url) => {
      fetched.push(url);
      const p = url.replace(/^\/sub\//, '').split('?')[0];
      try {
        const data = readFileSync(path.join(testdata, 'site', p), 'utf8');
        return { ok: true, json: async () => JSON.parse(data) };
      } catch {
        return { ok: false, status: 404 };
      }
    },
  };
  return { els, doc, win, fetched };
}

const settle = () => new Promise((r) => setTimeout(r, 150));

test('init: ?q= on load, typing, and the URL', async () => {
  const { els, doc, win, fetched } = fakePage('https://example.org/sub/search/?q=fondation');
  search.init(doc, win);
  assert.equal(els['search-input'].value, 'fondation');
  assert.equal(els['search-status'].textContent, 'Chargement de l’index…');
  await settle();
  assert.equal(els['search-status'].textContent, '2 résultats');
  assert.equal(els['search-results'].children[0].html(),
    '<li><a href="/charte/fondations/"><mark>Fondations</mark></a> <span class="search-section">Charte</span>' +
    '<p>Ce sur quoi nous bâtissons.</p></li>');
  assert.deepEqual(fetched.map((u) => u.split('?')[0]),
    ['/sub/search-index.json', '/sub/search/shards/fo.json', '/sub/search/docs/0.json']);

  els['search-input'].value = 'économie zzz';
  els['search-input'].listeners.input();
  await settle();
  assert.equal(els['search-status'].textContent, 'Aucun résultat pour «\u202féconomie zzz\u202f»');
  assert.equal(els['search-results'].children.length, 0);
  assert.equal(win.location.href, 'https://example.org/sub/search/?q=%C3%A9conomie+zzz');

  els['search-input'].value = 'le';
  els['search-input'].listeners.input();
  await settle();
  assert.equal(els['search-status'].textContent, 'Aucun résultat pour «\u202fle\u202f»');
  els['search-input'].value = 'é';
  els['search-input'].listeners.input();
  await settle();
  assert.equal(els['search-status'].textContent, '');

  els['search-input'].value = '';
  let prevented = false;
  els['search-form'].listeners.submit({ preventDefault() { prevented = true; } });
  await settle();
  assert.ok(prevented);
  assert.equal(els['search-status'].textContent, '');
  assert.equal(win.location.href, 'https://example.org/sub/search/');
  assert.equal(new Set(fetched).size, fetched.length, 'a file was fetched twice');
});
