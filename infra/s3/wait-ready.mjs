// Exits 0 once the S3 endpoint answers HeadBucket for the bucket with the given
// credentials, 1 on timeout. Usage: node wait-ready.mjs <endpoint> <bucket> <timeoutSeconds>
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';

const [endpoint, bucket, timeoutS = '30'] = process.argv.slice(2);
const client = new S3Client({
  endpoint,
  region: process.env.S3_REGION ?? 'us-east-1',
  forcePathStyle: true,
  credentials: {
    accessKeyId: process.env.S3_ACCESS_KEY_ID ?? 'S3RVER',
    secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? 'S3RVER',
  },
  maxAttempts: 1,
});
const deadline = Date.now() + Number(timeoutS) * 1000;
let last = 'no attempt';
while (Date.now() < deadline) {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    process.exit(0);
  } catch (err) {
    last = `${err?.name ?? 'Error'}: ${err?.message ?? err} (${err?.$metadata?.httpStatusCode ?? 'no status'})`;
  }
  await new Promise((r) => setTimeout(r, 300));
}
process.stderr.write(`s3: bucket ${bucket} not reachable at ${endpoint}: ${last}\n`);
process.exit(1);
