// µs per simhash64 call on a 5,000-character text (Latin and Chinese).
// Run from the repository root: `pnpm exec tsx packages/dedupe/scripts/bench-simhash.ts`.
import { chineseStory, chineseUnrelated, unrelatedStory, wireStory } from '../src/fixtures/articles.js';
import { simhash64 } from '../src/simhash.js';

const latin = `${wireStory} ${unrelatedStory} ${wireStory}`.slice(0, 5000);
const chinese = (chineseStory + chineseUnrelated).repeat(6).slice(0, 5000);
for (const [name, text] of [['latin', latin], ['chinese', chinese]] as const) {
  for (let warm = 0; warm < 2000; warm++) simhash64(text);
  const runs = 5000;
  const start = process.hrtime.bigint();
  for (let run = 0; run < runs; run++) simhash64(text);
  const micros = Number(process.hrtime.bigint() - start) / runs / 1000;
  console.log(`${name}: ${text.length} chars, ${micros.toFixed(1)} µs per simhash64`);
}
