import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, chooseCanonicalUrl, looksLikeArticleUrl, urlHash } from './canonical-url.js';
import { registrableDomain, sameSite } from './registrable-domain.js';

// Real-world URL shapes of news sites (paths and ids invented), input → canonical.
const SHAPES: [string, string][] = [
  // scheme, host, port, fragment, credentials
  ['HTTPS://WWW.Example.COM:443/News/Story.html#comments', 'https://www.example.com/News/Story.html'],
  ['http://example.com:80/a', 'http://example.com/a'],
  ['https://www.bbc.com:8443/news/world-68123456', 'https://www.bbc.com:8443/news/world-68123456'],
  ['https://user:pw@example.com./x', 'https://example.com/x'],
  ['https://WWW.LEMONDE.FR/international/article/2024/03/15/la-guerre_6222.html#xtor=RSS', 'https://www.lemonde.fr/international/article/2024/03/15/la-guerre_6222.html'],
  ['  https://www.spiegel.de/politik/ausland/selenskyj-a-1234.html  ', 'https://www.spiegel.de/politik/ausland/selenskyj-a-1234.html'],
  // tracking parameters
  ['https://example.com/a?utm_source=rss&utm_medium=feed&id=42', 'https://example.com/a?id=42'],
  ['https://example.com/a?fbclid=abc&gclid=x&ocid=y&cmpid=z', 'https://example.com/a'],
  ['https://www.theguardian.com/world/2024/mar/15/ukraine-talks?CMP=share_btn_tw', 'https://www.theguardian.com/world/2024/mar/15/ukraine-talks'],
  ['https://www.lemonde.fr/planete/article/2024/03/15/climat_6222.html?xtor=RSS-3208', 'https://www.lemonde.fr/planete/article/2024/03/15/climat_6222.html'],
  ['https://www.bbc.co.uk/news/uk-68123456?at_medium=RSS&at_campaign=KARANGA', 'https://www.bbc.co.uk/news/uk-68123456'],
  ['https://www.bbc.com/news/world-68123456?ns_mchannel=social&ns_source=twitter&ns_campaign=bbc_news', 'https://www.bbc.com/news/world-68123456'],
  ['https://www.nytimes.com/2024/03/15/world/europe/ukraine.html?smid=tw-share&smtyp=cur', 'https://www.nytimes.com/2024/03/15/world/europe/ukraine.html'],
  ['https://www.zeit.de/politik/2024-03/ukraine-krieg?wt_mc=sm.ex.twitter', 'https://www.zeit.de/politik/2024-03/ukraine-krieg'],
  ['https://news.yahoo.com/biden-signs-bill-123456789.html?guccounter=1&guce_referrer=aHR0c', 'https://news.yahoo.com/biden-signs-bill-123456789.html'],
  ['https://www.msn.com/en-us/news/world/story/ar-BB1kXyZ?ocid=msedgntp&cvid=abc', 'https://www.msn.com/en-us/news/world/story/ar-BB1kXyZ?cvid=abc'],
  ['https://www.npr.org/2024/03/15/123456/story?sr_share=twitter', 'https://www.npr.org/2024/03/15/123456/story'],
  ['https://example.com/story?mc_cid=abc&mc_eid=def&_ga=2.1&yclid=9&msclkid=1&dclid=2&igshid=3', 'https://example.com/story'],
  ['https://www.alibaba-news.cn/detail/123.html?spm=a2c4g.11186623&scm=1007', 'https://www.alibaba-news.cn/detail/123.html'],
  ['https://mp.weixin.qq.com/s?__biz=MzA&mid=2650&idx=1&sn=abc&isappinstalled=0', 'https://mp.weixin.qq.com/s?__biz=MzA&idx=1&mid=2650&sn=abc'],
  ['https://example.com/story?ref=rss', 'https://example.com/story'],
  ['https://example.com/story?ref=twitter_share', 'https://example.com/story'],
  ['https://example.com/catalog?ref=1234', 'https://example.com/catalog?ref=1234'],
  ['https://twitter.com/someone/status/1234567890?ref_src=twsrc%5Etfw', 'https://twitter.com/someone/status/1234567890'],
  ['https://example.com/a?pk_campaign=x&mtm_source=y&hsa_cam=1&_hsenc=p2&_hsmi=5', 'https://example.com/a'],
  ['https://www.huffpost.com/entry/story_n_65f1?ncid=engmodushpmg00000004', 'https://www.huffpost.com/entry/story_n_65f1'],
  ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&feature=share', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
  // parameters that identify content are kept, in name order
  ['https://example.com/a?b=2&a=1', 'https://example.com/a?a=1&b=2'],
  ['https://example.com/?p=123', 'https://example.com/?p=123'],
  ['https://blog.example.org/?p=4567&utm_source=feedburner', 'https://blog.example.org/?p=4567'],
  ['https://www.facebook.com/permalink.php?story_fbid=123&id=456', 'https://www.facebook.com/permalink.php?id=456&story_fbid=123'],
  ['https://www.hani.co.kr/arti/politics/1234.html?_fr=mt2', 'https://www.hani.co.kr/arti/politics/1234.html?_fr=mt2'],
  ['https://www.yna.co.kr/view/AKR20240315000100001?section=politics', 'https://www.yna.co.kr/view/AKR20240315000100001?section=politics'],
  ['https://www.ohmynews.com/NWS_Web/View/at_pg.aspx?CNTN_CD=A0003012345', 'https://www.ohmynews.com/NWS_Web/View/at_pg.aspx?CNTN_CD=A0003012345'],
  ['http://www.xinhuanet.com/world/2024-03/15/c_1130000000.htm', 'http://www.xinhuanet.com/world/2024-03/15/c_1130000000.htm'],
  ['https://www.news.com.au/world/story?id=98765&page=2', 'https://www.news.com.au/world/story?id=98765&page=2'],
  ['https://www.repubblica.it/esteri/2024/03/15/news/ucraina-422345678/?ref=RHLF-BG-P1-S1-T1', 'https://www.repubblica.it/esteri/2024/03/15/news/ucraina-422345678?ref=RHLF-BG-P1-S1-T1'],
  // trailing slashes and index pages
  ['https://www.reuters.com/world/europe/ukraine-talks-2024-03-15/', 'https://www.reuters.com/world/europe/ukraine-talks-2024-03-15'],
  ['https://www.example.com/', 'https://www.example.com/'],
  ['https://www.example.com', 'https://www.example.com/'],
  ['https://edition.cnn.com/2024/03/15/world/ukraine-talks/index.html', 'https://edition.cnn.com/2024/03/15/world/ukraine-talks'],
  ['https://www.example.com/news/index.php', 'https://www.example.com/news'],
  ['https://www.example.com/index.html', 'https://www.example.com/'],
  ['https://www.example.gov/press/Default.aspx', 'https://www.example.gov/press'],
  ['https://www.example.com/news/index.htm?id=5', 'https://www.example.com/news?id=5'],
  ['https://www.example.com/news//', 'https://www.example.com/news'],
  // mobile and AMP variants
  ['https://m.spiegel.de/politik/ausland/selenskyj-a-1234.html', 'https://www.spiegel.de/politik/ausland/selenskyj-a-1234.html'],
  ['https://mobile.reuters.com/article/idUSKBN2B', 'https://www.reuters.com/article/idUSKBN2B'],
  ['https://m.bbc.co.uk/news/uk-68123456', 'https://www.bbc.co.uk/news/uk-68123456'],
  ['https://amp.theguardian.com/world/2024/mar/15/ukraine-talks', 'https://www.theguardian.com/world/2024/mar/15/ukraine-talks'],
  ['https://m.sport.example.com/football/match-report-123', 'https://sport.example.com/football/match-report-123'],
  ['https://m.news.naver.com/read.nhn?oid=001&aid=0012345678', 'https://news.naver.com/read.nhn?aid=0012345678&oid=001'],
  ['https://m.co.uk/page', 'https://m.co.uk/page'],
  ['https://m.example/page', 'https://m.example/page'],
  ['https://www.bbc.com/news/world-68123456.amp', 'https://www.bbc.com/news/world-68123456'],
  ['https://www.example.com/story-123.amp.html', 'https://www.example.com/story-123.html'],
  ['https://www.example.com/amp/world/story-123', 'https://www.example.com/world/story-123'],
  ['https://www.example.com/world/story-123/amp/', 'https://www.example.com/world/story-123'],
  ['https://www.example.com/world/story-123?amp', 'https://www.example.com/world/story-123'],
  ['https://www.example.com/world/story-123?amp=1', 'https://www.example.com/world/story-123'],
  ['https://www.washingtonpost.com/world/2024/03/15/ukraine/?outputType=amp', 'https://www.washingtonpost.com/world/2024/03/15/ukraine'],
  ['https://www-example-com.cdn.ampproject.org/c/s/www.example.com/world/story-123?amp=1', 'https://www.example.com/world/story-123'],
  ['https://www.google.com/amp/s/www.example.com/world/story-123.amp', 'https://www.example.com/world/story-123'],
  ['https://www.example.com/ampere-record-2024', 'https://www.example.com/ampere-record-2024'],
  // percent-encoding and non-ASCII paths
  ['https://ru.example.com/news/%d0%bf%d1%83%d1%82%d0%b8%d0%bd', 'https://ru.example.com/news/%D0%BF%D1%83%D1%82%D0%B8%D0%BD'],
  ['https://ru.example.com/news/путин', 'https://ru.example.com/news/%D0%BF%D1%83%D1%82%D0%B8%D0%BD'],
  ['https://www.example.com/%7Euser/%41rticle-%2D1', 'https://www.example.com/~user/Article--1'],
  ['https://www.example.com/a%2Fb', 'https://www.example.com/a%2Fb'],
  ['https://ar.example.com/أخبار/123', 'https://ar.example.com/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/123'],
  ['https://www.example.com/search?q=caf%C3%A9+au+lait', 'https://www.example.com/search?q=caf%C3%A9+au+lait'],
  ['https://www.example.com/search?q=caf%c3%a9%20au%20lait', 'https://www.example.com/search?q=caf%C3%A9+au+lait'],
  // IDN hosts to punycode
  ['https://www.bücher.de/artikel/123', 'https://www.xn--bcher-kva.de/artikel/123'],
  ['https://новости.рф/politika/12345', 'https://xn--b1amnebsh.xn--p1ai/politika/12345'],
  ['https://M.Bücher.de/artikel/123', 'https://www.xn--bcher-kva.de/artikel/123'],
  // news sites of many countries, unchanged or with their chrome removed
  ['https://www.asahi.com/articles/ASS3H5Z1MS3HUHBI00T.html?iref=pc_rss', 'https://www.asahi.com/articles/ASS3H5Z1MS3HUHBI00T.html?iref=pc_rss'],
  ['https://www3.nhk.or.jp/news/html/20240315/k10014390000000.html', 'https://www3.nhk.or.jp/news/html/20240315/k10014390000000.html'],
  ['https://www.folha.uol.com.br/mundo/2024/03/guerra.shtml?utm_source=whatsapp', 'https://www.folha.uol.com.br/mundo/2024/03/guerra.shtml'],
  ['https://elpais.com/internacional/2024-03-15/la-guerra.html?ssm=TW_CC', 'https://elpais.com/internacional/2024-03-15/la-guerra.html?ssm=TW_CC'],
  ['https://www.elmundo.es/internacional/2024/03/15/65f1.html#ancla_comentarios', 'https://www.elmundo.es/internacional/2024/03/15/65f1.html'],
  ['https://www.tagesschau.de/ausland/europa/ukraine-100.html', 'https://www.tagesschau.de/ausland/europa/ukraine-100.html'],
  ['https://www.faz.net/aktuell/politik/ausland/ukraine-19587000.html?premium', 'https://www.faz.net/aktuell/politik/ausland/ukraine-19587000.html?premium='],
  ['https://www.corriere.it/esteri/24_marzo_15/ucraina-abc.shtml?refresh_ce', 'https://www.corriere.it/esteri/24_marzo_15/ucraina-abc.shtml?refresh_ce='],
  ['https://ria.ru/20240315/ukraina-1933000000.html?utm_source=yxnews&utm_medium=desktop', 'https://ria.ru/20240315/ukraina-1933000000.html'],
  ['https://www.pravda.com.ua/news/2024/03/15/7446000/', 'https://www.pravda.com.ua/news/2024/03/15/7446000'],
  ['https://www.aljazeera.com/news/2024/3/15/ukraine-talks?traffic_source=rss', 'https://www.aljazeera.com/news/2024/3/15/ukraine-talks?traffic_source=rss'],
  ['https://www.hurriyet.com.tr/dunya/ukrayna-42420000', 'https://www.hurriyet.com.tr/dunya/ukrayna-42420000'],
  ['https://timesofindia.indiatimes.com/world/europe/ukraine/articleshow/108500000.cms?from=mdr', 'https://timesofindia.indiatimes.com/world/europe/ukraine/articleshow/108500000.cms?from=mdr'],
  ['https://www.thehindu.com/news/international/ukraine/article67950000.ece/amp/', 'https://www.thehindu.com/news/international/ukraine/article67950000.ece'],
  ['https://www.smh.com.au/world/europe/ukraine-20240315-p5fc00.html?ref=rss&utm_medium=rss', 'https://www.smh.com.au/world/europe/ukraine-20240315-p5fc00.html'],
  ['https://www.stuff.co.nz/world/350210000/ukraine-talks', 'https://www.stuff.co.nz/world/350210000/ukraine-talks'],
  ['https://www.news24.com/news24/world/news/ukraine-20240315', 'https://www.news24.com/news24/world/news/ukraine-20240315'],
  ['https://www.svt.se/nyheter/utrikes/ukraina-samtal?cmpid=del%3Atw', 'https://www.svt.se/nyheter/utrikes/ukraina-samtal'],
  ['https://yle.fi/a/74-20079000', 'https://yle.fi/a/74-20079000'],
  ['https://wyborcza.pl/7,75399,30790000,ukraina.html?disableRedirects=true', 'https://wyborcza.pl/7,75399,30790000,ukraina.html?disableRedirects=true'],
  ['https://www.idnes.cz/zpravy/zahranicni/ukrajina.A240315_100000_zahranicni_kha', 'https://www.idnes.cz/zpravy/zahranicni/ukrajina.A240315_100000_zahranicni_kha'],
  ['https://www.kathimerini.gr/world/562900000/oukrania/', 'https://www.kathimerini.gr/world/562900000/oukrania'],
  ['https://www.haaretz.co.il/news/world/2024-03-15/ty-article/.premium/0000018e', 'https://www.haaretz.co.il/news/world/2024-03-15/ty-article/.premium/0000018e'],
  ['https://vnexpress.net/ukraine-4723000.html', 'https://vnexpress.net/ukraine-4723000.html'],
  ['https://www.thairath.co.th/news/foreign/2770000', 'https://www.thairath.co.th/news/foreign/2770000'],
  ['https://www.clarin.com/mundo/ucrania_0_abc123.html?srsltid=AfmBOo', 'https://www.clarin.com/mundo/ucrania_0_abc123.html?srsltid=AfmBOo'],
  ['https://www.eluniversal.com.mx/mundo/ucrania-guerra/?outputType=amp-type', 'https://www.eluniversal.com.mx/mundo/ucrania-guerra?outputType=amp-type'],
  ['https://www.detik.com/news/internasional/d-7245000/ukraina?single=1', 'https://www.detik.com/news/internasional/d-7245000/ukraina?single=1'],
];

describe('canonicalizeUrl', () => {
  it('covers at least 80 shapes', () => {
    expect(SHAPES.length).toBeGreaterThanOrEqual(80);
  });

  it.each(SHAPES)('%s → %s', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const [, expected] of SHAPES) expect(canonicalizeUrl(expected)).toBe(expected);
  });

  it('refuses what is not a web URL', () => {
    expect(() => canonicalizeUrl('ftp://example.com/file')).toThrow(/not a web URL/);
    expect(() => canonicalizeUrl('not a url')).toThrow();
  });

  it('gives tracking variants of one page the same hash', () => {
    const a = urlHash(canonicalizeUrl('https://example.com/a?utm_campaign=x'));
    expect(a).toBe(urlHash(canonicalizeUrl('https://example.com/a#top')));
    expect(a).toBe(urlHash(canonicalizeUrl('https://example.com/a/')));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(urlHash(canonicalizeUrl('https://example.com/b')));
  });
});

describe('registrableDomain', () => {
  it.each([
    ['www.bbc.co.uk', 'bbc.co.uk'],
    ['news.bbc.co.uk', 'bbc.co.uk'],
    ['www.theguardian.com', 'theguardian.com'],
    ['www3.nhk.or.jp', 'nhk.or.jp'],
    ['www.folha.uol.com.br', 'uol.com.br'],
    ['www.spiegel.de', 'spiegel.de'],
    ['edition.cnn.com', 'cnn.com'],
    ['example.com', 'example.com'],
    ['WWW.Example.COM.', 'example.com'],
    // Public Suffix List rules no short list of second-level labels has: wildcards and their exceptions,
    // government suffixes, suffixes of more than two labels.
    ['www.city.kawasaki.jp', 'city.kawasaki.jp'],
    ['www.argentina.gob.ar', 'argentina.gob.ar'],
    ['www.gouvernement.gouv.fr', 'gouvernement.gouv.fr'],
    ['bucket.s3.amazonaws.com', 'bucket.s3.amazonaws.com'],
    // The private section counts: each hosted blog or app is its own site.
    ['news.example.blogspot.com', 'example.blogspot.com'],
    ['someone.github.io', 'someone.github.io'],
    // Punycode hosts, as the URL parser gives them.
    ['www.xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    // No registrable domain: the host is its own site.
    ['localhost', 'localhost'],
    ['192.168.1.10', '192.168.1.10'],
    ['[::1]', '[::1]'],
    ['co.uk', 'co.uk'],
    ['blogspot.com', 'blogspot.com'],
  ])('%s → %s', (host, site) => {
    expect(registrableDomain(host)).toBe(site);
  });

  it('tells hosted blogs apart, and hosts of one site together', () => {
    expect(sameSite('one.blogspot.com', 'two.blogspot.com')).toBe(false);
    expect(sameSite('www.bbc.co.uk', 'news.bbc.co.uk')).toBe(true);
    expect(sameSite('www.bbc.co.uk', 'www.itv.co.uk')).toBe(false);
  });
});

describe('chooseCanonicalUrl', () => {
  const page = 'https://m.example.com/world/2024/03/15/ukraine-talks-resume?utm_source=rss';
  it.each([
    ['no declaration', null, 'https://www.example.com/world/2024/03/15/ukraine-talks-resume'],
    ['an empty declaration', '  ', 'https://www.example.com/world/2024/03/15/ukraine-talks-resume'],
    ['a same-site article', 'https://www.example.com/world/ukraine-talks-resume-in-geneva-123', 'https://www.example.com/world/ukraine-talks-resume-in-geneva-123'],
    ['another host of the site', 'https://news.example.com/2024/03/15/ukraine-talks-resume', 'https://news.example.com/2024/03/15/ukraine-talks-resume'],
    ['a relative declaration', '/world/2024/03/15/ukraine-talks-resume-geneva', 'https://www.example.com/world/2024/03/15/ukraine-talks-resume-geneva'],
    ['a declaration with tracking', 'https://www.example.com/world/2024/03/15/ukraine-talks-resume?utm_medium=x', 'https://www.example.com/world/2024/03/15/ukraine-talks-resume'],
    ['another site (syndication partner)', 'https://www.other-news.com/world/2024/03/15/ukraine-talks-resume', 'https://www.example.com/world/2024/03/15/ukraine-talks-resume'],
    ['the home page', 'https://www.example.com/', 'https://www.example.com/world/2024/03/15/ukraine-talks-resume'],
    ['a section index', 'https://www.example.com/world', 'https://www.example.com/world/2024/03/15/ukraine-talks-resume'],
    ['a section above the page', 'https://www.example.com/world/2024', 'https://www.example.com/world/2024/03/15/ukraine-talks-resume'],
    ['a non-web scheme', 'javascript:alert(1)', 'https://www.example.com/world/2024/03/15/ukraine-talks-resume'],
    ['garbage', 'http://[::1', 'https://www.example.com/world/2024/03/15/ukraine-talks-resume'],
  ])('%s', (_name, declared, expected) => {
    expect(chooseCanonicalUrl(page, declared)).toBe(expected);
  });

  it('accepts any same-site declaration for a page that is not an article', () => {
    expect(chooseCanonicalUrl('https://www.example.com/world?page=1', 'https://www.example.com/world')).toBe(
      'https://www.example.com/world',
    );
  });

  it('treats co.uk sites as different sites', () => {
    expect(
      chooseCanonicalUrl('https://www.bbc.co.uk/news/uk-68123456', 'https://www.other.co.uk/news/uk-68123456'),
    ).toBe('https://www.bbc.co.uk/news/uk-68123456');
  });

  it('refuses a canonical URL on another blog of the same host, and accepts one on the blog itself', () => {
    const post = 'https://localnews.blogspot.com/2024/03/harbour-reopens-after-storm.html';
    expect(chooseCanonicalUrl(post, 'https://othernews.blogspot.com/2024/03/harbour-reopens-after-storm.html')).toBe(post);
    expect(chooseCanonicalUrl(post, 'https://localnews.blogspot.com/2024/03/harbour-reopens.html')).toBe(
      'https://localnews.blogspot.com/2024/03/harbour-reopens.html',
    );
  });

  it('recognises article paths', () => {
    expect(looksLikeArticleUrl('https://www.bbc.com/news/world-68123456')).toBe(true);
    expect(looksLikeArticleUrl('https://www.example.com/?p=123')).toBe(true);
    expect(looksLikeArticleUrl('https://www.example.com/world/europe')).toBe(false);
    expect(looksLikeArticleUrl('https://www.example.com/')).toBe(false);
  });
});
