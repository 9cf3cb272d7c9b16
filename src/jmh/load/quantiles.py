#!/usr/bin/env python3
"""Quantiles of a Prometheus histogram between two scrapes, as histogram_quantile() over their difference would give.

    quantiles.py <before.txt> <after.txt> <metric> [<metric>...]

For each metric (e.g. tripline_alerts_latency_seconds, or one series of it: tripline_ingest_phase_seconds{phase="decode"})
prints the number of observations between the scrapes and p50/p90/p99 in milliseconds, interpolated linearly inside the
bucket that holds the quantile. Without a label the series of the metric are added up.
"""
import re
import sys

BUCKET = re.compile(r'^(?P<name>[a-z_]+)_bucket\{(?P<labels>[^}]*)\} (?P<value>\S+)')


def buckets(path, metric):
    name, _, label = metric.partition('{')
    label = label.rstrip('}')
    counts = {}
    with open(path) as scrape:
        for line in scrape:
            m = BUCKET.match(line)
            if not m or m.group('name') != name or label not in m.group('labels'):
                continue
            le = re.search(r'le="([^"]+)"', m.group('labels')).group(1)
            bound = float('inf') if le == '+Inf' else float(le)
            counts[bound] = counts.get(bound, 0.0) + float(m.group('value'))
    return counts


def quantile(q, bounds, cumulative):
    total = cumulative[-1]
    rank = q * total
    lower, below = 0.0, 0.0
    for bound, count in zip(bounds, cumulative):
        if count >= rank:
            if bound == float('inf'):
                return lower
            inside = count - below
            return lower + (bound - lower) * ((rank - below) / inside if inside else 0)
        lower, below = bound, count
    return lower


def main(before_path, after_path, *metrics):
    for metric in metrics:
        before, after = buckets(before_path, metric), buckets(after_path, metric)
        bounds = sorted(after)
        cumulative = [after[b] - before.get(b, 0.0) for b in bounds]
        if not bounds or cumulative[-1] == 0:
            print(f'{metric}: no observations')
            continue
        values = ', '.join(f'p{int(q * 100)} {quantile(q, bounds, cumulative) * 1000:.1f} ms' for q in (0.5, 0.9, 0.99))
        print(f'{metric}: {int(cumulative[-1])} observations: {values}')


if __name__ == '__main__':
    main(*sys.argv[1:])
