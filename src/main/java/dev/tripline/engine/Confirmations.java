package dev.tripline.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keys holding candidates that wait for event time to pass a trailing missing-event window. A batch takes the ones
 * whose host clock has passed the deadline, confirms them under the key's lock and emits the matches with its own;
 * if the batch rolls back they go back. Only rules with a trailing {@code ![...]} stage ever put anything here.
 */
final class Confirmations {

    record Due(long deadline, PartialKey key, HostClocks.Host host) {
    }

    private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> Long.compare(a.deadline(), b.deadline()));
    private final long latenessNanos;
    private final HostClocks clocks;

    Confirmations(long latenessNanos, HostClocks clocks) {
        this.latenessNanos = latenessNanos;
        this.clocks = clocks;
    }

    synchronized void offer(Due due) {
        queue.add(due);
    }

    synchronized void offerAll(List<Due> dues) {
        queue.addAll(dues);
    }

    /** Removes and returns the keys whose deadline their host's committed clock has passed by the lateness. */
    synchronized List<Due> takeDue(long newestCommitted) {
        if (queue.isEmpty() || queue.peek().deadline() >= newestCommitted - latenessNanos) {
            return List.of();
        }
        List<Due> due = new ArrayList<>();
        List<Due> notYet = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().deadline() < newestCommitted - latenessNanos) {
            Due d = queue.poll();
            if (d.key().rule.retired) {
                continue;
            }
            if (d.deadline() < clocks.committed(d.host()) - latenessNanos) {
                due.add(d);
            } else {
                notYet.add(d);
            }
        }
        queue.addAll(notYet);
        return due;
    }

    synchronized int size() {
        return queue.size();
    }
}
