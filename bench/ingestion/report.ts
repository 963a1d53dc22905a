import type { ScenarioResult } from './scenario';

const MB = 1_000_000;
const MiB = 1024 * 1024;

/** Speed and memory targets of the issue; REST has none. */
const TARGETS = { csvMBps: 150, dbRowsPerSecond: 300_000, peakRssMiB: 300 };

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;

export const recordsPerSecond = (r: ScenarioResult) => r.records / r.seconds;
export const megabytesPerSecond = (r: ScenarioResult) => r.bytes / MB / r.seconds;

/** One line per measured scenario. */
export function resultLine(r: ScenarioResult): string {
  return (
    `${r.name.padEnd(4)} ${int(r.records)} records, ${(r.bytes / MB).toFixed(1)} MB in ${r.parts} part(s), ${r.seconds.toFixed(2)} s: ` +
    `${int(recordsPerSecond(r))} records/s, ${megabytesPerSecond(r).toFixed(1)} MB/s, ` +
    `peak RSS ${mib(r.peakRss)} (baseline ${mib(r.baselineRss)}, kernel maxRSS ${mib(r.maxRssKernel)}, peak heap ${mib(r.peakHeapUsed)}, peak external ${mib(r.peakExternal)}), ` +
    `CPU ${r.cpuSeconds.toFixed(1)} s${r.serverCpuSeconds > 0 ? ` + Postgres ${r.serverCpuSeconds.toFixed(1)} s` : ''}, load ${r.loadBefore.toFixed(1)}→${r.loadAfter.toFixed(1)}`
  );
}

function verdict(r: ScenarioResult): string {
  const notes: string[] = [];
  if (r.name === 'csv') notes.push(`${megabytesPerSecond(r) >= TARGETS.csvMBps ? 'ok' : 'MISS'} >=${TARGETS.csvMBps} MB/s`);
  if (r.name === 'db') notes.push(`${recordsPerSecond(r) >= TARGETS.dbRowsPerSecond ? 'ok' : 'MISS'} >=300k rows/s`);
  notes.push(`${r.peakRss / MiB < TARGETS.peakRssMiB ? 'ok' : 'MISS'} <${TARGETS.peakRssMiB} MiB`);
  return notes.join(', ');
}

/** The final summary as a fixed-width table. */
export function summaryTable(results: ScenarioResult[]): string {
  const header = ['scenario', 'records', 'MB', 'seconds', 'CPU s', 'records/s', 'MB/s', 'baseline RSS', 'peak RSS', 'growth', 'load', 'targets'];
  const rows = results.map((r) => [
    r.name,
    int(r.records),
    (r.bytes / MB).toFixed(1),
    r.seconds.toFixed(2),
    r.serverCpuSeconds > 0 ? `${r.cpuSeconds.toFixed(1)}+${r.serverCpuSeconds.toFixed(1)}` : r.cpuSeconds.toFixed(1),
    int(recordsPerSecond(r)),
    megabytesPerSecond(r).toFixed(1),
    mib(r.baselineRss),
    mib(r.peakRss),
    mib(r.peakRss - r.baselineRss),
    `${r.loadBefore.toFixed(1)}-${r.loadAfter.toFixed(1)}`,
    verdict(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
