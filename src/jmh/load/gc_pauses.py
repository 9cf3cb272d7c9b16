#!/usr/bin/env python3
"""The service's garbage-collection pauses between two scrapes of /actuator/prometheus.

    gc_pauses.py <before.txt> <after.txt>

Prints how many pauses there were, their total and mean length, from Micrometer's jvm_gc_pause_seconds (count and sum,
all collectors and causes added up). A pause stops every batch in flight, and at 70 % load the backlog it leaves takes
several times its length to drain, so this is the first thing to compare when two runs' latency tails differ. Then the
engine's sweeps in the same span (tripline_engine_sweeps_total, tripline_engine_sweep_seconds_total): a sweep visits
every pending key on a thread of its own, which takes CPU the batches would have had.
"""
import re
import sys

SERIES = re.compile(r'^jvm_gc_pause_seconds_(?P<kind>count|sum)\{[^}]*\} (?P<value>\S+)')


def totals(path):
    count, seconds = 0.0, 0.0
    with open(path) as scrape:
        for line in scrape:
            m = SERIES.match(line)
            if m:
                if m.group('kind') == 'count':
                    count += float(m.group('value'))
                else:
                    seconds += float(m.group('value'))
    return count, seconds


def counter(path, name):
    pattern = re.compile('^' + name + r'\{[^}]*\} (?P<value>\S+)')
    with open(path) as scrape:
        for line in scrape:
            m = pattern.match(line)
            if m:
                return float(m.group('value'))
    return 0.0


def main(before_path, after_path):
    sweeps = counter(after_path, 'tripline_engine_sweeps_total') - counter(before_path, 'tripline_engine_sweeps_total')
    sweep_seconds = (counter(after_path, 'tripline_engine_sweep_seconds_total')
                     - counter(before_path, 'tripline_engine_sweep_seconds_total'))
    print(f'engine sweeps: {int(sweeps)}, {sweep_seconds * 1000:.0f} ms in all')
    count_before, seconds_before = totals(before_path)
    count_after, seconds_after = totals(after_path)
    count, seconds = count_after - count_before, seconds_after - seconds_before
    if count <= 0:
        print('GC pauses: none')
        return
    print(f'GC pauses: {int(count)}, {seconds * 1000:.0f} ms in all, mean {seconds * 1000 / count:.1f} ms')


if __name__ == '__main__':
    main(*sys.argv[1:])
