// Open-loop load at a fixed request rate: POSTs the pre-generated batch files in order, starting after file <start>,
// each once, the i-th at start + i/R seconds whatever the answers before it (keep-alive connections, as many as are
// busy). A plain Node http client and one timer: unlike one autocannon instance per request per second, it adds
// little work of its own, so the requests leave when they are due instead of in bursts after the tool falls behind.
//   node open-loop.js <base url> <batches per second> <amount of requests> <batch dir> <start> <api key> [ext]
// Prints one JSON line: requests, non-2xx answers, errors, achieved rate, latency percentiles (ms) from the moment each
// request was due ("due": what a client on its schedule sees, tool delays included) and from the moment it was sent
// ("sent"), how late requests left (ms), and the last file sent.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

const [url, rate, amount, dir, start, key, ext = '.json'] = process.argv.slice(2);
const base = new URL(url);
const perSecond = Number(rate);
const total = Number(amount);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const headers = {
  'content-type': ext.includes('ndjson') ? 'application/x-ndjson' : 'application/json',
  ...(ext.endsWith('.gz') ? { 'content-encoding': 'gzip' } : {}),
  authorization: `ApiKey ${key}`,
};

let next = Number(start);
let sent = 0;
let answered = 0;
let non2xx = 0;
let errors = 0;
const fromDue = [];
const fromSent = [];
const lateness = [];
const begin = process.hrtime.bigint();
const dueAt = (i) => begin + BigInt(Math.round(i * 1e9 / perSecond));
const ms = (nanos) => Number(nanos) / 1e6;

function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] * 10) / 10;
}

function finish() {
  answered += 1;
  if (answered < total) return;
  const seconds = ms(process.hrtime.bigint() - begin) / 1000;
  const summary = (values) => ({ p50: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99),
    max: percentile(values, 100) });
  console.log(JSON.stringify({
    requests: total, non2xx, errors, seconds: Math.round(seconds * 100) / 100,
    rate_per_s: Math.round(total / seconds * 10) / 10,
    latency_ms: summary(fromDue), latency_from_sent_ms: summary(fromSent), sent_late_ms: summary(lateness),
    last_file: next,
  }));
  agent.destroy();
}

function send(i) {
  next += 1;
  const body = fs.readFileSync(path.join(dir, `batch-${String(next).padStart(6, '0')}${ext}`));
  const due = dueAt(i);
  const leaving = process.hrtime.bigint();
  lateness.push(ms(leaving - due));
  const request = http.request({ host: base.hostname, port: base.port, path: '/api/v1/events', method: 'POST',
    agent, headers: { ...headers, 'content-length': body.length } }, (response) => {
    response.resume();
    response.on('end', () => {
      const now = process.hrtime.bigint();
      fromDue.push(ms(now - due));
      fromSent.push(ms(now - leaving));
      if (response.statusCode < 200 || response.statusCode > 299) non2xx += 1;
      finish();
    });
  });
  request.on('error', () => { errors += 1; finish(); });
  request.end(body);
}

function tick() {
  const now = process.hrtime.bigint();
  while (sent < total && dueAt(sent) <= now) {
    send(sent);
    sent += 1;
  }
  if (sent < total) setTimeout(tick, Math.max(0, Math.floor(ms(dueAt(sent) - process.hrtime.bigint()))));
}
tick();
