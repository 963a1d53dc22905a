import { PGlite } from '@electric-sql/pglite';
let t = Date.now();
const a = new PGlite(); await a.waitReady; console.log('first', Date.now() - t);
t = Date.now();
const b = new PGlite(); await b.waitReady; console.log('second', Date.now() - t);
t = Date.now();
const c = await (a as any).clone?.(); console.log('clone', typeof (a as any).clone, Date.now() - t);
t = Date.now();
await b.exec('select 1'); console.log('q', Date.now() - t);
