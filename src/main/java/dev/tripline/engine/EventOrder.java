package dev.tripline.engine;

import dev.tripline.event.Event;
import java.util.List;

/** The evaluation order of a batch: by event time, ties in arrival order. */
final class EventOrder {

    private EventOrder() {
    }

    /**
     * @return {@code null} when the events are already in order (the common case: nothing to do), else
     *     {@code order} filled with the input indexes in evaluation order (a stable merge sort)
     */
    static int[] sort(List<Event> events, int[] order, int[] scratch) {
        int n = events.size();
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = events.get(i - 1).timestampNanos() <= events.get(i).timestampNanos();
        }
        if (sorted) {
            return null;
        }
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            times[i] = events.get(i).timestampNanos();
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
