import { describe, expect, it } from 'vitest';
import { keyWeight, matchingKey, nameKey, nameLabels, soundKey, storyKeys, storySimilarity } from './story.js';

describe('nameKey', () => {
  it.each([
    [['Зеленский', 'Zelensky', 'Selenskyj', 'Zelenskyy', 'Zełenski', 'Ζελένσκι'], 'selenski'],
    [['Путин', 'Putin', 'Poutine'], 'putin'],
    [['Wladimir', 'Vladimir', 'Владимир'], 'vladimir'],
    [['Macron', 'Макрон', 'Μακρόν'], 'makron'],
    [['Scholz', 'Шольц'], 'shols'],
  ])('%j → %s', (spellings, key) => {
    for (const spelling of spellings) expect(nameKey(spelling)).toBe(key);
  });
});

describe('soundKey', () => {
  it.each([
    [['Putin', 'Путин'], ['プーチン'], 'ptn'],
    [['Trump', 'Трамп'], ['トランプ'], 'trnp'],
    [['Werribee'], ['ウェロビー'], 'brb'],
    [['William'], ['ウィリアム'], 'brn'],
  ])('%j and %j → %s', (spellings, katakana, key) => {
    for (const spelling of spellings) expect(soundKey(spelling)).toBe(key);
    for (const spelling of katakana) expect(soundKey(spelling, true)).toBe(key);
  });
});

describe('storyKeys', () => {
  it('normalizes numbers, percentages and dates across conventions', () => {
    const keys = (text: string) => [...storyKeys('', text)].filter((key) => !key.startsWith('w:'));
    expect(keys('They counted 1,200 votes')).toEqual(['n:1200']);
    expect(keys('Sie zählten 1.200 Stimmen')).toEqual(['n:1200']);
    expect(keys('Ils ont compté 1 200 voix')).toEqual(['n:1200']);
    expect(keys('Inflation fell to 3.5% and 2 people')).toEqual(['p:3.5']);
    expect(keys('Die Inflation sank auf 3,5 Prozent')).toEqual(['p:3.5']);
    expect(keys('on 2024-03-15')).toEqual(expect.arrayContaining(['d:03-15']));
    for (const text of ['on March 15', 'am 15. März', 'le 15 mars', 'el 15 de marzo', '15 марта', 'il 15 marzo']) {
      expect(keys(text)).toEqual(expect.arrayContaining(['d:03-15']));
    }
    expect(keys('the market rose 5')).toEqual([]);
  });

  it('keeps names and drops sentence-initial words not confirmed elsewhere', () => {
    const keys = storyKeys('Talks In Geneva', 'Yesterday the talks began. Officials from Norway met in Geneva. The Norway team left.');
    expect(keys).toContain(`w:${soundKey('Norway')}`);
    expect(keys).toContain(`w:${soundKey('Geneva')}`);
    expect([...keys].some((key) => key === `w:${soundKey('Yesterday')}` || key === `w:${soundKey('Talks')}`)).toBe(false);
  });
});

const en = ['Zelensky meets Macron in Paris', 'Ukrainian President Volodymyr Zelensky met French President Emmanuel Macron in Paris on 15 March 2024. The two leaders agreed on a 3.5 billion euro aid package, and France will deliver 1,200 drones.'] as const;
const ru = ['Зеленский встретился с Макроном в Париже', 'Президент Украины Владимир Зеленский встретился с президентом Франции Эммануэлем Макроном в Париже 15 марта 2024 года. Лидеры договорились о пакете помощи в 3,5 млрд евро, Франция поставит 1 200 беспилотников.'] as const;
const de = ['Selenskyj trifft Macron in Paris', 'Der ukrainische Präsident Wolodymyr Selenskyj hat am 15. März 2024 in Paris den französischen Präsidenten Emmanuel Macron getroffen. Die beiden vereinbarten ein Hilfspaket von 3,5 Milliarden Euro; Frankreich liefert 1.200 Drohnen.'] as const;
const fr = ['Zelensky rencontre Macron à Paris', "Le président ukrainien Volodymyr Zelensky a rencontré Emmanuel Macron à Paris le 15 mars 2024. Les deux dirigeants se sont mis d'accord sur une aide de 3,5 milliards d'euros et la France livrera 1 200 drones."] as const;
const es = ['Zelenski se reúne con Macron en París', 'El presidente ucraniano, Volodímir Zelenski, se reunió con Emmanuel Macron en París el 15 de marzo de 2024. Ambos acordaron un paquete de ayuda de 3,5 mil millones de euros y Francia entregará 1.200 drones.'] as const;
// Same topic, same protagonist, different event.
const otherEn = ['Zelensky visits Berlin', 'Ukrainian President Volodymyr Zelensky met German Chancellor Olaf Scholz in Berlin on 2 February 2024 to discuss air defence. Germany pledged 7 billion euros in military aid this year.'] as const;
const otherDe = ['Selenskyj bei Scholz in Berlin', 'Der ukrainische Präsident Wolodymyr Selenskyj ist am 2. Februar 2024 in Berlin von Bundeskanzler Olaf Scholz empfangen worden. Deutschland sagte Militärhilfe von 7 Milliarden Euro zu.'] as const;

describe('nameLabels', () => {
  it('names a skeleton by the word that gives it, in Latin script when a title has one', () => {
    const labels = nameLabels(['Путин встретился с Трампом в Хельсинки', 'プーチン氏とトランプ氏が会談', 'Putin meets Trump in Helsinki', 'ترامب وبوتين في هلسنكي']);
    expect(labels.get(soundKey('Putin'))).toBe('Putin');
    expect(labels.get(soundKey('Trump'))).toBe('Trump');
    expect(nameLabels(['Путин встретился с Трампом']).get(soundKey('Putin'))).toBe('Путин');
    // A sentence's lowercase words name nothing.
    expect([...nameLabels(['the meeting was held']).values()]).toEqual([]);
  });
});

describe('storySimilarity', () => {
  const keys = ([title, text]: readonly [string, string], language: string) => storyKeys(title, text, language);
  const same = [keys(en, 'en'), keys(ru, 'ru'), keys(de, 'de'), keys(fr, 'fr'), keys(es, 'es')];
  const other = [keys(otherEn, 'en'), keys(otherDe, 'de')];

  it('finds shared evidence for one event reported in five languages', () => {
    for (const a of same) for (const b of same) if (a !== b) expect(storySimilarity(a, b)).toBeGreaterThanOrEqual(0.35);
  });

  it('keeps a different event on the same topic apart', () => {
    for (const a of same) for (const b of other) expect(storySimilarity(a, b)).toBeLessThanOrEqual(0.25);
    expect(storySimilarity(other[0]!, other[1]!)).toBeGreaterThanOrEqual(0.35);
  });

  it('is symmetric, 1 for identical evidence and 0 for none', () => {
    expect(storySimilarity(same[0]!, same[1]!)).toBe(storySimilarity(same[1]!, same[0]!));
    expect(storySimilarity(same[0]!, same[0]!)).toBe(1);
    expect(storySimilarity(new Set(), new Set())).toBe(0);
  });
});

describe('storyKeys across scripts', () => {
  const keys = (title: string, text: string) => [...storyKeys(title, text)];

  it('meets scaled amounts across languages and scripts', () => {
    const amount = 'n:18400000000';
    expect(keys('', 'The company will pay $18.4 billion in cash.')).toContain(amount);
    expect(keys('', 'Der Konzern zahlt 18,4 Milliarden Dollar.')).toContain(amount);
    expect(keys('', 'La empresa pagará 18.400 millones de dólares.')).toContain(amount);
    expect(keys('', '公司将以184亿美元收购对方。')).toContain(amount);
    expect(keys('', 'أوبك+ تتفق على خفض 800 ألف برميل يوميا')).toContain('n:800000');
    expect(keys('', 'أوبك+ تتفق على خفض ٨٠٠ ألف برميل يوميا')).toContain('n:800000');
  });

  it('reads myriad numbers and the Japanese decimal dot as one number', () => {
    const numbers = (text: string) => keys('', text).filter((key) => key.startsWith('n:')).sort();
    expect(numbers('前日比１８２・４４ドル安の２万６４６９・８９ドルで取引を終えた。')).toEqual(['n:182.44', 'n:26469.89']);
    expect(numbers('总额为3億2000万元')).toEqual(['n:320000000']);
    expect(numbers('１万０３６３・１８と続落した')).toEqual(['n:10363.18']);
    expect(numbers('The Dow fell 182.44 points to 26,469.89.')).toEqual(['n:182.44', 'n:26469.89']);
  });

  it('reads numbers, percentages and dates inside CJK and Arabic text', () => {
    expect(keys('', '住民2100人以上が避難した。売上高は48%増えた。')).toEqual(expect.arrayContaining(['n:2100', 'p:48']));
    expect(keys('', '新线于12月1日正式开通。')).toContain('d:12-01');
    expect(keys('', 'ارتفع السعر بنسبة 15 في المئة يوم 3 أكتوبر')).toEqual(expect.arrayContaining(['p:15', 'd:10-03']));
  });

  it('meets names in scripts without capitals: four consonants in a title, five in the text', () => {
    // Headlines and a sentence written for this test: Trump and Macron meet, Zelensky joins by video.
    const english = storyKeys('Trump and Macron meet in Paris', 'President Donald Trump met Emmanuel Macron in Paris on Tuesday, and Volodymyr Zelensky joined by video.');
    const names = (keys: Set<string>) => new Set([...keys].filter((key) => key.startsWith('m:') || key.startsWith('w:')).map(matchingKey));
    const englishNames = names(english);
    // Arabic writes Trump with b and Hebrew with f (both are also tried as p); the Hindi and Korean
    // spellings of Zelensky (ज़ेलेंस्की, 젤렌스키) begin with j, and Korean writes Macron 마크롱 (Makeurong).
    for (const [title, text, met] of [
      ['ترامب وماكرون يلتقيان في باريس', 'انضم زيلينسكي عبر الفيديو إلى اللقاء في باريس يوم الثلاثاء.', ['w:trnp', 'w:nkrn', 'w:srnsk']],
      ['טראמפ ומקרון נפגשים בפריז', 'זלנסקי הצטרף בווידאו לפגישה בפריז ביום שלישי.', ['w:trnp', 'w:nkrn', 'w:srnsk']],
      ['ट्रम्प और मैक्रों की पेरिस में मुलाकात', 'ज़ेलेंस्की मंगलवार को वीडियो के ज़रिए पेरिस की बैठक में शामिल हुए।', ['w:trnp', 'w:nkrn']],
      ['트럼프와 마크롱, 파리에서 회담', '젤렌스키는 화요일 파리 회담에 화상으로 참여했다.', ['w:trnp']],
    ] as const) {
      const keys = storyKeys(title, text);
      expect([...names(keys)].filter((key) => englishNames.has(key)).sort()).toEqual([...met].sort());
      // Maybe-names only: two such articles share nothing by their common words.
      expect([...keys].every((key) => !key.startsWith('w:'))).toBe(true);
    }
    // A word of four consonants in the text alone is no name: too many words share such a skeleton.
    expect([...storyKeys('خبر', 'قال ترامب إن اللقاء كان جيدا وإن المحادثات ستستمر غدا في العاصمة.')].filter((key) => key.startsWith('m:'))).not.toContain('m:trnp');
  });

  it('finds Latin names inside Chinese text', () => {
    expect(keys('芯片商Helvion收购Kestrel', '美国半导体企业Helvion Technologies宣布，将收购网络芯片设计公司Kestrel Systems。')).toEqual(
      expect.arrayContaining([`w:${soundKey('Helvion')}`, `w:${soundKey('Kestrel')}`, `w:${soundKey('Systems')}`]),
    );
  });

  it('finds Latin names and numbers in their own digits inside Khmer, Lao, Myanmar and Tibetan text', () => {
    // These scripts write no spaces between words: the name must be cut out of the run of letters
    // around it, and the number written in the script's own digits (១២៥០, ໑໒໕໐, ၁၂၅၀, ༡༢༥༠) read as 1250.
    const khmer = keys(
      'ក្រុមហ៊ុនHelvionទិញក្រុមហ៊ុនKestrel',
      'ក្រុមហ៊ុនបច្ចេកវិទ្យាHelvionបានប្រកាសថានឹងទិញក្រុមហ៊ុនKestrelក្នុងតម្លៃ១២៥០លានដុល្លារ។',
    );
    expect(khmer).toEqual(expect.arrayContaining([`w:${soundKey('Helvion')}`, `w:${soundKey('Kestrel')}`, 'n:1250']));
    const lao = keys('ບໍລິສັດHelvionຊື້ກິດຈະການ', 'ບໍລິສັດເຕັກໂນໂລຊີHelvionປະກາດວ່າຈະຊື້ກິດຈະການໃນລາຄາ໑໒໕໐ລ້ານໂດລາ');
    expect(lao).toEqual(expect.arrayContaining([`w:${soundKey('Helvion')}`, 'n:1250']));
    const burmese = keys('', 'နည်းပညာကုမ္ပဏီHelvionကဒေါ်လာသန်း၁၂၅၀ဖြင့်ဝယ်ယူမည်ဟုကြေညာခဲ့သည်။');
    expect(burmese).toEqual(expect.arrayContaining([`w:${soundKey('Helvion')}`, 'n:1250']));
    const tibetan = keys('', 'ཚོང་ཁང་Helvionགྱིས་སྒོར་མོ་ས་ཡ་༡༢༥༠་ཡི་གོང་ཚད་ཐོག་ཉོ་རྒྱུ་ཡིན་པ་བསྒྲགས།');
    expect(tibetan).toEqual(expect.arrayContaining([`w:${soundKey('Helvion')}`, 'n:1250']));
    // A zero-width space, the invisible word break of these texts, does not stick to the name.
    expect(keys('', 'ក្រុមហ៊ុន\u200bKestrel\u200bបានប្រកាសថានឹងលក់ក្រុមហ៊ុនរបស់ខ្លួន។')).toContain(`w:${soundKey('Kestrel')}`);
    // Words of these scripts are no name words.
    expect([...khmer, ...lao, ...burmese, ...tibetan].every((key) => !key.startsWith('w:') || /^w:[a-z]+$/.test(key))).toBe(true);
  });

  it('ignores chrome lines, dateline agencies and day names', () => {
    const text =
      'By Northwind Press staff\nPhoto: Northwind Press / file\n' +
      'OSLO (Northwind Press) — Officials in Norway said on Tuesday that the ferry Kystlinjen had been towed to Bergen harbour overnight.\n' +
      'Share on Facebook · Share on X';
    const found = keys('', text);
    expect(found).toEqual(expect.arrayContaining([`w:${soundKey('Norway')}`, `w:${soundKey('Kystlinjen')}`, `w:${soundKey('Bergen')}`]));
    expect(found.some((key) => key === `w:${soundKey('Northwind')}` || key === `w:${soundKey('Press')}` || key === `w:${soundKey('Tuesday')}` || key === `w:${soundKey('Facebook')}`)).toBe(false);
  });
});

describe('storyKeys: abbreviations, ordinals, short names and countries', () => {
  const keys = (title: string, text: string) => [...storyKeys(title, text)];
  const body = 'officials said the meeting would be held later this week in the capital city';

  it('keeps abbreviations written in capitals, in any script, by their Latin spelling', () => {
    expect(keys('', `Leaders of NATO and the WHO met, ${body}.`)).toEqual(expect.arrayContaining(['a:NATO', 'a:WHO']));
    expect(keys('', `Руководство НАТО и ФСБ заявило, что встреча пройдёт на этой неделе в столице страны.`)).toEqual(
      expect.arrayContaining(['a:NATO', 'a:FSB']),
    );
    // "U.S." is the abbreviation US.
    expect(keys('', `U.S. ${body}.`)).toContain('a:US');
  });

  it('takes no abbreviations from roman numerals, agencies or lines written in capitals', () => {
    expect(keys('', `Chapter XIV of the rules, ${body}.`).filter((key) => key.startsWith('a:'))).toEqual([]);
    expect(keys('', `Reporting by AFP and AP: ${body}.`).filter((key) => key.startsWith('a:'))).toEqual([]);
    expect(keys('BREAKING NEWS: LEADERS MEET TODAY', `The ${body}.`).filter((key) => key.startsWith('a:'))).toEqual([]);
  });

  it('reads ordinals and decades as the bare number other languages write', () => {
    expect(keys('', `On the 14th, a man in his 30s said the 1990s were different, ${body}.`)).toEqual(
      expect.arrayContaining(['n:14', 'n:30', 'n:1990']),
    );
  });

  it('keeps a name of two consonants at half weight', () => {
    const found = keys('', `On Monday the former prime minister Tony Blair met officials in London, ${body}.`);
    expect(found).toContain(`w:${soundKey('Blair')}`);
    expect(soundKey('Blair')).toHaveLength(2);
    expect(keyWeight(`w:${soundKey('Blair')}`)).toBe(0.5);
    expect(keyWeight(`w:${soundKey('London')}`)).toBe(1);
  });

  it('meets countries across scripts, at half the weight of a name', () => {
    expect(keys('', 'Германия и Франция подписали договор.')).toEqual(expect.arrayContaining(['c:DE', 'c:FR']));
    expect(keys('', '德国和法国签署了条约。')).toEqual(expect.arrayContaining(['c:DE', 'c:FR']));
    expect(keyWeight('c:DE')).toBe(0.5);
  });
});
