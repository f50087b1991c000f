import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { readMetadata } from './read.js';

const PAGE_URL = 'https://news.example.com/world/2026/11/03/story';

/** The title readMetadata reads from a page, on both parsers cheerio offers (extractArticle uses htmlparser2). */
function titleOf(head: string, body = ''): string | null {
  const html = `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
  const fromHtmlparser2 = readMetadata(cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } }), PAGE_URL).title;
  expect(readMetadata(cheerio.load(html), PAGE_URL).title).toBe(fromHtmlparser2);
  return fromHtmlparser2;
}

describe('readMetadata: the headline a heading of the page repeats', () => {
  it('keeps the part of the title that a heading repeats, whatever names the other parts', () => {
    expect(titleOf('<title>Słodkie orzeźwienie | Good Contents</title>', '<h1>Misja</h1><h1 class="title">Słodkie orzeźwienie</h1>')).toBe('Słodkie orzeźwienie');
    expect(titleOf('<title>B流感再奪命！四死有慢性病或腦疾病 ｜新聞速報｜中時樂活</title>', '<h3>B流感再奪命！四死有慢性病或腦疾病</h3>')).toBe('B流感再奪命！四死有慢性病或腦疾病');
    expect(titleOf('<meta property="og:title" content="Fla. DCF releases report card - Florida Wires - Herald">', '<h1>Florida Wires</h1><h1>Fla. DCF releases report card</h1>')).toBe(
      'Fla. DCF releases report card',
    );
  });

  it('prefers a <title> a heading repeats to a section or logo <h1>', () => {
    const head = '<title>Солнечный свет можно принимать в таблетках : Псковская Лента Новостей</title>';
    expect(titleOf(head, '<h1>Новости</h1><h2>Солнечный свет можно принимать в таблетках</h2>')).toBe('Солнечный свет можно принимать в таблетках');
    // No heading repeats it: the <h1> still comes first.
    expect(titleOf(head, '<h1>Новости</h1>')).toBe('Новости');
  });

  it('keeps the start or the end of a title up to punctuation when a heading repeats it', () => {
    expect(titleOf('<title>Bird flu: Odisha begins culling of poultry birds, Example Live News</title>', '<h1>Bird flu: Odisha begins culling of poultry birds</h1>')).toBe(
      'Bird flu: Odisha begins culling of poultry birds',
    );
    expect(titleOf('<title>Budget passed in parliament: Example News</title>', '<h2>Budget passed in parliament</h2>')).toBe('Budget passed in parliament');
  });

  it('keeps a kicker joined by a colon, and a part a heading repeats only as a longer headline', () => {
    expect(titleOf('<meta property="og:title" content="Kenia: Nairobi von unten">', '<h1>Nairobi von unten</h1>')).toBe('Kenia: Nairobi von unten');
    expect(titleOf('<meta property="og:title" content="Budget passed in long form">', '<h1>Budget passed</h1>')).toBe('Budget passed in long form');
  });

  it('does not take a section heading for the headline', () => {
    expect(titleOf('<meta property="og:title" content="Politics - Budget passed today">', '<h2>Politics</h2>')).toBe('Politics - Budget passed today');
  });

  it('drops the separator a heading carries at its end', () => {
    expect(titleOf('<title>Budget passed in parliament -</title>', '<h1>Budget passed in parliament</h1>')).toBe('Budget passed in parliament');
  });
});

describe('readMetadata: the longest part of a title', () => {
  it('takes the longest part of a title of three parts or more', () => {
    expect(titleOf('<title>ΤΟ ΒΗΜΑ - Σταθείτε σωστά, γλιτώστε από πόνους - υγεία + fitness</title>')).toBe('Σταθείτε σωστά, γλιτώστε από πόνους');
    expect(titleOf('<title>吉林境内车祸致36名香港游客受伤 - 新华社会 - 新华网</title>')).toBe('吉林境内车祸致36名香港游客受伤');
    expect(titleOf('<title>圣元奶粉被疑致死 或加剧国产奶粉信任危机_时政_厦门站_凤凰网</title>')).toBe('圣元奶粉被疑致死 或加剧国产奶粉信任危机');
  });

  it('keeps titles whose longest part is no headline', () => {
    expect(titleOf('<title>Man Utd 2 - 1 Chelsea - live</title>')).toBe('Man Utd 2 - 1 Chelsea - live');
    expect(titleOf('<title>Iran - US talks resume in Oman</title>')).toBe('Iran - US talks resume in Oman');
  });

  it('does not split inside brackets or guillemets', () => {
    expect(titleOf('<title>Antistreptolysin titre (asto – aso – ast) and streptococcus</title>')).toBe('Antistreptolysin titre (asto – aso – ast) and streptococcus');
    expect(titleOf('<title>ΤΟ ΒΗΜΑ - «Και στο μάγουλο ελιά»... - υγεία</title>')).toBe('«Και στο μάγουλο ελιά»...');
  });

  it('splits Han titles at a hyphen between Han characters, keeping the headline twice as long as the rest', () => {
    expect(titleOf('<title>质检总局：两成半烟花爆竹不合格-广西新闻网</title>')).toBe('质检总局：两成半烟花爆竹不合格');
    expect(titleOf('<title>中新视频-崔永元缺席中国慈善年会 给农民工主持晚会</title>')).toBe('崔永元缺席中国慈善年会 给农民工主持晚会');
    // Not a range of numbers, nor two parts of a size.
    expect(titleOf('<title>[公司]绿景控股料2011年扭亏 净利1900万-2900万</title>')).toBe('[公司]绿景控股料2011年扭亏 净利1900万-2900万');
    expect(titleOf('<title>中国代表团-美国代表团会谈</title>')).toBe('中国代表团-美国代表团会谈');
  });

  it('passes over a list of keywords', () => {
    expect(titleOf('<title>治公款消费 莫患“茅台焦虑症”-茅台酒,公款消费,公款吃喝,人大代表,五粮液-北方网-新闻中心</title>')).toBe('治公款消费 莫患“茅台焦虑症”');
  });
});
