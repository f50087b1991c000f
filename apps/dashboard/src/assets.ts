/** The dashboard's only stylesheet, served from memory: nothing to build or copy at run time. */
export const dashboardCss = `
:root { --fg: #1d1f23; --muted: #6b7079; --line: #dfe2e6; --bg-soft: #f5f6f8; --accent: #2456c9; --bad: #b3261e; --ok: #1b7a3d; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; margin: 0; color: var(--fg); }
header { display: flex; gap: 1.5rem; align-items: center; padding: 0.6rem 1.5rem; background: #14213d; color: #fff; }
header a { color: #dbe4ff; text-decoration: none; margin-right: 1rem; }
header a[aria-current=page] { color: #fff; font-weight: 600; border-bottom: 2px solid #fff; }
header .brand { font-size: 1.1rem; }
header .signout { margin-left: auto; }
header .link { color: #dbe4ff; }
main { padding: 1rem 1.5rem 3rem; max-width: 1400px; }
main.login { max-width: 24rem; margin: 4rem auto; }
h1 { font-size: 1.4rem; margin: 0.4rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 0.6rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.4rem; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--bg-soft); font-weight: 600; white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
.small { font-size: 0.85em; }
.error, .failing, tr.failing td { color: var(--bad); }
.status { padding: 0.05rem 0.4rem; border-radius: 0.6rem; background: var(--bg-soft); }
.status-active { color: var(--ok); } .status-failing, .status-gone { color: var(--bad); } .status-paused { color: var(--muted); }
.badge { display: inline-block; margin-left: 0.4rem; padding: 0 0.4rem; border-radius: 0.5rem; background: #e8ecf7; color: #23335c; font-size: 0.8em; }
.notice { padding: 0.5rem 0.8rem; background: #eaf4ec; border: 1px solid #b9dcc2; border-radius: 4px; }
.notice.error { background: #fbeaea; border-color: #eab8b5; }
.actions { display: flex; flex-wrap: wrap; gap: 0.3rem; align-items: flex-start; margin: 0.3rem 0; }
form.inline { display: inline; margin: 0; }
button { font: inherit; padding: 0.2rem 0.6rem; border: 1px solid #b8bec8; border-radius: 4px; background: #fff; cursor: pointer; }
button:hover { background: var(--bg-soft); }
button.danger { color: var(--bad); border-color: #e0a8a4; }
button.link { border: 0; background: none; padding: 0; text-decoration: underline; }
details.confirm { display: inline-block; }
details.confirm summary { cursor: pointer; color: var(--bad); list-style: none; padding: 0.2rem 0.6rem; border: 1px solid #e0a8a4; border-radius: 4px; }
details.confirm[open] summary { margin-bottom: 0.3rem; }
.forms { display: flex; flex-wrap: wrap; gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem; display: flex; flex-direction: column; gap: 0.5rem; }
.card h2 { margin: 0; font-size: 1rem; }
form.search { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: flex-end; margin-bottom: 1rem; }
form.search label, .card label { display: flex; flex-direction: column; font-size: 0.85em; color: var(--muted); gap: 0.1rem; }
input, select { font: inherit; padding: 0.2rem 0.35rem; border: 1px solid #b8bec8; border-radius: 4px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.breadcrumbs { color: var(--muted); margin: 0; }
.text { white-space: pre-wrap; max-width: 50rem; padding: 0.8rem 1rem; background: var(--bg-soft); border-radius: 4px; max-height: 30rem; overflow: auto; }
.lead { font-weight: 600; max-width: 50rem; }
pre.json { margin: 0; max-width: 60rem; max-height: 20rem; overflow: auto; padding: 0.4rem 0.6rem; background: var(--bg-soft); border-radius: 4px; font-size: 0.85em; white-space: pre-wrap; overflow-wrap: anywhere; }
nav.tabs { display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; margin: 0.8rem 0; }
nav.tabs a[aria-current=page] { font-weight: 600; color: var(--fg); }
.chart { max-width: 100%; height: auto; }
.chart-label, .chart-value { font-size: 12px; fill: var(--fg); }
.bar-week { fill: #b7c7ef; } .bar-day { fill: #2456c9; }
figure { margin: 0; }
figcaption { margin-top: 0.2rem; }
ul.chips { display: flex; flex-wrap: wrap; gap: 0.25rem; list-style: none; margin: 0; padding: 0; }
.chip { display: inline-flex; align-items: baseline; gap: 0.3rem; padding: 0 0.45rem; border: 1px solid #c9d3ec; border-radius: 0.7rem; background: #f2f5fc; font-size: 0.85em; white-space: nowrap; }
.chip abbr { text-decoration: none; }
.chip a { text-decoration: none; color: inherit; }
.chip-count { color: var(--muted); font-variant-numeric: tabular-nums; }
.badge.quiet { background: var(--bg-soft); color: var(--muted); }
dl.stats { display: flex; flex-wrap: wrap; gap: 0.6rem; margin: 0.6rem 0 1rem; }
dl.stats div { border: 1px solid var(--line); border-radius: 6px; padding: 0.4rem 0.9rem; min-width: 7rem; }
dl.stats dt { color: var(--muted); font-size: 0.85em; }
dl.stats dd { margin: 0; font-size: 1.3rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.bar-hour { fill: #2456c9; }
.bar-hour:hover { fill: #14213d; }
.axis { stroke: var(--line); }
ul.members { margin: 0 0 0.6rem; padding-left: 1.2rem; }
ul.members li { margin: 0.15rem 0; }
details.copies summary { cursor: pointer; color: var(--muted); font-size: 0.85em; }
details.copies ul { margin: 0.2rem 0; padding-left: 1.2rem; }
ul.sites { columns: 3 14rem; margin: 0; }
`;
