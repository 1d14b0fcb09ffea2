/*
 * Client-side search for alliance sites.
 *
 * It reads the files written by the Go package internal/search (whose package
 * doc describes their format): search-index.json first, then only the shards
 * a query needs and the document chunks of the results shown (10 at a time),
 * and a filter's files only when it is set; each file is fetched once.
 * Folding and tokenizing follow Go's search.Fold and search.Tokens, ranking
 * and filters Go's search.Reader; Go and node tests hold them together. The
 * page needs no stemmer: each shard lists its stem groups.
 *
 * The address holds the query and the filters (?q=...&kind=event&tag=...).
 * Without JavaScript the search form still submits (GET /search/?q=).
 */
(function () {
  'use strict';

  const STOP_WORDS = new Set([
    "le", "la", "les", "de", "des", "du", "un", "une", "et", "en", "au", "aux",
    "pour", "par", "sur", "dans", "que", "qui", "qu", "ne", "pas", "se", "ce",
    "ces", "cet", "cette", "est", "sont", "son", "sa", "ses", "il", "elle", "on",
    "nous", "vous", "ils", "elles", "leur", "leurs", "avec", "plus", "ou", "mais",
    "ni", "car", "je", "tu", "me", "te", "lui", "jusqu", "lorsqu", "puisqu",
  ]);

  // Folding: the rule of the Go package internal/fold (see its doc), code
  // point by code point. SPELLED and APOSTROPHES are its tables; a Go test
  // compares foldChar with it over every code point.
  const SPELLED = {
    'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ł': 'l', 'ı': 'i',
    'ß': 'ss', 'ς': 'σ',
  };
  const APOSTROPHES = new Set(["'", '’', '‘', 'ʼ', '`', '´']);

  const MAX_TERM = 32;
  const PAGE_SIZE = 10; // results shown at first, and by each "Plus de résultats"
  const DEBOUNCE_MS = 100;
  const LAST_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef';
  const MORE_DIGITS = 'ghijklmnopqrstuvwxyz0123456789-_';
  const SECTIONS = { actualites: 'Actualités', charte: 'Charte', evenements: 'Événements' };

  const MARK = /\p{M}/u;
  const WORD = /[\p{L}\p{N}]/u;

  // DIGITS[c] is the value of the digit with char code c, plus 32 for a last digit.
  const DIGITS = new Int8Array(128).fill(-1);
  for (let i = 0; i < 32; i++) {
    DIGITS[MORE_DIGITS.charCodeAt(i)] = i;
    DIGITS[LAST_DIGITS.charCodeAt(i)] = 32 + i;
  }

  const foldCache = new Map();

  // foldChar folds one code point: its word characters, ' ' for a
  // separator, "'" for an apostrophe, '' for a combining mark.
  function foldChar(cp) {
    let out = foldCache.get(cp);
    if (out !== undefined) return out;
    if (APOSTROPHES.has(cp)) {
      out = "'";
    } else {
      out = '';
      for (const c of cp.normalize('NFKD')) {
        if (MARK.test(c)) continue;
        const l = c.toLowerCase();
        if (APOSTROPHES.has(l)) out += "'";
        else if (Object.prototype.hasOwnProperty.call(SPELLED, l)) out += SPELLED[l];
        else out += WORD.test(l) ? l : ' ';
      }
    }
    if (foldCache.size < 10000) foldCache.set(cp, out);
    return out;
  }

  // fold lower-cases s, folds its accents and turns every run of other
  // characters into one space, as Go's search.Fold does.
  function fold(s) {
    let out = '';
    for (const cp of s) out += foldChar(cp);
    return out.replace(/[ ']+/g, ' ').trim();
  }

  // tokens returns the words of fold(s) but one-character words and stop words.
  function tokens(s) {
    return fold(s).split(' ').filter((w) => w && [...w].length > 1 && !STOP_WORDS.has(w));
  }

  // queryTerms returns the distinct terms to look up for query q.
  function queryTerms(q) {
    const out = [];
    for (const w of tokens(q)) {
      const t = [...w].slice(0, MAX_TERM).join('');
      if (!out.includes(t)) out.push(t);
    }
    return out;
  }

  // shardKey returns the key of term t of n runes (2 unless given): its
  // first n runes, '_' for those not in [a-z0-9] and for those it lacks.
  function shardKey(t, n = 2) {
    const k = [...t].slice(0, n).map((c) => (/^[a-z0-9]$/.test(c) ? c : '_'));
    while (k.length < n) k.push('_');
    return k.join('');
  }

  // shardKeys returns the keys of the shards of index that may hold the
  // terms query word w starts: the shard of its first two runes or, when
  // that one is split, of its first three; for a word of two runes, all
  // of these (as Go's Reader.shardKeys).
  function shardKeys(index, w) {
    const k = shardKey(w);
    if (index.shards[k]) return [k];
    if ([...w].length >= 3) {
      const k3 = shardKey(w, 3);
      return index.shards[k3] ? [k3] : [];
    }
    return Object.keys(index.shards).filter((x) => x.length === 3 && x.startsWith(k)).sort();
  }

  // decode calls fn(doc, tf, fields, section) for each entry of a postings
  // string; section is 0 when the entry has none.
  function decode(s, fn) {
    let v = 0;
    let doc = 0;
    for (let i = 0; i < s.length; i++) {
      const d = DIGITS[s.charCodeAt(i)];
      if (d < 32) {
        v = v * 32 + d;
        continue;
      }
      v = v * 32 + d - 32;
      doc += Math.floor(v / 32);
      const tf = (v >> 3) & 3;
      const fields = v & 7;
      let section = 0;
      if (s.charCodeAt(i + 1) === 46) { // '.': the entry's section follows
        i++;
        for (i++; i < s.length; i++) {
          const e = DIGITS[s.charCodeAt(i)];
          if (e < 32) {
            section = section * 32 + e;
          } else {
            section = section * 32 + e - 32;
            break;
          }
        }
      }
      fn(doc, tf, fields, section);
      v = 0;
    }
  }

  // Bonuses of a term for a query word (see Go's search.Score): its exact
  // form, another form of the same stem, a longer word it starts.
  const BONUS_EXACT = 2;
  const BONUS_STEM = 1;
  const BONUS_PREFIX = 0;

  // score weighs a term in a document: title, then summary, then text,
  // plus the term's bonus for the query word.
  function score(fields, tf, bonus) {
    let s = 0;
    if (fields & 1) s += 64;
    if (fields & 2) s += 16;
    if (fields & 4) s += 2 + tf;
    return s + bonus;
  }

  // matches returns, for query word w, the terms of shard s it matches, as
  // a Map of their indexes in s.terms to their bonuses: the words w starts
  // and, when w is a term of the site, the terms of its stem group (the
  // index lists the groups: the page needs no stemmer).
  function matches(s, w) {
    const out = new Map();
    let lo = 0;
    let hi = s.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s.terms[mid] < w) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < s.terms.length && s.terms[i].startsWith(w); i++) out.set(i, BONUS_PREFIX);
    if (lo < s.terms.length && s.terms[lo] === w) {
      const g = (s.groups || []).find((x) => x.includes(lo));
      if (g) for (const j of g) out.set(j, Math.max(out.get(j) || 0, BONUS_STEM));
      out.set(lo, BONUS_EXACT);
    }
    return out;
  }

  // rank returns [{doc, score, section}] for the documents that hold every
  // term (see matches), best first, then by document number (newest
  // first), and adds to words the terms of the index that matched, for
  // highlighting. section (counting from 1; 0 for none) is the one that
  // holds the most query words among those found in one section only, the
  // first on a tie (as Go's Reader.Search). shards maps shard keys to the
  // loaded shards of index.
  function rank(index, shards, terms, words) {
    let total = null;
    const votes = new Map(); // doc -> Map(section -> words)
    for (const w of terms) {
      const best = new Map(); // doc -> [score, section]
      for (const k of shardKeys(index, w)) {
        const s = shards[k];
        for (const [i, bonus] of matches(s, w)) {
          if (words && bonus > BONUS_PREFIX) words.add(s.terms[i]);
          decode(s.postings[i], (doc, tf, fields, section) => {
            const sc = score(fields, tf, bonus);
            const b = best.get(doc);
            if (!b || sc > b[0] || (sc === b[0] && section > b[1])) best.set(doc, [sc, section]);
          });
        }
      }
      if (total === null) {
        total = new Map();
        for (const [doc, b] of best) total.set(doc, b[0]);
      } else {
        for (const [doc, sc] of total) {
          const b = best.get(doc);
          if (b === undefined) total.delete(doc);
          else total.set(doc, sc + b[0]);
        }
      }
      for (const doc of total.keys()) {
        const sec = best.get(doc)[1];
        if (sec > 0) {
          if (!votes.has(doc)) votes.set(doc, new Map());
          const v = votes.get(doc);
          v.set(sec, (v.get(sec) || 0) + 1);
        }
      }
      if (total.size === 0) break;
    }
    const out = [];
    if (total) {
      for (const [doc, sc] of total) {
        let section = 0;
        let most = 0;
        for (const [sec, n] of votes.get(doc) || []) {
          if (n > most || (n === most && sec < section)) {
            section = sec;
            most = n;
          }
        }
        out.push({ doc, score: sc, section });
      }
    }
    out.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return out;
  }

  // KINDS are the kinds the kind filter knows (Go's search.Kinds).
  const KINDS = ['news', 'charter', 'event'];
  const SLUG = /^[a-z0-9-]{1,200}$/;

  // parseParams reads the search parameters of an address's query string
  // as Go's search.ParseParams does: an unknown kind or a tag that is not
  // a slug counts as not given.
  function parseParams(search) {
    const u = new URLSearchParams(search);
    const kind = u.get('kind') || '';
    const tag = u.get('tag') || '';
    return { q: u.get('q') || '', kind: KINDS.includes(kind) ? kind : '', tag: SLUG.test(tag) ? tag : '' };
  }

  // docSet returns the document numbers of a postings string.
  function docSet(postings) {
    const set = new Set();
    decode(postings, (doc) => set.add(doc));
    return set;
  }

  // filter keeps of ranked the documents of the sets given (null for no
  // filter) and, when ends is given (the kind "event": document number ->
  // end in Unix minutes), puts the events not ended at now (ms) first.
  function filter(ranked, kindSet, tagSet, ends, now) {
    let out = ranked.filter((r) => (!kindSet || kindSet.has(r.doc)) && (!tagSet || tagSet.has(r.doc)));
    if (ends) {
      const at = Math.floor(now / 60000);
      const up = (r) => ends.has(r.doc) && ends.get(r.doc) >= at;
      out = out.filter(up).concat(out.filter((r) => !up(r)));
    }
    return out;
  }

  // highlight splits text into [piece, marked] pairs, marking in each word
  // the part that a term matches as a prefix of its folded form.
  function highlight(text, terms) {
    const byLength = terms.slice().sort((a, b) => b.length - a.length);
    const spans = [];
    let folded = '';
    let ends = []; // ends[k]: index in text just after the source of folded[k]
    let start = 0;
    const finish = () => {
      const t = byLength.find((x) => folded.startsWith(x));
      if (t) {
        const from = Math.max(start, spans.length ? spans[spans.length - 1][1] : 0);
        const to = ends[t.length - 1];
        if (to > from) spans.push([from, to]);
      }
      folded = '';
      ends = [];
    };
    let i = 0;
    for (const cp of text) {
      const next = i + cp.length;
      for (const c of foldChar(cp)) {
        if (c === ' ' || c === "'") {
          if (folded) finish();
          continue;
        }
        if (!folded) start = i;
        folded += c;
        for (let k = 0; k < c.length; k++) ends.push(next);
      }
      // A trailing nonspacing mark belongs to the letter before it.
      if (folded && ends.length) ends[ends.length - 1] = next;
      i = next;
    }
    if (folded) finish();
    const out = [];
    let at = 0;
    for (const [from, to] of spans) {
      if (from > at) out.push([text.slice(at, from), false]);
      out.push([text.slice(from, to), true]);
      at = to;
    }
    if (at < text.length) out.push([text.slice(at), false]);
    return out;
  }

  // statusText is the French status line for n results of query q, of
  // which shown are shown.
  function statusText(n, q, shown) {
    if (n === 0) return 'Aucun résultat pour «\u202f' + q.trim().replace(/\s+/g, ' ') + '\u202f»';
    if (n === 1) return '1 résultat';
    const s = n.toLocaleString('fr-FR') + ' résultats';
    return shown !== undefined && shown < n ? s + ', ' + shown.toLocaleString('fr-FR') + ' affichés' : s;
  }

  // init wires the search form of doc, if there is one.
  function init(doc, win) {
    const form = doc.getElementById('search-form');
    const input = doc.getElementById('search-input');
    const status = doc.getElementById('search-status');
    const list = doc.getElementById('search-results');
    if (!form || !input || !status || !list) return;
    // Optional: the filters and the "more results" button.
    const kindSel = doc.getElementById('search-kind');
    const tagSel = doc.getElementById('search-tag');
    const more = doc.getElementById('search-more');
    let root = doc.documentElement.dataset.root || '/';
    if (!root.endsWith('/')) root += '/';

    const files = new Map(); // URL relative to root -> Promise of JSON
    const done = new Set(); // URLs already loaded
    const get = (url) => {
      if (!files.has(url)) {
        const p = win.fetch(root + url).then((r) => {
          if (!r.ok) throw new Error(r.status + ' ' + url);
          return r.json();
        });
        p.then(() => done.add(url), () => files.delete(url));
        files.set(url, p);
      }
      return files.get(url);
    };

    const append = (parent, pieces) => {
      for (const [text, marked] of pieces) {
        if (marked) {
          const m = doc.createElement('mark');
          m.textContent = text;
          parent.appendChild(m);
        } else {
          parent.appendChild(doc.createTextNode(text));
        }
      }
    };

    const item = ([url, title, summary, section, date], terms, sections, sub) => {
      const li = doc.createElement('li');
      const a = doc.createElement('a');
      a.href = url;
      append(a, highlight(title || url, terms));
      li.appendChild(a);
      const label = [SECTIONS[section] || section, date].filter(Boolean).join(' · ');
      if (label) {
        li.appendChild(doc.createTextNode(' '));
        const span = doc.createElement('span');
        span.className = 'search-section';
        span.textContent = label;
        li.appendChild(span);
      }
      if (summary) {
        const p = doc.createElement('p');
        append(p, highlight(summary, terms));
        li.appendChild(p);
      }
      // The section the words are in, as a sub-result.
      const s = sections && sub > 0 ? sections[sub - 1] : null;
      if (s) {
        const ul = doc.createElement('ul');
        ul.className = 'search-sub';
        const sli = doc.createElement('li');
        const sa = doc.createElement('a');
        sa.href = url + '#' + s[0];
        append(sa, highlight(s[1], terms));
        sli.appendChild(sa);
        ul.appendChild(sli);
        li.appendChild(ul);
      }
      return li;
    };

    // The tags' list, for the tag filter: loaded when first needed.
    let tagsLoaded = null;
    const loadTags = (index) => {
      if (!tagsLoaded) {
        tagsLoaded = (index.tags ? get(index.tags) : Promise.resolve([])).then((tags) => {
          if (tagSel) {
            const chosen = tagSel.value;
            const have = new Map(Array.from(tagSel.options || [], (o) => [o.value, o]));
            for (const [slug, name] of tags) {
              if (have.has(slug)) {
                have.get(slug).textContent = name;
                continue;
              }
              const o = doc.createElement('option');
              o.value = slug;
              o.textContent = name;
              tagSel.appendChild(o);
            }
            if (chosen) tagSel.value = chosen;
          }
          return new Map(tags.map((t) => [t[0], t[2]]));
        });
      }
      return tagsLoaded;
    };
    const params = () => ({
      q: input.value,
      kind: kindSel ? kindSel.value : '',
      tag: tagSel ? tagSel.value : '',
    });

    const setURL = (p) => {
      try {
        const u = new URL(win.location.href);
        for (const [k, v] of [['q', p.q], ['kind', p.kind], ['tag', p.tag]]) {
          if (v.trim()) u.searchParams.set(k, v);
          else u.searchParams.delete(k);
        }
        win.history.replaceState(win.history.state, '', u.toString());
      } catch (e) {
        // Some hosts (file:) refuse replaceState: the search still works.
      }
    };

    let seq = 0;
    let showMore = null; // shows the next page of the current results
    const run = async (p) => {
      const my = ++seq;
      setURL(p);
      showMore = null;
      if (more) more.hidden = true;
      const terms = queryTerms(p.q);
      if (terms.length === 0) {
        list.replaceChildren();
        // One letter is the start of a word, not a failed search.
        const started = fold(p.q).split(' ').some((w) => [...w].length > 1);
        status.textContent = started ? statusText(0, p.q) : '';
        return;
      }
      if (!done.has('search-index.json')) status.textContent = 'Chargement de l’index…';
      try {
        const index = await get('search-index.json');
        const shards = {};
        const keys = [...new Set(terms.flatMap((w) => shardKeys(index, w)))];
        const kindURL = p.kind ? (index.kinds || {})[p.kind] : null;
        const want = keys.map((k) => get(index.shards[k]).then((s) => { shards[k] = s; }));
        let kindSet = null;
        let tagSet = null;
        let ends = null;
        if (p.kind) want.push(kindURL ? get(kindURL).then((x) => { kindSet = docSet(x); }) : Promise.resolve().then(() => { kindSet = new Set(); }));
        if (p.tag) {
          want.push(loadTags(index).then((urls) => {
            const u = urls.get(p.tag);
            return u ? get(u).then((x) => { tagSet = docSet(x); }) : (tagSet = new Set());
          }));
        }
        if (p.kind === 'event') want.push((index.events ? get(index.events) : Promise.resolve([])).then((x) => { ends = new Map(x); }));
        await Promise.all(want);
        if (my !== seq) return;
        const words = new Set(terms);
        const ranked = filter(rank(index, shards, terms, words), kindSet, tagSet, ends, Date.now());
        const marks = [...words];
        let shown = 0;
        const page = async () => {
          const top = ranked.slice(shown, shown + PAGE_SIZE);
          const chunks = {};
          const secs = {};
          const chunk = (r) => Math.floor(r.doc / index.chunkSize);
          const ids = [...new Set(top.map(chunk))];
          // The sections' files only of the results that lead to one.
          const withSec = index.sections ? [...new Set(top.filter((r) => r.section > 0).map(chunk))] : [];
          await Promise.all(ids.map((c) => get(index.docs.replace('{}', c)).then((rows) => { chunks[c] = rows; }))
            .concat(withSec.map((c) => get(index.sections.replace('{}', c)).then((rows) => { secs[c] = rows; }))));
          if (my !== seq) return;
          const items = top.map((r) => {
            const c = chunk(r);
            const k = r.doc % index.chunkSize;
            return item(chunks[c][k], marks, secs[c] ? secs[c][k] : null, r.section);
          });
          if (shown === 0) list.replaceChildren(...items);
          else for (const li of items) list.appendChild(li);
          shown += top.length;
          status.textContent = statusText(ranked.length, p.q, shown);
          if (more) more.hidden = shown >= ranked.length;
        };
        showMore = page;
        await page();
      } catch (e) {
        if (my !== seq) return;
        list.replaceChildren();
        status.textContent = 'La recherche est indisponible pour le moment.';
      }
    };

    let timer = 0;
    input.addEventListener('input', () => {
      win.clearTimeout(timer);
      timer = win.setTimeout(() => run(params()), DEBOUNCE_MS);
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      win.clearTimeout(timer);
      run(params());
    });
    for (const sel of [kindSel, tagSel]) {
      if (sel) sel.addEventListener('change', () => run(params()));
    }
    if (tagSel) {
      // The tags are listed once the reader goes to the tag filter.
      tagSel.addEventListener('focus', () => { get('search-index.json').then(loadTags).catch(() => {}); });
    }
    if (more) {
      more.addEventListener('click', () => {
        if (!showMore) return;
        const first = list.children.length;
        showMore().then(() => {
          // Keyboard users land on the first new result.
          const li = list.children[first];
          const a = li && li.querySelector ? li.querySelector('a') : null;
          if (a && a.focus) a.focus();
        });
      });
    }
    const p = parseParams(new URL(win.location.href).search);
    if (kindSel) kindSel.value = p.kind;
    if (tagSel && p.tag) {
      // The tag's option comes with the tags' list.
      const o = doc.createElement('option');
      o.value = p.tag;
      o.textContent = p.tag;
      tagSel.appendChild(o);
      tagSel.value = p.tag;
    }
    if (p.q) {
      input.value = p.q;
      run(params());
    }
  }

  const api = {
    fold, foldChar, tokens, queryTerms, shardKey, shardKeys, decode, score, matches, rank, parseParams, docSet, filter,
    highlight, statusText, init, PAGE_SIZE,
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (typeof window !== 'undefined' && typeof document !== 'undefined') {
    window.allianceSearch = api;
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', () => init(document, window));
    } else {
      init(document, window);
    }
  }
})();
