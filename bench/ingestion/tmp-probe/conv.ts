import { readFileSync } from 'node:fs';
import { CopyTextRows } from '../../../libs/ingestion/src/connectors/copy-text-rows';
import { watermarkTracker } from '../../../libs/ingestion/src/connectors/watermark';
const data = readFileSync('/tmp/pgbench/rows.txt');
const fields = [['customer_id', 25], ['day', 1082], ['sessions', 23], ['minutes', 701], ['data_mb', 701], ['features_used', 23], ['updated_at', 1184]].map(([name, dataTypeID]) => ({ name: name as string, dataTypeID: dataTypeID as number }));
for (let round = 0; round < 4; round++) {
  const tracker = watermarkTracker(undefined);
  const conv = new CopyTextRows(fields, process.argv[2] === 'nowm' ? undefined : { column: 'updated_at', offer: tracker.offer });
  const t = process.hrtime.bigint();
  let parts = 0;
  for (let at = 0; at < data.length; at += 65536) conv.push(data.subarray(at, at + 65536), 10000, () => parts++);
  console.log(round, Number(process.hrtime.bigint() - t) / 1e6, 'ms per 1M rows', parts, tracker.current());
}
