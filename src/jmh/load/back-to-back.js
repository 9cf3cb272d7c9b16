// autocannon as fast as CONNECTIONS (default 8) keep-alive connections go, each sending its next request when the
// previous answer arrives: POSTs the pre-generated batch files in order, starting after file <start>, each once.
// Measures saturation (open-loop.js sends at a fixed rate instead, for latency).
//   node back-to-back.js <base url> <ignored, 0> <amount of requests> <batch dir> <start> <api key> [ext]
// Prints one JSON line: requests sent, non-2xx answers, latency percentiles (ms), achieved rate, last file sent.
'use strict';
const autocannon = require('autocannon');
const fs = require('fs');
const path = require('path');

const [url, , amount, dir, start, key, ext = '.json'] = process.argv.slice(2);
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

const latencies = [];
const connections = Number(process.env.CONNECTIONS || 8);
const instance = autocannon({ url, connections, amount: Number(amount), timeout: 60, requests: [request] },
  (error, result) => {
    if (error) { console.error(error); process.exit(1); }
    report(result.requests.total, result.non2xx, result.errors, result.timeouts, result.duration, latencies);
  });
instance.on('response', (client, statusCode, resBytes, responseTime) => latencies.push(responseTime));
