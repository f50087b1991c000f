export const USAGE = `Usage: polywire <command>

  feeds add URL [--title TITLE]      add a feed (fetched at once)
  feeds list [--json]                list feeds with their health
  feeds remove ID                    remove a feed (and its fetch history)
  feeds import-opml FILE [--json]    add every feed of an OPML file, keeping titles, categories
                                     and languages; sent in chunks of 200 feeds, with progress
                                     on stderr when it is a terminal; exit status 1 when some
                                     URLs were refused (each is listed)
  feeds export-opml [> FILE]         write every feed as OPML 2.0 to stdout
  articles search [--lang L]... [--feed ID] [--site S] [--cluster ID] [--q WORDS]
                  [--since ISO] [--until ISO] [--by published|ingested]
                  [--sort published|relevance] [--limit N] [--json|--jsonl|--csv]
                                     find stored articles, newest first: a table, or one JSON
                                     line per article with --json (default --limit 50); --jsonl
                                     and --csv stream every match (or --limit N of them) as the
                                     API exports it, with a row count on stderr when it is a
                                     terminal
  articles list …                    the same as articles search
  articles show ID [--json]          one article: its text, language (detected, confidence,
                                     declared), sources and events
  articles retag [--batch N] [--lang L]... [--dry-run] [--json]
                                     re-decide the language of the stored articles tagged by an
                                     older language model (after an upgrade), N at a time
                                     (default 500, at most 10000), on the database itself
                                     (DATABASE_URL, or the embedded one in DATA_DIR: stop
                                     \`pnpm start\` first); resumable, progress on stderr, a
                                     summary at the end
  stories list [--lang L]... [--min-languages N] [--min-sources N] [--q WORDS] [--feed ID]
               [--site S] [--since ISO] [--until ISO] [--by first_seen|updated]
               [--sort updated|size|languages|rising] [--ui-lang L] [--limit N] [--json|--jsonl]
                                     stories (one event across sources and languages), latest
                                     update first: a table, a JSON array (--json) or one JSON
                                     line per story (--jsonl); default --limit 50
  stories show ID [--ui-lang L] [--json]
                                     one story: its members by language (copies folded under
                                     them), sites, evidence and timeline
  feed-keys create FEED [--label TEXT] [--json]
                                     a read-only key for one feed out, shown once with the feed's
                                     Atom and JSON Feed URLs; FEED is articles or stories with the
                                     API's parameters ('stories?min_languages=3&lang=de,en') or a
                                     feed URL
  feed-keys list [--json]            every feed key: state, last use, label, feed (never the key)
  feed-keys revoke ID                the key stops working at once, for good
  languages [--json]                 the languages articles are tagged with: tag, name, script
                                     and text-search configuration
  queues [--json]                    the job queues and their counts
  lang [--hint LANG]... [--tld TLD]   language of each UTF-8 line on stdin, one JSON line each
  parse-feed [--content-type "text/xml; charset=…"] FILE…
                                     parse feed files offline (no API): one JSON line per
                                     file; exit status 1 when any file is not a feed
  extract [--url URL] FILE…          extract saved pages (.html, .html.gz) offline (no API): one
                                     JSON line per file with the text and metadata; links resolve
                                     against URL, else the page's canonical link; exit status 1
                                     when any file cannot be read

--lang takes language tags (en, zh-Hant, sr-Latn), repeated or comma-separated.

The CLI talks to the running API (pnpm start, or the dashboard app) at POLYWIRE_API_URL,
default http://HOST:PORT (http://127.0.0.1:3000), sending DASHBOARD_TOKEN (or DASHBOARD_USER and
DASHBOARD_PASSWORD) when set.`;
