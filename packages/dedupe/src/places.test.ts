import { describe, expect, it } from 'vitest';
import { addCountries } from './places.js';

const countriesIn = (text: string) => {
  const keys = new Set<string>();
  addCountries(text, keys);
  return [...keys].sort();
};

describe('addCountries', () => {
  it.each([
    ['Germany and France signed the treaty.', 'en'],
    ['Deutschland und Frankreich unterzeichneten den Vertrag.', 'de'],
    ['Германия и Франция подписали договор.', 'ru'],
    ['Η Γερμανία και η Γαλλία υπέγραψαν τη συνθήκη.', 'el'],
    ['Německo a Francie podepsaly smlouvu.', 'cs'],
    ['ドイツとフランスが条約に署名した。', 'ja'],
    ['德国和法国签署了条约。', 'zh'],
    ['독일과 프랑스가 조약에 서명했다.', 'ko'],
    ['وقعت ألمانيا وفرنسا المعاهدة.', 'ar'],
    ['גרמניה וצרפת חתמו על האמנה.', 'he'],
    ['जर्मनी और फ़्रांस ने संधि पर हस्ताक्षर किए।', 'hi'],
  ])('finds both countries in %j (%s)', (text) => {
    expect(countriesIn(text)).toEqual(['c:DE', 'c:FR']);
  });

  it.each([
    ['An explosion in Tokyo and protests in Moscow.', 'en'],
    ['東京で爆発、モスクワで抗議デモ。', 'ja'],
    ['东京发生爆炸，莫斯科爆发抗议。', 'zh'],
    ['Взрыв в Токио и протесты в Москве, Москва.', 'ru'],
    ['انفجار في طوكيو واحتجاجات في موسكو.', 'ar'],
    ['도쿄에서 폭발, 모스크바에서 시위.', 'ko'],
  ])('finds cities by their time zone in %j (%s)', (text) => {
    expect(countriesIn(text)).toEqual(expect.arrayContaining(['c:@Asia/Tokyo', 'c:@Europe/Moscow']));
  });

  it('keeps a name a country has for the country, and leaves out the small towns of three-part zones', () => {
    expect(countriesIn('Singapore and Kuwait')).toEqual(['c:KW', 'c:SG']);
    expect(countriesIn('The Knox Center opened.')).toEqual([]);
  });

  it('strips Arabic and Hebrew proclitics, possessives and suffixes after an apostrophe', () => {
    expect(countriesIn('والصين')).toEqual(['c:CN']);
    expect(countriesIn('בישראל')).toEqual(['c:IL']);
    expect(countriesIn("China's exports rose")).toEqual(['c:CN']);
    expect(countriesIn("Almanya'nın başkenti")).toEqual(['c:DE']);
    expect(countriesIn("Côte d'Ivoire")).toEqual(['c:CI']);
  });

  it('reads names of several words and abbreviations written in capitals', () => {
    expect(countriesIn('the United States of America')).toEqual(['c:US']);
    expect(countriesIn('South Korea and North Korea')).toEqual(['c:KP', 'c:KR']);
    expect(countriesIn('U.S. officials met UK officials')).toEqual(['c:GB', 'c:US']);
    expect(countriesIn('The USA and the UK')).toEqual(['c:GB', 'c:US']);
    expect(countriesIn('США и КНДР')).toEqual(['c:KP', 'c:US']);
  });

  it('keys a name by the country whose whole name it is, not by one it qualifies', () => {
    // "USA, mindre, utenforliggende øyer" (the U.S. islands) and "Гвиана (Франция)" (French Guiana)
    // contain the names of other countries.
    expect(countriesIn('USA')).toEqual(['c:US']);
    expect(countriesIn('Франция')).toEqual(['c:FR']);
  });

  it('leaves out words that are a country only when written as a name', () => {
    expect(countriesIn('Mali and Chad')).toEqual(['c:ML', 'c:TD']);
    // Croatian "mali grad" (a small town), Spanish "Sin embargo" (however): lowercase, or shorter than a name.
    expect(countriesIn('mali grad')).toEqual([]);
    expect(countriesIn('Sin embargo, el gobierno')).toEqual([]);
    expect(countriesIn('the us and them')).toEqual([]);
    // An inflected form is not matched: stems of country names are personal names too often.
    expect(countriesIn('George Floyd')).toEqual([]);
  });

  it('takes a katakana name only as a whole katakana word', () => {
    expect(countriesIn('タイとベトナムの首脳')).toEqual(['c:TH', 'c:VN']);
    expect(countriesIn('タイ・バンコクで')).toEqual(['c:@Asia/Bangkok', 'c:TH']);
    // タイ inside ネクタイ (a necktie).
    expect(countriesIn('ネクタイを締めた')).toEqual([]);
  });

  it('finds nothing in text without a country', () => {
    expect(countriesIn('')).toEqual([]);
    expect(countriesIn('The council met on Tuesday to discuss the budget.')).toEqual([]);
  });
});
