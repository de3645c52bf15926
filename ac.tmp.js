const autocannon = require('/work/main/node_modules/autocannon');
const { Client } = require('/work/main/node_modules/pg');
(async () => {
  const c = new Client('postgres://postgres@127.0.0.1:5432/line_tracker_bench'); await c.connect();
  const codes = (await c.query(`SELECT code FROM local_governments WHERE kind <> 'prefecture'`)).rows.map(r => r.code); await c.end();
  let seed = 1; const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const paths = Array.from({ length: 5000 }, () => `/v1/availability?localGovernment=${codes[Math.floor(rnd() * codes.length)]}&at=${encodeURIComponent(new Date(Date.now() + Math.floor(rnd() * 7 * 86400000 / 60000) * 60000).toISOString())}${process.env.EXTRA || ''}`);
  let next = 0;
  const r = await autocannon({ url: 'http://127.0.0.1:39999', connections: 50, duration: Number(process.env.DUR || 10), requests: [{ method: 'GET', setupRequest: (req) => { req.path = paths[next++ % paths.length]; return req; } }] });
  console.log(`req/s ${(r.requests.total / r.duration).toFixed(1)} p50 ${r.latency.p50} p99 ${r.latency.p99} non2xx ${r.non2xx} errors ${r.errors} bytes/req ${Math.round(r.throughput.total / r.requests.total)}`);
})();
