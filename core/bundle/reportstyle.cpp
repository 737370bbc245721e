#include "reportstyle.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra::Bundle {

QString reportStyleSheet()
{
    return uR"css(
:root { color-scheme: light; --ink: #1f2933; --muted: #5f6b7a; --line: #dde2e8;
  --paper: #ffffff; --page: #f3f5f8; --accent: #0f5fa8;
  --fail: #c62828; --warn: #b26a00; --info: #1565c0; --pass: #2e7d32; --skip: #757575; }
* { box-sizing: border-box; }
html { scroll-behavior: smooth; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 14px/1.5 system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
code, .mono, pre { font-family: ui-monospace, "Cascadia Mono", Consolas, "DejaVu Sans Mono", monospace;
  font-size: 12.5px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.wrap { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
.masthead { background: linear-gradient(135deg, #0b3d6e, #145da0); color: #fff; padding: 22px 0 20px; }
.brand { font-size: 12px; letter-spacing: .08em; text-transform: uppercase; opacity: .85; }
.masthead-main { display: flex; align-items: center; justify-content: space-between; gap: 24px;
  flex-wrap: wrap; }
.masthead-main > div:first-child { flex: 1 1 560px; min-width: 0; }
.masthead h1 { margin: 4px 0 10px; font-size: 28px; font-weight: 650; word-break: break-all; }
.meta { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0; }
.meta div { min-width: 0; }
.meta dt { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; opacity: .8; }
.meta dd { margin: 0; font-weight: 500; word-break: break-all; }
.badge { display: inline-flex; align-items: center; gap: 10px; padding: 10px 18px 10px 12px;
  border-radius: 999px; background: #fff; font-size: 17px; font-weight: 650;
  box-shadow: 0 2px 6px rgba(0,0,0,.25); white-space: nowrap; flex: none; }
.badge.v-attention { color: var(--fail); } .badge.v-look { color: var(--warn); }
.badge.v-healthy { color: var(--pass); } .badge.v-unknown { color: var(--skip); }
nav.toc { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line);
  box-shadow: 0 1px 3px rgba(16,24,40,.06); }
nav.toc ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; }
nav.toc a { display: block; padding: 10px 14px; color: var(--ink); font-weight: 500; }
nav.toc a:hover { background: #eef3f9; text-decoration: none; }
.count { display: inline-block; min-width: 20px; padding: 0 6px; margin-left: 4px; border-radius: 10px;
  font-size: 11px; line-height: 18px; text-align: center; color: #fff; background: var(--skip); }
.count.fail { background: var(--fail); } .count.warn { background: var(--warn); }
.count.pass { background: var(--pass); }
main { padding: 20px 0 40px; }
section.card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px;
  padding: 18px 22px 20px; margin: 0 0 18px; box-shadow: 0 1px 2px rgba(16,24,40,.05);
  scroll-margin-top: 56px; }
section.card > h2 { margin: 0 0 12px; font-size: 19px; display: flex; align-items: baseline; gap: 10px; }
section.card > h2 .sub { font-size: 13px; font-weight: 400; color: var(--muted); }
h3 { font-size: 15px; margin: 18px 0 8px; scroll-margin-top: 56px; }
p { margin: 6px 0; }
.muted { color: var(--muted); }
.verdict { display: flex; align-items: center; gap: 14px; padding: 12px 16px; border-radius: 8px;
  background: #f7f9fb; border: 1px solid var(--line); border-left: 6px solid var(--skip); }
.verdict.v-attention { border-left-color: var(--fail); background: #fdf3f3; }
.verdict.v-look { border-left-color: var(--warn); background: #fff8ec; }
.verdict.v-healthy { border-left-color: var(--pass); background: #f1f8f2; }
.verdict-title { font-size: 18px; font-weight: 650; }
.join { margin: 14px 0 4px; }
.health-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px;
  margin-top: 12px; }
.health { border: 1px solid var(--line); border-top: 5px solid var(--skip); border-radius: 8px;
  padding: 10px 14px 12px; background: #fff; break-inside: avoid; }
.health header { display: flex; align-items: center; gap: 8px; font-size: 12px; color: var(--muted);
  text-transform: uppercase; letter-spacing: .05em; font-weight: 600; }
.health h3 { margin: 8px 0 4px; font-size: 15px; }
.health p { font-size: 13px; }
.fix { background: #f4f7fb; border-radius: 6px; padding: 6px 10px; }
.chips { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 14px; }
.chip { border: 1px solid var(--line); border-radius: 999px; padding: 3px 12px; font-size: 13px;
  background: #fafbfc; }
.chip b { font-weight: 650; }
.pill { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 11.5px;
  font-weight: 650; color: #fff; background: var(--skip); white-space: nowrap; vertical-align: 1px; }
.pill.fail { background: var(--fail); } .pill.warn { background: var(--warn); }
.pill.info { background: var(--info); } .pill.pass { background: var(--pass); }
.pill.skip { background: var(--skip); }
.pill.l-critical { background: #7f0000; } .pill.l-error { background: #d32f2f; }
.pill.l-warning { background: #f2a900; color: #3b2a00; } .pill.l-information { background: #78909c; }
.pill.l-verbose { background: #b0bec5; color: #263238; }
.finding { border: 1px solid var(--line); border-left: 5px solid var(--skip); border-radius: 8px;
  padding: 10px 14px; margin: 10px 0; break-inside: avoid; scroll-margin-top: 56px; }
.finding.fail { border-left-color: var(--fail); } .finding.warn { border-left-color: var(--warn); }
.finding.info { border-left-color: var(--info); }
.finding h3 { margin: 2px 0 6px; display: flex; gap: 10px; align-items: baseline; }
.finding .id { color: var(--muted); font-size: 12px; margin-left: auto; white-space: nowrap; }
.finding dl { display: grid; grid-template-columns: 110px 1fr; gap: 4px 12px; margin: 6px 0 0; }
.finding dt { color: var(--muted); font-weight: 600; font-size: 12.5px; }
.finding dd { margin: 0; min-width: 0; }
.finding ol, .finding ul { margin: 0; padding-left: 20px; }
.evidence li { font-family: ui-monospace, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px;
  word-break: break-word; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 5px 10px; border-bottom: 1px solid #edf0f3; }
thead th { background: #f3f6f9; font-size: 12px; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); border-bottom: 1px solid var(--line); }
tbody tr:nth-child(even) { background: #fafbfc; }
tr { break-inside: avoid; }
table.kv th { width: 32%; font-weight: 600; color: #33414f; background: transparent; }
table.kv td { word-break: break-word; font-family: ui-monospace, Consolas, "DejaVu Sans Mono", monospace;
  font-size: 12.5px; }
td.v-bad { color: var(--fail); font-weight: 600; } td.v-warn { color: var(--warn); font-weight: 600; }
.flag { font-family: system-ui, "Segoe UI", Arial, sans-serif; font-size: 11px; font-weight: 650;
  margin-left: 6px; }
td.nowrap, th.nowrap { white-space: nowrap; }
td.msg { word-break: break-word; }
th.log { width: 18%; }
.steps { margin: 4px 0 0; padding-left: 18px; color: var(--muted); font-size: 12px; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 12.5px; color: var(--muted); margin: 4px 0; }
.legend i { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 5px;
  vertical-align: -1px; }
svg.histogram { width: 100%; height: auto; display: block; margin: 6px 0 10px; }
svg.icon { flex: none; }
.more { font-style: italic; color: var(--muted); }
.sections { columns: 3 220px; margin: 4px 0 8px; padding-left: 18px; }
pre { white-space: pre-wrap; word-break: break-word; background: #f7f9fb; border: 1px solid var(--line);
  border-radius: 6px; padding: 8px 10px; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 0 0 30px; }
@media print {
  @page { margin: 14mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #fff; font-size: 11pt; }
  nav.toc { display: none; }
  .masthead { padding: 12px 0; }
  .wrap { max-width: none; padding: 0; }
  .masthead .wrap { padding: 0 14px; }
  .health-grid { grid-template-columns: repeat(3, 1fr); }
  section.card { box-shadow: none; border: none; padding: 0; margin: 0 0 16px; }
  section.card > h2 { border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
  .badge { box-shadow: none; border: 1px solid #ccc; }
  a { color: inherit; }
  h2, h3 { break-after: avoid; }
}
)css"_s;
}

} // namespace Entra::Bundle
