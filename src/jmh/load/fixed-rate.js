// autocannon at a fixed request rate (open loop, so a slow answer does not slow the offered load), POSTing the
// pre-generated batch files in order, starting after file <start>, each once.
//   node fixed-rate.js <base url> <batches per second, 0 = as fast as 8 connections go> <amount of requests>
//        <batch dir> <start> <api key> [ext]
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

const options = {
  url,
  connections: Number(rate) > 0 ? 32 : 8,
  amount: Number(amount),
  timeout: 60,
  requests: [{
    method: 'POST',
    path: '/api/v1/events',
    headers: {
      'content-type': ext.includes('ndjson') ? 'application/x-ndjson' : 'application/json',
      ...(ext.endsWith('.gz') ? { 'content-encoding': 'gzip' } : {}),
      authorization: `ApiKey ${key}`,
    },
    setupRequest: (request) => ({ ...request, body: body() }),
  }],
};
if (Number(rate) > 0) {
  options.overallRate = Number(rate);
}
const instance = autocannon(options, (error, result) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  console.log(JSON.stringify({
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    rate_per_s: Math.round(result.requests.total / result.duration * 10) / 10,
    latency_ms: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    last_file: next,
  }));
});
autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
