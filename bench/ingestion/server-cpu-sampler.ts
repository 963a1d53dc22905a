import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime + stime (ticks) of each Postgres backend whose process title names `database`. */
function backendTicks(database: string): Map<string, number> {
  const ticks = new Map<string, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return ticks; // no /proc (not Linux): the figure stays 0
  }
  for (const pid of pids) {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      if (!title.startsWith('postgres: ') || !title.includes(` ${database} `)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      // Fields after the command (which may hold spaces) start after the last ')': utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // the process ended between listing and reading
    }
  }
  return ticks;
}

/**
 * CPU seconds spent by the Postgres backends serving `database` (the source
 * database of the db scenario) while the sampler runs: a backend's time is
 * read every `intervalMs` while it lives (a backend's last interval before it
 * exits is lost: at most `intervalMs` of CPU). Only meaningful where
 * Postgres runs on the same machine (the local infra).
 */
export function startServerCpuSampler(database: string, intervalMs = 200): { stop(): number } {
  const start = backendTicks(database);
  const latest = new Map(start);
  const sample = () => {
    for (const [pid, t] of backendTicks(database)) latest.set(pid, Math.max(t, latest.get(pid) ?? 0));
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      let ticks = 0;
      for (const [pid, t] of latest) ticks += t - (start.get(pid) ?? 0);
      return ticks / TICKS_PER_SECOND;
    },
  };
}
