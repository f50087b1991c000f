/**
 * What class names, ids and short texts say about a block, in many languages. Publishers name their
 * containers in their own language (`artikel-text`, `noticia-cuerpo`, `contenu`, `statya`, `zhengwen`) and
 * sometimes in its script (`статья`, `正文`, `記事`, `المقال`), so every hint lists English, common
 * transliterations and native spellings. These are generic words of page structure, never one site's names.
 */

/** Containers of the article: a bonus when scoring. */
export const POSITIVE_HINT = new RegExp(
  [
    'article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose',
    // Romance, Germanic, Slavic, Turkish languages in Latin letters
    'artikel|articul|artigo|articol|noticia|notizia|materia|contenu|conteni|conteud|inhalt|beitrag|texte|testo|tekst|cuerpo|corpo|haber|icerik|makale|statya|novost|clanek|clanak|wpis|tresc|cikk|uutinen',
    // CJK, Korean, Arabic, Persian, Hebrew, Thai in transliteration
    'zhengwen|neirong|wenzhang|xinwen|kiji|honbun|bonmun|maqal|matn|khabar|maamar|tochen',
    // native scripts
    'стать|текст|новост|материал|публикац|正文|内容|內容|文章|新闻|新聞|記事|本文|기사|본문|مقال|محتوى|متن|خبر|מאמר|תוכן|บทความ|เนื้อหา|लेख',
  ].join('|'),
  'iu',
);

/** Page chrome: a penalty when scoring, and removed inside the article when short or full of links. */
export const NEGATIVE_HINT = new RegExp(
  [
    '-ad-|(^|[\\s_-])ads?($|[\\s_-])|advert|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|taboola|promo|related|scroll|share|sharing|social|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget',
    'newsletter|subscri|signup|sign-up|cookie|consent|breadcrumb|byline|author|dateline|caption|credit|copyright|popup|modal|toolbar|pager|pagination|recommend|trending|popular|most-read|read-more|readmore|more-stories|teaser|nav|menu',
    'compartir|partager|teilen|condivid|compartilh|partilh|udostepnij|relacionad|connexe|verwandt|correlat|voir-aussi|lire-aussi|leia-tambem|veja-tambem|lesen-sie|lees-ook|publicidad|publicite|werbung|anzeige|reklam|pubblicit|komentar|comentario|commentaire|kommentar|kommentaar',
    'поделит|читайте|похож|реклам|коммент|подпис|评论|相关|推荐|分享|广告|廣告|広告|関連|コメント|광고|관련|댓글|إعلان|تعليق|ذات صلة|مشاركة|פרסומת|תגובות|โฆษณา',
  ].join('|'),
  'iu',
);

/**
 * Never the article, whatever they contain: skipped before scoring (unless also a positive container word,
 * `article-comments` aside). Narrower than NEGATIVE_HINT: "media", "meta" or "tags" may wrap real text.
 */
export const UNLIKELY_HINT = new RegExp(
  [
    '-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote',
    'newsletter|subscribe|signup|cookie|consent|outbrain|taboola|recommend|trending|most-read|more-stories|share-?bar|sharing|also-?read|read-?also|see-?also',
    'relacionad|connexe|verwandt|correlat|voir-aussi|lire-aussi|leia-tambem|veja-tambem|lesen-sie|comentario|commentaire|kommentar|komentar|publicidad|werbung|reklam',
    'похож|читайте|реклам|коммент|评论|相关|推荐|广告|廣告|広告|関連|コメント|광고|관련|댓글|إعلان|تعليق|ذات صلة|פרסומת|תגובות|โฆษณา',
  ].join('|'),
  'iu',
);
/**
 * Saves an unlikely-looking container that may hold the article (Readability's "ok maybe": `and` keeps
 * `main-and-sidebar` wrappers): the words for article, body and content only, not "post" or "page", which
 * also name a post's footer or pagination.
 */
export const MAYBE_CANDIDATE_HINT =
  /and|article|body|column|content|main|shadow|artikel|articul|artigo|articol|noticia|notizia|contenu|conteni|conteud|inhalt|cuerpo|corpo|statya|zhengwen|neirong|wenzhang|kiji|honbun|стать|正文|内容|內容|文章|記事|本文|기사|본문|مقال|محتوى|מאמר|תוכן|บทความ/iu;

/** ARIA roles of page chrome. */
export const UNLIKELY_ROLES = new Set(['menu', 'menubar', 'complementary', 'navigation', 'alert', 'alertdialog', 'dialog', 'banner', 'contentinfo', 'search']);

/** Share bars and the like: removed inside the article when their text is short. */
export const SHARE_HINT = /(\b|_)(share|sharedaddy|sharing|social|compartir|partager|teilen|condividi|compartilhar|поделиться|分享|シェア|공유|مشاركة)(\b|_)/iu;

/** Bylines, datelines and author boxes: removed when short. */
export const BYLINE_HINT = /byline|author|dateline|writtenby|p-author|autor|auteur|autore|yazar|автор|作者|著者|기자|الكاتب|كاتب/iu;

/** Photo captions and credits. */
export const CAPTION_HINT = /caption|credit|legend|wp-caption|photo-?desc|image-?desc|img-?desc|leyenda|legenda|didascalia|bildunterschrift|подпись|图说|図説|사진설명|تعليق الصورة/iu;

/** A block whose whole text is one of these words is an ad slot or a loading placeholder. */
export const AD_OR_LOADING_TEXT =
  /^(ad|ads|advertising|advertisement|sponsored|pub|publicité|publicidad|publicidade|pubblicità|werbung|anzeige|reklama|reklam|реклама|广告|廣告|広告|광고|إعلان|פרסומת|โฆษณา|anuncio|loading|正在加载|загрузка|chargement|cargando|carregando|caricamento|wird geladen)(…|\.\.\.|\s*[:：])?$/iu;

/**
 * A text-size switcher ("Font size: A A A", "字号：大 中 小", "A A A"), alone or in a toolbar line ("Send
 * Print Text size Share"): a control, not text.
 */
export const TEXT_SIZE_CONTROL =
  /^a\s*a\s*a$|(^|\s)[\[【(（]?\s*((change |adjust )?(font|text) size|μέγεθος (γραμματοσειράς|κειμένου)|schriftgröße|taille (du texte|de la police)|tamaño (de (la )?)?(letra|fuente|texto)|tamanho d[ao] (letra|fonte|texto)|dimensione (del )?(testo|carattere)|rozmiar (czcionki|tekstu)|размер шрифта|字号|字號|字体|字體|(调整|調整)字(体|體|号|號)|文字サイズ|글자 ?크기)/iu;

/** A comment's "Reply" action, alone on its line. */
export const REPLY_TEXT =
  /^[\s[(]*(reply|respond|odpowiedz|odpowiedź|ответить|відповісти|回复|回覆|返信|답글|답장|antworten|responder|répondre|rispondi|beantwoorden|reageer|svara|svar|vastaa|yanıtla|cevapla|απάντηση|odpovědět|odpovedať|odgovori|válasz|răspunde|رد|הגב|trả lời|balas)[\s\])]*$/iu;

/** Class names of "more to read" boxes and their headings. */
export const RELATED_HINT = /related|relacionad|connexe|verwandt|correlat|recommend|more-stories|also-?read|read-?also|see-?also|read-?more|you-may-like|похож|相关|関連|관련/iu;

const RELATED_PHRASES =
  'related|related (articles|stories|posts|content|coverage|news|links|topics)|more (from|on|about|stories|news|to read)|(you )?(may|might) (also )?(like|enjoy|be interested)|read (more|also|next)|also read|see also|recommended|trending|popular|most (read|popular|viewed)|top stories|latest (news|stories)|em alta|mais lidas|veja (também|mais)|leia (também|mais)|você (também )?pode gostar|relacionad[oa]s|noticias relacionadas|te puede interesar|lee (también|más)|más (noticias|leídas)|à lire aussi|lire aussi|sur le même sujet|voir aussi|les plus lus|lesen sie (auch|mehr)|mehr zum thema|das könnte sie (auch )?interessieren|meistgelesen|weitere (themen|artikel|beiträge|nachrichten|meldungen)|ähnliche (themen|artikel|beiträge)|(aktuellste|neueste|beliebteste) (beiträge|artikel|nachrichten)|themen (im|in diesem) artikel|leggi anche|potrebbe interessarti|articoli correlati|lees ook|meer nieuws|czytaj (też|także)|przeczytaj (też|także)|zobacz (też|także|również)|polecamy|najczęściej czytane|читай(те)? (также|еще|ещё|також)|смотрите также|похожие (статьи|новости|материалы)|((ссылки|материалы|новости|статьи) )?по теме|другие новости|последние новости|самое (читаемое|популярное)|相关(文章|新闻|阅读|推荐)?|推荐阅读|延伸阅读|热门|関連記事|あわせて読みたい|おすすめ|관련 ?기사|추천 기사|اقرأ (أيضا|أيضاً)|مقالات ذات صلة|أخبار ذات صلة|קרא עוד|כתבות נוספות|ilgili haberler|bunlar da ilginizi çekebilir';
/** Headings of "more to read" boxes; what such a heading opens is not the article. */
export const RELATED_HEADING = new RegExp(`^(${RELATED_PHRASES})([\\s\\p{P}].{0,30})?$`, 'iu');
/** "Read also: <a>Another story</a>": a teaser line inside the text. */
export const RELATED_TEASER = new RegExp(`^(${RELATED_PHRASES})\\s*[:：]`, 'iu');

/** A short line that is a byline ("By Jane Doe", "Por …", "Von …") rather than text. */
export const BYLINE_TEXT = /^([Bb]y|BY|[Pp]or|[Pp]ar|[Vv]on|[Dd]i|[Dd]oor|[Aa]v|[Aa]f|[Pp]rzez|[Оо]т|[Аа]втор:?|[Yy]azan|بقلم|文\/|記者)\s+[\p{Lu}\p{Lo}]/u;

const MONTHS =
  'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|mai|juin|juil|août|sept|déc|ene|abr|ago|dic|gen|mag|giu|lug|set|ott|jän|mär|okt|dez|янв|фев|мар|апр|мая|май|июн|июл|авг|сен|окт|ноя|дек';
/**
 * A date or a time of day, as datelines and "updated" lines carry them: numeric dates, times, a day and a
 * year around a month's name in any language ("6 أبريل 2025", "November 20, 2019"), abbreviated month
 * names with a day, and CJK dates.
 */
export const DATE_TEXT = new RegExp(
  [
    '(?<!\\d)\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}(?!\\d)',
    '(?<!\\d)\\d{1,2}:\\d{2}(?!\\d)',
    '(?<!\\d)\\d{1,2}\\.?\\s+\\p{L}{3,}\\.?,?\\s+(1[89]|20)\\d{2}(?!\\d)',
    // A word that starts where its run of letters starts: from inside a long run, every start rescans it.
    '(?<!\\p{L})\\p{L}{3,}\\.?\\s+\\d{1,2}(st|nd|rd|th)?,?\\s+(1[89]|20)\\d{2}(?!\\d)',
    `(^|[^\\p{L}])(${MONTHS})[\\p{L}]*\\.?\\s+\\d{1,2}(?!\\d)`,
    `(?<!\\d)\\d{1,2}\\.?\\s+(${MONTHS})`,
    '\\d{4}年\\d{1,2}月|\\d{1,2}月\\d{1,2}日|\\d{4}년\\s*\\d{1,2}월',
  ].join('|'),
  'iu',
);

/** "Image 3 of 12", "Foto 1 de 5", "2/7": a gallery's counter. */
export const GALLERY_COUNTER = /^((image|photo|picture|slide|foto|bild|imagen|immagine|imagem|фото|слайд|写真|图片)\s*)?\d+\s*(of|de|von|di|van|z|из|sur|\/)\s*\d+$/iu;

/** A photo credit standing alone: "© Jane Doe", "(c) Agency". */
export const CREDIT_LINE = /^(©|\(c\)\s)/iu;

/** Lines that close an article without being part of it: contact addresses, credits, calls to share. */
export const CONTACT_TEXT =
  /(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+|(^|\s)@\w{2,}|^(tel|phone|fax|telefon|телефон|тел|电话|電話|传真|傳真)\.?\s*[:：]/iu;
export const CREDIT_TEXT =
  /contributed to this (report|story|article)|^(additional )?(reporting|editing|writing|compiled|translated) by|^[(（[【]?\s*(source|sources|fonte|fontes|fuente|fuentes|quelle|quellen|źródło|źródło informacji|zdroj|bron|källa|kilde|lähde|forrás|izvor|kaynak|πηγή|источник|джерело|المصدر|來源|来源|本文来源|稿源|出典)\s*[:：]|^(photo )?courtesy( of)?\b|^dzięki uprzejmości|^\(?(with|avec|com|con|mit) (afp|ap|reuters|dpa|efe|ansa|lusa|agencies|agências|agencias)\b/iu;
export const CALL_TO_ACTION =
  /ctrl\s*[+-]\s*enter|(post|add|leave|write) a comment|dodaj komentarz|(оставить|оставьте|добавить) комментарий|kommentare? (schreiben|verfassen)|发表评论|我来说两句|оцените,? (пожалуйста,? )?(статью|материал|новость)|rate this (article|story)|printer-friendly|found an? (typo|error|mistake)|spotted an? (typo|error|mistake)|нашли (ошибку|опечатку)|share (this|it) with|like this (story|article)|follow us on|sign up for (our|the)|subscribe to (our|the)|teilen sie (diesen|den) artikel|comparte (esta|este)|partagez (cet|cette)|compartilhe (esta|este)|condividi (questo|questa)|поделитесь (этой|статьей|новостью)|подписывайтесь на|subscribe now|jetzt abonnieren|abonnez-vous|suscríbete|hazte (miembro|socio)|zapraszamy (też |także )?do (subskrypcji|prenumeraty)|download (the|our) [\p{L}\s]{0,30}app\b|descarga (la|nuestra) app|(laden sie|lade dir) (unsere|die) app|téléchargez (notre|l.)app|(jesteśmy|znajdziesz nas) (też |także |również )?na facebooku|folgst du (uns )?schon/iu;

/** An editor's credit line closing an article: "责任编辑：…", "(陈巍 编辑)", "Redaktor: …". */
export const EDITOR_TEXT =
  /^[(（[【]?\s*(责任编辑|責任編輯|责编|責編|编辑|編輯|redaktor|redakcja|редактор|επιμέλεια)\s*[:：]|^[(（[【][^)）\]】]{1,20}\s(编辑|編輯)[)）\]】]$/iu;

/** A line of tags or keywords closing an article. */
export const TAGS_TEXT = /^(tags?|tagi|теги|метки|ключевые слова|标签|標籤|关键词|關鍵詞|schlagwörter|schlagworte|etiquetas|mots-clés|parole chiave|ετικέτες|etiketler)\s*[:：]|^(关键词|關鍵詞|关键字)$/iu;

/**
 * A blog engine's line about the post ("This entry was posted on … and is filed under …", "Dieser Eintrag
 * wurde … veröffentlicht", "Новость была оставлена … в категории …"): metadata, not text.
 */
export const POST_META_TEXT =
  /^(this (entry|post) was posted|posted (in|on|by) .{0,80}(filed|categor|tagged)|dieser (eintrag|beitrag|artikel) wurde .{0,80}veröffentlicht|(новость|запись|статья) (была )?(оставлена|опубликована|размещена)|(ten )?wpis (został )?(opublikowany|dodany)|cette (entrée|publication) a été publiée|esta entrada (fue|se) publicó|questo (articolo|post) è stato pubblicato|dit bericht is geplaatst)/iu;

/** Disclaimers and reprint terms closing an article. */
export const DISCLAIMER_TEXT =
  /^[【[]?(免责声明|免責聲明|disclaimer)|^\S{1,10}(声明|聲明)[:：]|不得(转载|轉載)|(转载|轉載).{0,30}不代表|未经(授权|许可)|未經(授權|許可)|перепечатк|przedruk|nachdruck/iu;

/**
 * A copyright sign or notice ("©", "(c) 2012", "Copyright 2012"): a line that has one is a site's legal
 * notice or a credit, never prose of the article, wherever it stands.
 */
export const COPYRIGHT_SIGN = /©|\(c\)\s*\d{4}|copyright\s*(\(c\)|\d{4})/iu;
/** Copyright and reprint notices. */
export const COPYRIGHT_TEXT = new RegExp(
  String.raw`${COPYRIGHT_SIGN.source}|all rights reserved|todos los derechos|tous droits|alle rechte|tutti i diritti|todos os direitos|все права|版权所有|版權所有|無断転載|転載を禁|무단\s?전재|재배포 금지|جميع الحقوق|כל הזכויות|chronion[ya] prawem autorskim|urheberrechtlich geschützt|protégée? par le droit d.auteur|protegid[oa] por (los )?derechos de autor|защищен[аоы]? (законом об )?авторск`,
  'iu',
);
