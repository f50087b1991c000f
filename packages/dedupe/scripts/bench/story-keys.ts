/**
 * The cost of an article's story evidence: `pnpm bench story-keys`.
 *
 * storyKeys on articles of ~2,000 and ~20,000 characters in Latin, Cyrillic, Chinese and Arabic text, and for
 * Japanese text also japaneseNameReadings (the dictionary's proper nouns, read in a child process): the
 * analyser's start and the memory its process holds, then p50/p95 per article, and the time of hostile input (20,000 characters
 * in one run of katakana, which read whole would exhaust the heap). Text is generated here from a few
 * sentences written for the benchmark, so no corpus is needed.
 */
import { percentile, timeIt } from '../../../db/scripts/timing.js';
import { readFileSync } from 'node:fs';
import { closeJapaneseNames, IDLE_MS, japaneseNameReadings, MAX_READING_CHARS } from '../../src/japanese-names.js';
import { storyKeys } from '../../src/story.js';

const SAMPLES = 200;
const sentences: Record<string, string[]> = {
  en: [
    'Governor Marek Zielinski said on 14 March that 7 people died when the 240-metre bridge over the Wisła collapsed.',
    'The bridge, built in 1974, carried about 12,500 vehicles a day, and an inspection in 2023 had found corrosion.',
    'Rescuers from Krakow pulled 19 people from the river while prosecutors opened an investigation.',
  ],
  ru: [
    'Губернатор Марек Зелинский заявил 14 марта, что при обрушении 240-метрового моста через Вислу погибли 7 человек.',
    'Мост, построенный в 1974 году, ежедневно пропускал около 12 500 машин, а проверка в 2023 году выявила коррозию.',
  ],
  zh: ['州长马雷克·泽林斯基3月14日表示，横跨维斯瓦河的240米长桥梁坍塌，造成7人死亡。', '这座桥建于1974年，每天通行约12500辆车，2023年的检查发现了腐蚀。'],
  ar: ['قال الحاكم ماريك زيلينسكي في 14 مارس إن 7 أشخاص لقوا حتفهم عندما انهار الجسر البالغ طوله 240 مترا فوق نهر فيستولا.', 'وكان الجسر الذي بني عام 1974 يحمل نحو 12500 مركبة يوميا.'],
  ja: [
    '静岡県浜松市で14日、天竜川にかかる道路橋が崩落し、7人が死亡、38人がけがをした。',
    '鈴木健一知事が記者会見で明らかにした。橋は1974年に建設され、1日約1万2500台が通行していた。',
    '県警は施工業者の高橋誠社長から事情を聴いている。',
  ],
};
const textOf = (language: string, chars: number, seed: number) => {
  const list = sentences[language]!;
  let text = '';
  for (let index = seed; text.length < chars; index++) text += `${list[index % list.length]} ${seed + index} `;
  return text.slice(0, chars);
};

/** The resident memory of this process's children (the analyser), from /proc (Linux). */
function childrenRss(): number {
  const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  let kilobytes = 0;
  for (const pid of children) kilobytes += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kilobytes * 1024;
}

const loadStart = performance.now();
const rssBefore = process.memoryUsage().rss;
await japaneseNameReadings(textOf('ja', 200, 0));
console.log(
  `Japanese analyser: started and its dictionary loaded in ${(performance.now() - loadStart).toFixed(0)} ms; ` +
    `its process holds ${(childrenRss() / 1e6).toFixed(0)} MB resident, this one grew by ${((process.memoryUsage().rss - rssBefore) / 1e6).toFixed(0)} MB ` +
    `(the analyser ends after ${IDLE_MS / 1000} s without a Japanese article)`,
);

console.log(`\n${'text'.padEnd(22)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`);
for (const chars of [2_000, 20_000]) {
  for (const language of Object.keys(sentences)) {
    const { p50, p95 } = await timeIt(SAMPLES, async (run) => {
      const text = textOf(language, chars, run);
      storyKeys('Bridge collapse', text, language, await japaneseNameReadings(text));
    });
    console.log(`${`${language}, ${chars} chars`.padEnd(22)} ${p50.toFixed(2).padStart(8)} ${p95.toFixed(2).padStart(8)}`);
  }
}

const hostile = `静岡県の鈴木さんは、これから長い文章を読みます。${'ア'.repeat(MAX_READING_CHARS)}`;
const times: number[] = [];
for (let run = 0; run < 5; run++) {
  const start = performance.now();
  await japaneseNameReadings(hostile);
  times.push(performance.now() - start);
}
console.log(`\nhostile Japanese (${MAX_READING_CHARS} katakana in one run): ${percentile(times, 0.5).toFixed(1)} ms per article`);
await closeJapaneseNames();
