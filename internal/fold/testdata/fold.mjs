// Folds, with static/js/search.js, what the Go test fold_test.go asks:
//   node fold.mjs runes          prints foldChar of every code point, one a line
//   node fold.mjs strings FILE   prints fold of each line of FILE (JSON strings), one a line
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const search = require('../../../static/js/search.js');
const out = [];
if (process.argv[2] === 'runes') {
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    out.push(cp >= 0xd800 && cp < 0xe000 ? '' : JSON.stringify(search.foldChar(String.fromCodePoint(cp))));
  }
} else {
  for (const line of readFileSync(process.argv[3], 'utf8').split('\n')) {
    if (line) out.push(JSON.stringify(search.fold(JSON.parse(line))));
  }
}
process.stdout.write(out.join('\n') + '\n');
