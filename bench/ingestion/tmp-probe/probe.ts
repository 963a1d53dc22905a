import { readFileSync } from 'node:fs';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { NdjsonPartCutter } from '../../../libs/ingestion/src/connectors/ndjson';
import { CopyTextRows } from '../../../libs/ingestion/src/connectors/copy-text-rows';
import { rowValueTypes } from '../../../libs/ingestion/src/connectors/pg-values';
import { watermarkTracker } from '../../../libs/ingestion/src/connectors/watermark';

const url = 'postgres://churn:churn@127.0.0.1:5432/churn_bench_source';
const Q = "SELECT customer_id, day, sessions, minutes, data_mb, features_used, updated_at FROM bench_usage WHERE updated_at > '-infinity' ORDER BY updated_at, customer_id, day" + (process.env.LIMIT ? ` LIMIT ${process.env.LIMIT}` : '');
const ticks = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
const mode = process.argv[2] ?? 'json';
const c = new pg.Client({ connectionString: url, types: rowValueTypes });
await c.connect();
const pid = (await c.query('SELECT pg_backend_pid() AS p')).rows[0].p as number;
await c.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL TIME ZONE 'UTC'" + (process.argv.includes('nojit') ? '; SET LOCAL jit = off' : ''));
let t = Date.now(); let s0 = ticks(pid); let c0 = process.cpuUsage();
if (process.argv.includes('max')) {
  await c.query(`SELECT max(q.updated_at) AS m FROM (${Q}) q`);
  console.log('max', (Date.now() - t) / 1000, 's wall; server cpu', ticks(pid) - s0);
  t = Date.now(); s0 = ticks(pid); c0 = process.cpuUsage();
}
const sql = mode === 'bin' ? `COPY (SELECT row_to_json(q) FROM (${Q}) q) TO STDOUT WITH (FORMAT binary)` : mode === 'jsonb' ? `COPY (SELECT to_jsonb(q) FROM (${Q}) q) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')` : mode === 'plain' || mode === 'text' ? `COPY (${Q}) TO STDOUT` : mode === 'json' ? `COPY (SELECT row_to_json(q) FROM (${Q}) q) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`
  : `COPY (SELECT translate(row_to_json(q)::text, E'\\n\\r', '  ') FROM (${Q}) q) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`;
const fields = mode === 'text' ? (await c.query(`SELECT * FROM (${Q}) q LIMIT 0`)).fields : [];
const stream = c.query(copyTo(sql, { highWaterMark: 1 << 20 }));
const cutter = new NdjsonPartCutter(10000);
let bytes = 0, parts = 0, chunks = 0;
const tracker = watermarkTracker(undefined);
const conv = new CopyTextRows(fields, { column: 'updated_at', offer: tracker.offer });
let out = 0;
for await (const chunk of stream as AsyncIterable<Buffer>) { bytes += chunk.length; chunks++; if (mode === 'text') conv.push(chunk, 10000, (p) => { parts++; out += p.body.length; if (parts === 1) console.log(p.body.toString().split('\n')[0]); }); else parts += cutter.push(chunk).length; }
if (mode === 'text') console.log('out MB', out / 1e6, 'watermark', tracker.current());
const cpu = process.cpuUsage(c0);
console.log(mode, (Date.now() - t) / 1000, 's wall;', bytes / 1e6, 'MB', parts, 'parts', chunks, 'chunks; node cpu', (cpu.user + cpu.system) / 1e6, 'server cpu', ticks(pid) - s0);
await c.query('COMMIT'); await c.end();
