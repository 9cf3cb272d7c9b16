package dev.tripline.engine;

import dev.tripline.event.Event;
import java.util.List;

/** The evaluation order of a batch: by event time, ties in arrival order. */
final class EventOrder {

    /** What {@link Event#warm()} returned for the last batch: kept so that its reads are not compiled away. */
    @SuppressWarnings("unused")
    private static int sink;

    private EventOrder() {
    }

    /**
     * Copies the events into {@code copy} (at least as long) and orders them.
     *
     * @return {@code null} when the events are already in order (the common case: nothing to do), else
     *     {@code order} filled with the input indexes in evaluation order (a stable merge sort)
     */
    static int[] sort(List<Event> events, Event[] copy, int[] order, int[] scratch) {
        int n = events.size();
        boolean sorted = true;
        long previous = Long.MIN_VALUE;
        int warmed = 0;
        // the first pass over the batch: every event and its slots are read here, in a short loop with many of these
        // cache misses in flight at once, rather than one after another as each event's turn comes
        for (int i = 0; i < n; i++) {
            Event event = events.get(i);
            copy[i] = event;
            long time = event.timestampNanos();
            sorted &= previous <= time;
            previous = time;
            warmed += event.warm();
        }
        sink = warmed;
        if (sorted) {
            return null;
        }
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            times[i] = copy[i].timestampNanos();
        }
        mergeSort(order, scratch, 0, n, times);
        return order;
    }

    private static void mergeSort(int[] a, int[] tmp, int from, int to, long[] times) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, times);
        mergeSort(a, tmp, mid, to, times);
        if (times[a[mid - 1]] <= times[a[mid]]) {
            return;
        }
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            tmp[k++] = times[a[j]] < times[a[i]] ? a[j++] : a[i++];
        }
        while (i < mid) {
            tmp[k++] = a[i++];
        }
        while (j < to) {
            tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, from, a, from, to - from);
    }
}
