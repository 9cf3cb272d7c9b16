// autocannon at a fixed request rate, POSTing the pre-generated batch files in order, starting after file <start>, each
// once. At a rate R it runs R one-connection instances of one request per second each, started 1/R s apart: the
// requests arrive evenly spread, and a slow answer delays only its own connection's next request (open loop as long
// as answers take under a second).
//   node fixed-rate.js <base url> <batches per second, 0 = as fast as 8 connections go> <amount of requests>
//        <batch dir> <start> <api key> [ext]
// At rate 0, CONNECTIONS (default 8) connections send back to back.
// Prints one JSON line: requests sent, non-2xx answers, latency percentiles (ms), achieved rate, last file sent.
'use strict';
const autocannon = require('autocannon');
const fs = require('fs');
const path = require('path');

const [url, rate, amount, dir, start, key, ext = '.json'] = process.argv.slice(2);
let next = Number(start);
const body = () => {
  next += 1;
  return fs.readFileSync(path.join(dir, `batch-${String(next).padStart(6, '0')}${ext}`));
};

const headers = {
  'content-type': ext.includes('ndjson') ? 'application/x-ndjson' : 'application/json',
  ...(ext.endsWith('.gz') ? { 'content-encoding': 'gzip' } : {}),
  authorization: `ApiKey ${key}`,
};
const request = {
  method: 'POST',
  path: '/api/v1/events',
  headers,
  setupRequest: (r) => ({ ...r, body: body() }),
};

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] * 10) / 10;
}

function report(requests, non2xx, errors, timeouts, seconds, latencies) {
  latencies.sort((a, b) => a - b);
  console.log(JSON.stringify({
    requests, non2xx, errors, timeouts, seconds: Math.round(seconds * 100) / 100,
    rate_per_s: Math.round(requests / seconds * 10) / 10,
    latency_ms: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99),
      max: latencies.length ? Math.round(latencies[latencies.length - 1] * 10) / 10 : 0 },
    last_file: next,
  }));
}

if (Number(rate) > 0) {
  // autocannon limits a rate per connection and per wall-clock second: every connection sends its share at the start
  // of its second, and connections created together send together, so one instance at R per second offers bursts of
  // R requests (and a share below one per connection rounds down). One connection per request per second, each
  // started 1/R s after the previous, offers the requests evenly spread instead. Latencies are collected from all.
  const perSecond = Number(rate);
  const total = Number(amount);
  const latencies = [];
  let requests = 0; let non2xx = 0; let errors = 0; let timeouts = 0; let finished = 0;
  const begin = process.hrtime.bigint();
  for (let i = 0; i < perSecond; i++) {
    const share = Math.floor(total / perSecond) + (i < total % perSecond ? 1 : 0);
    if (share === 0) { finished++; continue; }
    setTimeout(() => {
      const instance = autocannon({ url, connections: 1, connectionRate: 1, amount: share, timeout: 60,
        requests: [request] }, (error, result) => {
        if (error) { console.error(error); process.exit(1); }
        requests += result.requests.total; non2xx += result.non2xx; errors += result.errors;
        timeouts += result.timeouts;
        if (++finished === perSecond) {
          report(requests, non2xx, errors, timeouts, Number(process.hrtime.bigint() - begin) / 1e9, latencies);
        }
      });
      instance.on('response', (client, statusCode, resBytes, responseTime) => latencies.push(responseTime));
    }, Math.floor(i * 1000 / perSecond));
  }
} else {
  const latencies = [];
  const connections = Number(process.env.CONNECTIONS || 8);
  const instance = autocannon({ url, connections, amount: Number(amount), timeout: 60, requests: [request] },
    (error, result) => {
      if (error) { console.error(error); process.exit(1); }
      report(result.requests.total, result.non2xx, result.errors, result.timeouts, result.duration, latencies);
    });
  instance.on('response', (client, statusCode, resBytes, responseTime) => latencies.push(responseTime));
}
