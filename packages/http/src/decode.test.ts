import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody, normalizeEncodingLabel, SUPPORTED_ENCODINGS } from './decode.js';

const russian = 'Привет, мир! Новости дня';
const japanese = '日本語のニュース';
const chinese = '今日新闻：中文内容';
const korean = '한국어 뉴스 기사';

describe('decodeBody', () => {
  it('uses the charset from the Content-Type header', () => {
    const body = iconv.encode(`<p>${russian}</p>`, 'windows-1251');
    expect(decodeBody(body, 'text/html; charset=windows-1251')).toMatchObject({
      text: `<p>${russian}</p>`,
      encoding: 'windows-1251',
    });
  });

  it('decodes 0x93/0x94 as curly quotes for unlabelled legacy text', () => {
    const body = Buffer.from([0x93, 0x48, 0x69, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35]);
    expect(decodeBody(body, 'text/html')).toMatchObject({ text: '\u201cHi\u201d \u2013 \u20ac5', encoding: 'windows-1252' });
  });

  it('treats iso-8859-1 as windows-1252, as browsers do', () => {
    const body = iconv.encode('It\u2019s \u201cquoted\u201d', 'windows-1252');
    expect(decodeBody(body, 'text/plain; charset="ISO-8859-1"')).toMatchObject({
      text: 'It\u2019s \u201cquoted\u201d',
      encoding: 'windows-1252',
    });
  });

  it('reads the encoding from the XML declaration', () => {
    const xml = `<?xml version="1.0" encoding="Shift_JIS"?>\n<rss><channel><title>${japanese}</title></channel></rss>`;
    expect(decodeBody(iconv.encode(xml, 'shift_jis'), 'application/rss+xml')).toMatchObject({
      text: xml,
      encoding: 'shift_jis',
    });
  });

  it('reads the encoding from an HTML meta charset and maps gb2312 to gbk', () => {
    const html = `<html><head><meta charset="gb2312"><title>${chinese}</title></head></html>`;
    expect(decodeBody(iconv.encode(html, 'gbk'), 'text/html')).toMatchObject({ text: html, encoding: 'gbk' });
  });

  it('reads the encoding from a meta http-equiv content attribute', () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head><body>${russian}</body></html>`;
    expect(decodeBody(iconv.encode(html, 'koi8-r'), null)).toMatchObject({ text: html, encoding: 'koi8-r' });
  });

  it('keeps valid UTF-8 as UTF-8 even when labelled iso-8859-1', () => {
    const text = 'Café – “naïve” 日本';
    expect(decodeBody(Buffer.from(text, 'utf8'), 'text/html; charset=iso-8859-1')).toMatchObject({
      text,
      encoding: 'utf-8',
    });
  });

  it('prefers valid UTF-8 over an in-document declaration', () => {
    const xml = '<?xml version="1.0" encoding="windows-1251"?><title>Ünïcödé</title>';
    expect(decodeBody(Buffer.from(xml, 'utf8'), null).encoding).toBe('utf-8');
  });

  it('honours a UTF-16LE byte order mark and strips it', () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<p>${russian}</p>`, 'utf16le')]);
    expect(decodeBody(body, 'text/html; charset=windows-1252')).toMatchObject({
      text: `<p>${russian}</p>`,
      encoding: 'utf-16le',
    });
  });

  it('honours a UTF-16BE byte order mark', () => {
    const body = iconv.encode(japanese, 'utf-16be', { addBOM: true });
    expect(decodeBody(body, null)).toMatchObject({ text: japanese, encoding: 'utf-16be' });
  });

  it('strips a UTF-8 byte order mark', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('héllo', 'utf8')]);
    expect(decodeBody(body, null)).toMatchObject({ text: 'héllo', encoding: 'utf-8' });
  });

  it('decodes EUC-KR', () => {
    const body = iconv.encode(`<p>${korean}</p>`, 'euc-kr');
    expect(decodeBody(body, 'text/html; charset=EUC-KR')).toMatchObject({ text: `<p>${korean}</p>`, encoding: 'euc-kr' });
  });

  it('decodes KOI8-R', () => {
    const body = iconv.encode(russian, 'koi8-r');
    expect(decodeBody(body, 'text/plain;charset=koi8-r')).toMatchObject({ text: russian, encoding: 'koi8-r' });
  });

  it('falls through an unknown header label to the document declaration', () => {
    const html = `<meta charset="windows-1251"><p>${russian}</p>`;
    expect(decodeBody(iconv.encode(html, 'windows-1251'), 'text/html; charset=x-made-up')).toMatchObject({
      text: html,
      encoding: 'windows-1251',
    });
  });

  it('falls back to windows-1252 when every label is unknown and detection has nothing to go on', () => {
    const body = Buffer.from([0x3c, 0x70, 0x3e, 0xe9, 0x3c, 0x2f, 0x70, 0x3e]);
    expect(decodeBody(body, 'text/html; charset=bogus')).toMatchObject({ text: '<p>é</p>' });
  });

  it('ignores a UTF-16 label declared inside a document readable as ASCII', () => {
    const html = '<meta charset="utf-16"><p>\u201cx\u201d</p>';
    expect(decodeBody(iconv.encode(html, 'windows-1252'), null)).toMatchObject({
      text: html,
      encoding: 'windows-1252',
    });
  });

  it('only looks for declarations in the first 2 KB', () => {
    const html = `${' '.repeat(2100)}<meta charset="koi8-r"><p>${russian}</p>`;
    expect(decodeBody(iconv.encode(html, 'windows-1251'), null)).toMatchObject({ encoding: 'windows-1251', source: 'detected' });
  });

  it('returns empty text for an empty body', () => {
    expect(decodeBody(Buffer.alloc(0), null)).toMatchObject({ text: '', encoding: 'utf-8' });
  });
});

describe('decodeBody on unlabelled and mislabelled bytes', () => {
  const rss = (title: string, declaration = '') =>
    `<?xml version="1.0"${declaration}?><rss version="2.0"><channel><title>${title}</title><description>${title} ${title}</description></channel></rss>`;
  const longRussian = 'Новости Оренбурга и области: в городе открылся новый театр, выступили артисты и губернатор';

  it('detects windows-1251 when nothing is declared', () => {
    expect(decodeBody(iconv.encode(rss(longRussian), 'windows-1251'), null)).toMatchObject({
      text: rss(longRussian),
      encoding: 'windows-1251',
      source: 'detected',
    });
  });

  it('detects windows-1251 declared as utf-8 (bytes that are not UTF-8 cannot be UTF-8)', () => {
    const xml = rss(longRussian, ' encoding="utf-8"');
    expect(decodeBody(iconv.encode(xml, 'windows-1251'), null)).toMatchObject({ text: xml, encoding: 'windows-1251', source: 'detected' });
  });

  it('overrides an iso-8859-1 label on bytes that are windows-1251', () => {
    const xml = rss(longRussian, ' encoding="iso-8859-1"');
    expect(decodeBody(iconv.encode(xml, 'windows-1251'), 'text/xml; charset=iso-8859-1')).toMatchObject({ text: xml, encoding: 'windows-1251' });
  });

  it('keeps an iso-8859-1 label on real Western European text', () => {
    const french = 'Élections : les électeurs se déplacent en nombre, à Paris comme en région, malgré la pluie';
    const xml = rss(french, ' encoding="iso-8859-1"');
    expect(decodeBody(iconv.encode(xml, 'windows-1252'), null)).toMatchObject({ text: xml, encoding: 'windows-1252', source: 'document' });
  });

  it('keeps a UTF-8 label on a UTF-8 document with a few broken bytes', () => {
    const body = Buffer.concat([Buffer.from(rss(`${japanese} ${japanese}`, ' encoding="utf-8"').slice(0, 80)), Buffer.from([0xff]), Buffer.from(rss(japanese))]);
    expect(decodeBody(body, null)).toMatchObject({ encoding: 'utf-8', source: 'document' });
  });

  it.each([
    ['shift_jis', japanese.repeat(4)],
    ['euc-jp', japanese.repeat(4)],
    ['gb18030', chinese.repeat(4)], // GBK bytes; GB18030 is its superset and decodes them the same
    ['big5', '今日新聞：中文內容，台灣報導'.repeat(3)],
    ['euc-kr', korean.repeat(4)],
    ['koi8-r', longRussian],
  ])('detects undeclared %s', (encoding, title) => {
    expect(decodeBody(iconv.encode(rss(title), encoding === 'gb18030' ? 'gbk' : encoding), null)).toMatchObject({ text: rss(title), encoding, source: 'detected' });
  });

  it('recognises ISO-2022-JP by its escape sequences although its bytes are 7-bit', () => {
    const body = Buffer.from('<title>\x1b$BF|K\\8l\x1b(B</title>', 'latin1');
    expect(decodeBody(body, null)).toMatchObject({ text: '<title>日本語</title>', encoding: 'iso-2022-jp', source: 'sniffed' });
  });

  it('sniffs UTF-16 and UTF-32 without a byte order mark from the null bytes', () => {
    const xml = `<?xml version="1.0"?><title>${russian}</title>`;
    expect(decodeBody(iconv.encode(xml, 'utf-16be'), null)).toMatchObject({ text: xml, encoding: 'utf-16be', source: 'sniffed' });
    expect(decodeBody(iconv.encode(xml, 'utf-16le'), null)).toMatchObject({ text: xml, encoding: 'utf-16le' });
    expect(decodeBody(iconv.encode(xml, 'utf-32be'), null)).toMatchObject({ text: xml, encoding: 'utf-32be' });
    expect(decodeBody(iconv.encode(xml, 'utf-32le'), null)).toMatchObject({ text: xml, encoding: 'utf-32le' });
  });

  it('honours a UTF-32LE byte order mark, which starts like UTF-16LE\'s', () => {
    const body = iconv.encode(`<p>${korean}</p>`, 'utf-32le', { addBOM: true });
    expect(decodeBody(body, null)).toMatchObject({ text: `<p>${korean}</p>`, encoding: 'utf-32le', source: 'bom' });
  });
});

describe('normalizeEncodingLabel', () => {
  it.each([
    ['latin1', 'windows-1252'],
    ['ISO-8859-1', 'windows-1252'],
    ['US-ASCII', 'windows-1252'],
    [' utf8 ', 'utf-8'],
    ['GB2312', 'gbk'],
    ['x-sjis', 'shift_jis'],
    ['iso-8859-9', 'windows-1254'],
    ['ks_c_5601-1987', 'euc-kr'],
    ['utf-16', 'utf-16le'],
  ])('%s → %s', (label, encoding) => {
    expect(normalizeEncodingLabel(label)).toBe(encoding);
  });

  it.each(SUPPORTED_ENCODINGS)('%s is a name iconv-lite can decode', (encoding) => {
    // Bytes that are not valid UTF-8 in any of these, so the label is what decides.
    const body = Buffer.from([0x41, 0xe9, 0xff, 0x42]);
    const result = decodeBody(body, `text/plain; charset=${encoding}`);
    expect(result.encoding).toBe(encoding);
    expect(result.text.length).toBeGreaterThan(0);
  });

  it('returns null for unknown labels, including codecs iconv-lite has but browsers do not', () => {
    expect(normalizeEncodingLabel('x-made-up')).toBeNull();
    expect(normalizeEncodingLabel('base64')).toBeNull();
  });
});
