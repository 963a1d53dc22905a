/** The page's only stylesheet, inlined: the page loads nothing else. */
export const REPORT_CSS = `
:root { color-scheme: light; --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff8c5; --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 0 auto; padding: 24px; max-width: 1200px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.meta span + span::before { content: " · "; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card b { display: block; font-size: 20px; }
.card small { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.text { max-width: 320px; overflow-wrap: anywhere; }
tr.fail td:first-child { box-shadow: inset 3px 0 var(--fail); }
tr.warn td:first-child { box-shadow: inset 3px 0 var(--warn); }
tr.pass td:first-child { box-shadow: inset 3px 0 var(--pass); }
.status { display: inline-block; border-radius: 10px; padding: 0 8px; font-weight: 600; font-size: 12px; text-transform: uppercase; }
.status.pass { color: var(--pass); background: var(--pass-bg); }
.status.fail { color: var(--fail); background: var(--fail-bg); }
.status.warn { color: var(--warn); background: var(--warn-bg); }
.bar { background: #eaeef2; border-radius: 3px; height: 6px; width: 80px; display: inline-block; vertical-align: middle; margin-right: 6px; }
.bar i { display: block; height: 6px; border-radius: 3px; background: var(--pass); }
.note { color: var(--muted); font-size: 12px; }
details { margin: 6px 0; }
summary { cursor: pointer; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { background: #f6f8fa; padding: 6px 8px; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
`;
