import { describe, expect, it } from 'vitest';
import { extractArticle } from '../extract.js';

const URL = 'https://news.example/2026/11/03/story';

/** A page around an article body, with the chrome a real news page has. */
const page = ({ lang = 'en', dir = 'ltr', title = 'Harbour reopens after storm', head = '', body }: { lang?: string; dir?: string; title?: string; head?: string; body: string }) => `<!doctype html>
<html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><title>${title} | Example News</title>
<meta property="og:title" content="${title}">${head}</head>
<body>
<div class="cookie-banner"><p>We use cookies to improve your experience, personalise content and analyse our traffic.</p><button>Accept all</button></div>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main>${body}</main>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Council approves the new bus lanes after a long debate</a></li><li><a href="/b">Local bakery wins the national bread award this year</a></li></ul></aside>
<footer><p>© Example News 2026. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>`;

const storm = [
  'The harbour reopened on Tuesday morning, three days after the storm tore through the coast and sank two fishing boats at their moorings.',
  'Engineers worked through the night to clear the channel, and the first ferry left at seven o’clock with a hundred passengers on board.',
  'The port authority said repairs to the outer breakwater would take until spring, and that the cost was still being assessed.',
];

describe('extractArticle: main text', () => {
  it('keeps the article and drops the chrome around and inside it', () => {
    const html = page({
      body: `<article>
        <div class="breadcrumb"><a href="/">Home</a> › <a href="/local">Local</a></div>
        <h1>Harbour reopens after storm</h1>
        <div class="byline">By Jane Doe</div>
        <time datetime="2026-11-03T08:00:00Z">3 November 2026, 08:00</time>
        <div class="share-bar"><a href="https://facebook.com/sharer">Share on Facebook</a> <a href="https://x.com/intent">Post on X</a> <a href="mailto:?">Email</a></div>
        <div class="article-body">
          <p>${storm[0]}</p>
          <figure><img src="/boats.jpg" alt="Boats"><figcaption>Boats at the quay on Monday. Photo: John Smith/Agency</figcaption></figure>
          <p>${storm[1]}</p>
          <div class="newsletter-signup"><p>Get the morning briefing in your inbox every day.</p><form><input type="email"><button>Sign up</button></form></div>
          <p>${storm[2]}</p>
          <p class="read-also"><strong>Read also:</strong> <a href="/2026/11/01/storm-warning">Storm warning issued for the coast</a></p>
        </div>
        <div class="related-articles"><h2>Related</h2><ul><li><a href="/x">Ferry timetable changes for the winter season</a></li><li><a href="/y">Fishermen count the cost of the storm damage</a></li></ul></div>
        <section class="comments"><h2>Comments</h2><p>Great news, I was waiting for the ferry all weekend long, thanks to the engineers!</p></section>
      </article>`,
    });
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
  });

  it('keeps subheadings, block quotes and lists inside the article, one per line', () => {
    const html = page({
      body: `<article><h1>Harbour reopens after storm</h1><div class="story">
        <p>${storm[0]}</p>
        <h2>A long night</h2>
        <p>${storm[1]}</p>
        <blockquote><p>“We did not stop until the channel was clear,” the harbour master said.</p></blockquote>
        <p>The repairs still to come include:</p>
        <ul><li>the outer breakwater, damaged over forty metres;</li><li>the fuel pontoon, torn from its chains.</li></ul>
        <p>${storm[2]}</p>
      </div></article>`,
    });
    expect(extractArticle(html, URL).text.split('\n')).toEqual([
      storm[0],
      'A long night',
      storm[1],
      '“We did not stop until the channel was clear,” the harbour master said.',
      'The repairs still to come include:',
      'the outer breakwater, damaged over forty metres;',
      'the fuel pontoon, torn from its chains.',
      storm[2],
    ]);
  });

  it('puts each paragraph on one line, whitespace collapsed, and line breaks on their own lines', () => {
    const html = page({
      body: `<div class="content"><p>  ${storm[0]!.replace(/ /g, '\n   ')}  </p><p>${storm[1]}<br>${storm[2]}</p></div>`,
    });
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
  });

  it('adds the siblings of the best container that hold more of the article', () => {
    // The article is split by an ad slot into two containers with the same class, plus a loose paragraph.
    const html = page({
      body: `<div class="wrapper">
        <div class="story-part"><p>${storm[0]}</p><p>${storm[1]}</p></div>
        <div class="ad-slot"><a href="https://ads.example/click">Advertisement</a></div>
        <div class="story-part"><p>${storm[2]}</p></div>
        <p>The harbour office will publish a new timetable for the winter on Friday.</p>
        <div class="more"><a href="/more">More local news</a></div>
      </div>`,
    });
    expect(extractArticle(html, URL).text.split('\n')).toEqual([...storm, 'The harbour office will publish a new timetable for the winter on Friday.']);
  });

  it('leaves out a sibling list of teasers whose class name says "article"', () => {
    // The class earns the list a bonus that would carry it over the sibling bar; its short teasers do not.
    const teasers = [
      ['The ferry company adds a winter route', 'Two crossings a day will run from December, the company said on Monday, and the fares will stay as they are until the end of the season, when the new timetable is reviewed.'],
      ['Fishermen ask for help after the storm', 'The association wants the council to pay for the boats that sank at their moorings, and says that without help, half of its members will not fish again this winter.'],
      ['Coast road closed for repairs', 'Drivers are asked to use the inland road until the sea wall has been rebuilt, which the council expects to take six weeks, weather permitting, from next Monday.'],
    ];
    const long = [...storm, ...storm.map((line) => `A day later: ${line}`)];
    const html = page({
      body: `<div class="article-wrap">
        <div class="article-text">${long.map((line) => `<p>${line}</p>`).join('')}</div>
        <div class="article-list">${teasers
          .map(([title, teaser], day) => `<div class="item"><div class="item-body"><div class="date">1${day}:05 0${day + 1}.11.2026</div><div class="item-title"><a href="/n/${day}">${title}</a></div><div class="item-teaser">${teaser}</div></div></div>`)
          .join('')}</div>
      </div>`,
    });
    expect(extractArticle(html, URL).text).toBe(long.join('\n'));
  });

  it('drops the lines that close an article in many languages: a heading with nothing after it, editor, source, tags, disclaimer and phone lines', () => {
    const closings = [
      ['en', '<h3>Latest comments</h3>'],
      ['pl', '<p>Źródło informacji: IAR/PAP</p>'],
      ['pl', '<p>Dodaj komentarz</p>'],
      ['ru', '<p>Оцените, пожалуйста, статью. Нам важно Ваше мнение.</p>'],
      ['zh', '<p>[责任编辑：xcwang]</p>'],
      ['zh', '<p>(陈巍 编辑)</p>'],
      ['zh', '<p>(本文来源：京华时报)</p>'],
      ['zh', '<p>关键词</p>'],
      ['zh', '<p>【免责声明】本文仅代表作者本人观点，与本网无关。</p>'],
      ['zh', '<p>电话：021-52921234 传真：021-62677454</p>'],
      ['de', '<p>Schlagwörter: Hafen, Sturm, Fähre</p>'],
      ['de', '<p>Kommentare schreiben</p>'],
      ['pl', '<p>Materiał chroniony prawem autorskim.</p>'],
      ['pl', '<p>Zapraszamy też do subskrypcji naszego tygodnika.</p>'],
      ['es', '<p>HAZTE MIEMBRO Y DISFRUTA DE BENEFICIOS EXCLUSIVOS</p>'],
      ['en', '<p>Subscribe now to our digital edition for the full story.</p>'],
      ['en', '<p>For the latest stories and breaking news, download our news app.</p>'],
      ['pl', '<p>Jesteśmy też na Facebooku! Dołącz do nas!</p>'],
      ['ru', '<p>Если Вы заметите ошибку в тексте, выделив её, нажмите Ctrl-Enter.</p>'],
      ['ru', '<p>Читай также: <a href="/soup">Какие супы спасают от похмелья</a></p>'],
      // Labels with nothing after them.
      ['en', '<p>Tell us your story:</p><p>Credit:</p>'],
      // What follows the editor's line, and a widget's scraps below a notice, go with them.
      ['zh', '<p>[责任编辑：xcwang]</p><p>如果你对本频道有任何意见或建议，请到交流平台反馈。</p>'],
      ['zh', '<p>【免责声明】本文仅代表作者本人观点，与本网无关。</p><p>推荐微博：</p><p>换一换</p>'],
      // Counters, and a related-reading heading in the text's second half with no prose below it.
      ['ru', '<p>Прочтений: 431</p>'],
      // A signature below the last paragraph: a few words, no sentence.
      ['en', '<p>- Reuters</p>'],
      ['pl', '<p>IAR</p>'],
      ['en', '<p>This entry was posted on Monday, 3 November 2026 at 08:00 and is filed under Local. You can follow any responses to this entry through the RSS 2.0 feed.</p>'],
      ['ru', '<p>Новость была оставлена 16 января 2012 15:59 в категории Экономика. Вы можете читать ответы и комментарии к этой новости через RSS 2.0.</p>'],
      ['ru', '<div>Ссылки по теме:<br>Учёные: кофе продлевает жизнь<br>Диетологи: чай сокращает риск</div><p>Трансляция новостей на Вашем компьютере</p>'],
    ];
    for (const [lang, closing] of closings) {
      const html = page({ lang, body: `<article>${storm.map((line) => `<p>${line}</p>`).join('')}${closing}</article>` });
      expect(extractArticle(html, URL).text, closing).toBe(storm.join('\n'));
    }
    // Inside the text, a subheading and a line that names a source are the article's.
    const inside = ['<h3>Repairs until spring</h3>', '<p>Source: the port authority, which met on Monday.</p>'];
    const html = page({ body: `<article><p>${storm[0]}</p>${inside.join('')}<p>${storm[1]}</p></article>` });
    expect(extractArticle(html, URL).text.split('\n')).toEqual([storm[0], 'Repairs until spring', 'Source: the port authority, which met on Monday.', storm[1]]);
  });

  it('leaves out a thread of comments, told by its "Reply" lines whatever its class names say', () => {
    const comments = [
      'Nie musicie jej kochać, ale czy musicie ją obrażać? Każdy ma prawo do własnego zdania, tylko bez wyzwisk, proszę.',
      'Ten program był kiedyś naprawdę dobry, a teraz to już tylko reklama za reklamą, szkoda czasu na oglądanie, moim zdaniem.',
      'Oglądam od pierwszej edycji i nadal mi się podoba, jurorzy są świetni, a tancerze coraz lepsi z każdym rokiem, naprawdę.',
      'Ciekawe, ile zarabiają za jeden odcinek, bo chyba nie za darmo tam siedzą, a widzowie płacą abonament co miesiąc, prawda?',
      'Castingi w moim mieście były w zeszłym tygodniu, kolejka była na trzy godziny, ale warto było poczekać, naprawdę polecam.',
      'Szkoda, że nie pokazują więcej tańca, a mniej rozmów jurorów, bo to przecież program taneczny, a nie talk show, niestety.',
    ];
    const report = [
      'Castingi do kolejnej edycji programu tanecznego dobiegają końca. Program wróci na antenę wiosną, w nowym studiu.',
      'Jurorzy obejrzeli w tym roku ponad dwa tysiące tancerzy w pięciu miastach, a do dalszego etapu przeszło stu z nich.',
      'Pierwszy odcinek nowej edycji stacja pokaże w marcu, a finał zaplanowano na początek czerwca, jak co roku.',
    ];
    const withComments = (lines: string[]) =>
      page({
        lang: 'pl',
        title: 'Castingi dobiegają końca',
        body: `<div class="col"><div class="txt">${lines.map((line) => `<p>${line}</p>`).join('')}</div>
        <div class="op"><div class="op-list">${comments
          .map((text, index) => `<div class="op-item"><div class="op-head">~czytelnik${index} [2012-01-0${index + 1} 08:4${index}]</div><div class="op-body"><p>${text}</p></div><a href="#r${index}">odpowiedz</a></div>`)
          .join('')}</div></div></div>`,
      });
    expect(extractArticle(withComments(report), URL).text).toBe(report.join('\n'));
    // A short item too: the later passes, which keep what the strict one strips, leave the thread out as well.
    expect(extractArticle(withComments(report.slice(0, 1)), URL).text).toBe(report[0]);
  });

  it('keeps the part of an article for subscribers that the page sends hidden, and leaves out other hidden text', () => {
    const html = page({
      body: `<article><p>${storm[0]}</p><div class="paywall" hidden><p>${storm[1]}</p><p>${storm[2]}</p></div>
        <div class="tip" hidden><p>This box opens when a reader points at a word, and says what the word means in a long sentence.</p></div></article>`,
    });
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
  });

  it("leaves out a box a CSS framework's class hides, unless a responsive class shows it on some screens", () => {
    const html = page({
      body: `<article><p>${storm[0]}</p><div class="article-block hidden"><div class="h2">This content is reserved for subscribers</div>
        <p>Enjoy the latest local, national and international news, with unlimited online access to our sites.</p></div>
        <div class="d-none"><p>Sign in to keep reading: it is free, and it takes one minute of your time, we promise.</p></div>
        <p>${storm[1]}</p><div class="d-none d-md-block"><p>${storm[2]}</p></div></article>`,
    });
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
  });

  it("reads the parts of a page React's streaming renderer sends hidden, for its script to move into place", () => {
    const html = page({
      body: `<article><h1>Harbour reopens after storm</h1><template id="B:0"></template></article>
        <div hidden id="S:0">${storm.map((line) => `<p>${line}</p>`).join('')}</div><script>$RC("B:0","S:0")</script>`,
    });
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
  });

  it.each(['Font size: A A A', '調整字體︰大 中 小', 'Размер шрифта: + -', 'A A A', 'Αποστολή Εκτύπωση Μέγεθος κειμένου Μοιραστείτε το:'])('drops a text-size switcher (%s)', (control) => {
    const html = page({ body: `<article><h1>Harbour reopens after storm</h1><div class="tools">${control}</div>${storm.map((line) => `<p>${line}</p>`).join('')}</article>` });
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
  });

  it('keeps one copy of a passage the page prints twice, and leaves out a bare address', () => {
    const lines = storm.map((line) => `<p>${line}</p>`).join('');
    const html = page({
      body: `<article><h1>Harbour reopens after storm</h1>${lines}<div class="print">${lines}<p>https://news.example/2026/11/03/story</p></div></article>`,
    });
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
    // One line said twice (a pull quote) stays where the page has it.
    const quoted = page({ body: `<article><h1>Harbour reopens after storm</h1>${lines}<blockquote>${storm[1]}</blockquote></article>` });
    expect(extractArticle(quoted, URL).text).toBe([...storm, storm[1]].join('\n'));
  });

  it('keeps a list with links in its items, and leaves out a list that is only links', () => {
    const links = ['Ferry timetable for the winter', 'Storm warning issued for the coast', 'Council meets on Thursday'];
    const mixed = ['The <a href="/ferry">ferry</a> runs twice a day from December.', 'Fares stay as they are until the end of the season.'];
    const after = 'The harbour master said the port would hold an open day in the summer for everyone who helped.';
    const html = page({
      body: `<article><h1>Harbour reopens after storm</h1>${storm.map((line) => `<p>${line}</p>`).join('')}
        <ul>${mixed.map((item) => `<li>${item}</li>`).join('')}</ul>
        <ul>${links.map((item, n) => `<li><a href="/n/${n}">${item}</a></li>`).join('')}</ul><p>${after}</p></article>`,
    });
    expect(extractArticle(html, URL).text.split('\n')).toEqual([
      ...storm,
      'The ferry runs twice a day from December.',
      'Fares stay as they are until the end of the season.',
      after,
    ]);
  });

  it.each(['From: AP', 'MALCOLM BROWN', '资料图'])('drops a credit or a name above the first paragraph (%s)', (credit) => {
    const html = page({ body: `<article><h1>Harbour reopens after storm</h1><div>${credit}</div>${storm.map((line) => `<p>${line}</p>`).join('')}</article>` });
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
  });

  it('takes every step of a list whose first item scored best, not the item alone', () => {
    const steps = [
      'Heat the oven to 180 degrees, butter a round tin and line its base with baking paper, then set it aside while you weigh everything.',
      'Fold in the flour.',
      'Bake for forty minutes.',
    ];
    const html = page({
      body: `<div class="recipe"><h1>Harbour reopens after storm</h1><ol class="steps">${steps.map((step) => `<li class="step"><div class="text"><div class="description">${step}</div></div></li>`).join('')}</ol></div>`,
    });
    expect(extractArticle(html, URL).text).toBe(steps.join('\n'));
  });

  it('leaves out the comment counters a page sets inside its paragraphs', () => {
    const counter = (n: number) => `<a class="article-commented-link comments_count" title="Comment" href="#c">${n}</a>`;
    const html = page({ body: `<article><h1>Harbour reopens after storm</h1>${storm.map((line, n) => `<p>${counter(n)}${line}</p>`).join('')}</article>` });
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
  });

  it('joins the parts of an article written as two copies of one wrapper, split by an ad break', () => {
    const more = [
      'Fishermen said the new channel was deeper than the old one, and that larger boats could now reach the inner harbour at low tide.',
      'The harbour master thanked the crews who had worked through the weekend, and said the port would hold an open day in the summer.',
    ];
    const part = (lines: string[]) =>
      `<div class="row"><div class="col"><div class="inner"><div class="box"><div class="copy">${lines.map((line) => `<p>${line}</p>`).join('')}</div></div></div></div><div class="slot"></div></div>`;
    const html = page({ body: `<div class="wrap">${part(storm)}<div class="break"><a href="https://ads.example/click">Advertisement</a></div>${part(more)}</div>` });
    expect(extractArticle(html, URL).text.split('\n')).toEqual([...storm, ...more]);
  });

  it('takes the first story of a page that loads the next one below it, each an <article> with its own <h1>', () => {
    const next = [
      'The city library will open on Sundays from next month, the council announced after a petition signed by four thousand residents.',
      'Librarians said they would need two more staff members, and the council has agreed to pay for them until the end of the year.',
      'The library, which was built in 1902, had been closed on Sundays since the budget cuts of the last decade, to the anger of many.',
    ];
    const html = page({
      body: `<article><h1>Harbour reopens after storm</h1>${storm.map((line) => `<p>${line}</p>`).join('')}</article>
        <div class="next"><article><h1>Library to open on Sundays</h1>${next.map((line) => `<p>${line}</p>`).join('')}</article></div>`,
    });
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
    // Boxes of one page written as <article>s without a headline of their own stay together.
    const boxes = page({
      body: `<div class="recipe"><article class="box"><h1>Harbour reopens after storm</h1><p>${storm[0]}</p></article>
        <article class="box"><h2>What happened next</h2><p>${storm[1]}</p><p>${storm[2]}</p></article></div>`,
    });
    expect(extractArticle(boxes, URL).text.split('\n')).toEqual([storm[0], 'What happened next', storm[1], storm[2]]);
  });

  it('measures Chinese by characters, so its short paragraphs outweigh a longer English one', () => {
    // 20 characters each: under the 25 that make a paragraph if a Han character counted as one letter.
    const zh = ['地铁三号线今天正式开通运营，全长二十八公里。', '新线路将使东西方向的通勤时间缩短二十分钟。', '首日客流超过十五万人次，部分车站实行限流。'];
    const html = page({
      lang: 'zh-CN',
      title: '地铁三号线开通',
      body: `<div class="zhengwen">${zh.map((line) => `<p>${line}</p>`).join('')}</div></main>
        <div class="about"><p>Example News is an independent newsroom, funded by its readers, covering the city since 1998.</p></div><main>`,
    });
    expect(zh.every((line) => line.length <= 22)).toBe(true);
    expect(extractArticle(html, URL).text).toBe(zh.join('\n'));
  });

  it('reads a right-to-left page', () => {
    const ar = [
      'أعلنت وزارة النقل صباح اليوم افتتاح الميناء بعد ثلاثة أيام من العاصفة التي ضربت الساحل وأغرقت قاربين للصيد.',
      'وعمل المهندسون طوال الليل لتنظيف القناة، وغادرت أول عبّارة في الساعة السابعة وعلى متنها مئة راكب.',
      'وقالت هيئة الميناء إن إصلاح حاجز الأمواج الخارجي سيستغرق حتى الربيع.',
    ];
    const html = page({
      lang: 'ar',
      dir: 'rtl',
      title: 'إعادة فتح الميناء بعد العاصفة',
      body: `<article class="maqal"><h1>إعادة فتح الميناء بعد العاصفة</h1><div class="share"><a href="/s1">مشاركة</a> <a href="/s2">تويتر</a></div>
        <div class="matn">${ar.map((line) => `<p>${line}</p>`).join('')}</div>
        <p class="read-more"><strong>اقرأ أيضا:</strong> <a href="/other">العاصفة تضرب الساحل</a></p></article>`,
    });
    expect(extractArticle(html, URL).text).toBe(ar.join('\n'));
  });

  it('cleans the text of a page whose paragraphs stand in <body> itself', () => {
    const html = `<html><head><title>Harbour reopens after storm</title></head><body><h1>Harbour reopens after storm</h1>
      <p>${storm[0]}</p><figure><img src="/boats.jpg"><figcaption>Boats at the quay on Monday, before the channel was cleared.</figcaption></figure>
      <p>${storm[1]}</p><p>${storm[2]}</p>
      <div class="more"><div class="more-head">Das könnte Sie auch interessieren</div><ul><li><a href="/1">Lighthouse opens to visitors again</a></li></ul></div></body></html>`;
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
  });

  it.each([
    ['de', 'Weitere Themen', 'Ein Leuchtturm an der Küste wird nach vielen Jahren wieder für Besucher geöffnet, teilte die Gemeinde mit.'],
    ['ru', 'Ссылки по теме:', 'Маяк на побережье снова открыт для посетителей после многих лет ремонта, сообщили в администрации.'],
    ['pl', 'Zobacz także', 'Latarnia morska na wybrzeżu znów jest otwarta dla zwiedzających po wielu latach remontu, podała gmina.'],
  ])('knows the names of "more to read" boxes (%s: %s)', (lang, heading, teaser) => {
    const html = page({
      lang,
      body: `<article><h1>Harbour reopens after storm</h1>${storm.map((line) => `<p>${line}</p>`).join('')}
        <h3>${heading}</h3><p>${teaser}</p></article>`,
    });
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
  });

  it('joins the parts of an article a page builder writes as copies of one block, not the next article', () => {
    const part = (lines: string[]) =>
      `<section class="block"><div class="container"><div class="row"><div class="meta"></div><div class="text">${lines.map((line) => `<p>${line}</p>`).join('')}</div></div></div></section>`;
    const split = page({ body: `<h1>Harbour reopens after storm</h1>${part(storm.slice(0, 2))}<div class="ad-slot"><a href="/ad">Advertisement</a></div>${part(storm.slice(2))}` });
    expect(extractArticle(split, URL).text).toBe(storm.join('\n'));
    // The copies may stand right in <body>.
    const inBody = `<html><body><h1>Harbour reopens after storm</h1>${part(storm.slice(0, 2))}<div class="ad-slot"><a href="/ad">Advertisement</a></div>${part(storm.slice(2))}</body></html>`;
    expect(extractArticle(inBody, URL).text).toBe(storm.join('\n'));
    const next = [
      'The city council approved the new bus lanes on Wednesday evening after a debate that lasted more than four hours in the town hall.',
      'Work on the lanes will begin in January, and the council expects the first buses to use them before the summer holidays.',
    ];
    const endless = page({
      body: `<section class="block"><div class="wrap"><h1>Harbour reopens after storm</h1><div class="text">${storm.map((line) => `<p>${line}</p>`).join('')}</div></div></section>
        <section class="block"><div class="wrap"><h1>Council approves bus lanes</h1><div class="text">${next.map((line) => `<p>${line}</p>`).join('')}</div></div></section>`,
    });
    expect(extractArticle(endless, URL).text).toBe(storm.join('\n'));
  });

  it('takes the standfirst that stands between the headline and the text, not a teaser box for another story', () => {
    const standfirst = 'Three days after the storm, the first ferry has left the harbour, and the port says the worst is over.';
    const body = `<div class="story-body">${storm.map((line) => `<p>${line}</p>`).join('')}</div>`;
    const led = page({ body: `<header class="top"><h1>Harbour reopens after storm</h1><p class="lead">${standfirst}</p><p>3 November 2026</p></header>${body}` });
    expect(extractArticle(led, URL).text).toBe([standfirst, ...storm].join('\n'));
    const teased = page({
      body: `<header class="top"><h1>Harbour reopens after storm</h1></header>
        <div class="teaser"><p class="teaser-text">The city library opens again on Monday after four years of building work, the council said.</p></div>${body}`,
    });
    expect(extractArticle(teased, URL).text).toBe(storm.join('\n'));
  });

  it('keeps a short item with links whose container was moved up through wrappers that are only children', () => {
    // The nav beside the <article> is stripped first, so the wrappers above it each hold one child.
    const line = 'At the <a href="https://camp.example/">Knowledge Camp</a> in Berlin we recorded live: <a href="/p/1">Ann Lee</a> and <a href="/p/2">Bo Chan</a> talk about the camp.';
    const html = page({
      body: `<div id="primary"><div id="content"><nav class="post-navigation"><a href="/prev">← Previous</a></nav>
        <article class="post"><h1>Harbour reopens after storm</h1><div class="entry-content"><p>${line}</p></div></article></div></div>`,
    });
    expect(extractArticle(html, URL).text).toBe('At the Knowledge Camp in Berlin we recorded live: Ann Lee and Bo Chan talk about the camp.');
  });

  it('keeps the captions of a slideshow written as figures: they are its text', () => {
    const slide = (n: number, line: string) =>
      `<figure class="slide"><h2><a href="/gallery/${n}">${n}. Slide ${n}</a></h2><img src="/${n}.jpg"><figcaption class="slide-caption"><p>${line}</p></figcaption></figure>`;
    const html = page({ body: `<div class="slides">${storm.map((line, n) => slide(n + 1, line)).join('')}</div>` });
    expect(extractArticle(html, URL).text.split('\n')).toEqual(expect.arrayContaining(storm));
  });

  it('keeps a short item that the strict cleaning would leave empty', () => {
    // A comic: five pictures and two short lines, which cleaning alone would take for a photo box.
    const pictures = [1, 2, 3, 4, 5].map((n) => `<div class="col"><img src="/comic${n}.png" alt="Panel ${n}"></div>`).join('');
    const html = page({
      body: `<div class="container"><div class="row"><div class="col"><h1>Harbour reopens after storm</h1><p>3 November 2026</p></div></div>
        <div class="story"><p>Where did the boats go? Here is the story in pictures!</p>${pictures}<p>Seen it all? Then try our <a href="/puzzle">puzzle</a>.</p></div></div>`,
    });
    expect(extractArticle(html, URL).text).toBe('Where did the boats go? Here is the story in pictures!\nSeen it all? Then try our puzzle.');
  });

  it('keeps the container the page declares its article body, whatever its wrapper\'s class names say', () => {
    const html = page({
      body: `<div class="post-wrap wrap cb-sidebar-right"><article><section itemprop="articleBody"><p>${storm[0]}</p></section></article></div>`,
    });
    expect(extractArticle(html, URL).text).toBe(storm[0]);
  });

  it('leaves out an ad label with a colon and an error message the server printed into the page, wherever they stand', () => {
    const html = page({
      body: `<article><p>Warning: Creating default object from empty value in /var/www/html/templates/article.php on line 42</p>
        <p>${storm[0]}</p><p>Advertisement:</p><p>${storm[1]}</p></article>`,
    });
    expect(extractArticle(html, URL).text).toBe(`${storm[0]}\n${storm[1]}`);
  });

  it('takes no paragraph of a form for the article: a sign-up box with more to say than a short item', () => {
    const messages = [
      'This e-mail address has no account with us, or the password is wrong, or the account is locked, or it was closed, or it was never confirmed, so, please, try again, or call us, or write to us.',
      'This e-mail address is registered already, so sign in, with it, or reset the password, or, if it is not yours, tell us, and we will look into it, today, or tomorrow, at the latest.',
      'The password must be eight characters long, at least, and hold a capital letter, a small letter, a digit, and a sign, and it must not be your name, your e-mail address, or your birthday.',
    ];
    const form = (count: number) =>
      `<form class="login" action="/login"><input type="email" name="email"><input type="password" name="password"><div class="messages">${messages.slice(0, count).map((message) => `<div class="error"><p>${message}</p></div>`).join('')}</div></form>`;
    const teasers = `<div class="more">${Array.from({ length: 4 }, (_, n) => `<div class="teaser"><a href="/${n}">Another headline from today, number ${n}, about the town council and its long debate on the new bus lanes, the parking fees and the market square</a></div>`).join('')}</div>`;
    // A short item beside a form that says more: the form would score best.
    const item = `<div class="video"><p>${storm[0]}</p><p>${storm[1]}</p></div>`;
    expect(extractArticle(page({ body: `${item}${form(3)}${teasers}` }), URL).text).toBe(`${storm[0]}\n${storm[1]}`);
    // Inside the article's container, the form's commas would keep it.
    const article = storm.map((line) => `<p>${line}</p>`).join('');
    expect(extractArticle(page({ body: `<article>${article}${form(2)}</article>` }), URL).text).toBe(storm.join('\n'));
  });

  it('reads an article inside a form that wraps the main column, told by the headline it holds', () => {
    const links = Array.from({ length: 12 }, (_, n) => `<li><a href="/${n}">Another story from today, number ${n}, about the town council and its long debate on the bus lanes</a></li>`).join('');
    const html = page({
      body: `<form id="aspnetForm" action="/story.aspx" method="post"><input type="hidden" name="__VIEWSTATE" value="x">
        <h1>Harbour reopens after storm</h1>${storm.map((line) => `<p>${line}</p>`).join('')}</form><div class="more"><ul>${links}</ul></div>`,
    });
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
  });

  const ingredients = [['250 g', 'flour'], ['100 g', 'honey'], ['2', 'eggs'], ['1 pinch', 'salt']];
  const steps = [
    'Heat the oven to 180 °C and butter a round cake tin of 26 cm.',
    'Beat the eggs with the honey until pale, then fold in the flour and the salt.',
    'Bake for forty minutes, until a skewer comes out clean, and let it cool in the tin.',
    'Glaze the cake with warm honey, sprinkle it with toasted almonds, and serve it with whipped cream or a spoon of yoghurt.',
  ];
  const expectedRecipe = [...ingredients.flat(), ...steps];
  /** Help-desk prose with more commas than a recipe's lines: the scoring alone would take it. */
  const helpDesk = `<div class="service"><p>Our kitchen team answers your questions about recipes, products, baking times, allergens and ingredients, by phone, by mail or in our chat, every day.</p>
    <p>Call us, write to us, or visit our test kitchen, where we bake, cook, taste and photograph every recipe, before it goes online, in our own ovens.</p></div>`;
  const ingredientTable = (rowAttributes: string, className = 'ingredients') =>
    `<table class="${className}">${ingredients.map(([amount, name]) => `<tr ${rowAttributes}><td>${amount}</td><td>${name}</td></tr>`).join('')}</table>`;

  it('takes the recipe a page declares in microdata: its ingredients and its steps, not the chrome beside it', () => {
    const html = page({
      title: 'Honey cake',
      body: `${helpDesk}<div itemscope itemtype="https://schema.org/Recipe"><h1 itemprop="name">Honey cake</h1>
        <h2>Ingredients</h2>${ingredientTable('itemprop="recipeIngredient"')}
        <h2>Method</h2><ol>${steps.map((step) => `<li itemprop="recipeInstructions">${step}</li>`).join('')}</ol></div>`,
    });
    expect(extractArticle(html, URL).text.split('\n')).toEqual(['Ingredients', ...ingredients.flat(), 'Method', ...steps]);
  });

  it('finds the recipe a page declares in JSON-LD by its ingredients and steps, their amounts and names in cells of their own, and keeps them whatever their class names say', () => {
    const recipe = {
      '@context': 'https://schema.org',
      '@type': 'Recipe',
      name: 'Honey cake',
      recipeIngredient: ingredients.map(([amount, name]) => `${amount} ${name}`),
      recipeInstructions: steps.map((text) => ({ '@type': 'HowToStep', text })),
    };
    const rating = Array.from({ length: 5 }, () => '<div class="rate"><p>Thank you, you have rated this picture already. Sign in, and rate the picture, to help others.</p></div>').join('');
    const html = page({
      title: 'Honey cake',
      head: `<script type="application/ld+json">${JSON.stringify(recipe)}</script>`,
      body: `<div class="gallery">${rating}</div><div class="recipe"><h1>Honey cake</h1>${ingredientTable('', 'ingredients sidebar-box')}
        <div class="steps">${steps.map((step) => `<p>${step}</p>`).join('')}</div></div>`,
    });
    expect(extractArticle(html, URL).text.split('\n')).toEqual(expectedRecipe);
  });

  it('returns no text for a page that is only chrome', () => {
    const html = page({ body: `<div class="teasers">${[1, 2, 3].map((n) => `<div class="teaser"><a href="/${n}">Headline number ${n} about something that happened today in town</a></div>`).join('')}</div>` });
    expect(extractArticle(html, URL).text).toBe('');
  });

  it('takes the text of a page without <html>, <head> or <body>', () => {
    const html = `<title>Bare</title><h1>Bare page</h1>${storm.map((line) => `<p>${line}</p>`).join('')}`;
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
  });

  it('falls back to the article heading as the title', () => {
    const html = `<body><h1>Harbour reopens</h1>${storm.map((line) => `<p>${line}</p>`).join('')}</body>`;
    expect(extractArticle(html, URL)).toMatchObject({ title: 'Harbour reopens', text: storm.join('\n') });
  });

  it('reads a page nested 100,000 elements deep', () => {
    const depth = 100_000;
    const html = `<html><body>${'<div>'.repeat(depth)}${storm.map((line) => `<p>${line}</p>`).join('')}${'</div>'.repeat(depth)}</body></html>`;
    expect(extractArticle(html, URL).text).toBe(storm.join('\n'));
  });
});
