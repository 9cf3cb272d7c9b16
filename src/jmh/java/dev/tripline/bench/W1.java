package dev.tripline.bench;

import dev.tripline.engine.DetectionEngine;
import dev.tripline.engine.EngineBatch;
import dev.tripline.event.Event;
import dev.tripline.workload.Workload;
import java.util.ArrayList;
import java.util.List;

/** The W1 workload, generated once per JVM, cut into batches; and the run that checks the oracle. */
final class W1 {

    private static Workload workload;
    private static Workload.Shape shapeOf;

    private W1() {
    }

    static synchronized Workload get(Workload.Shape shape) {
        if (workload == null || !shapeOf.equals(shape)) {
            workload = null;
            System.gc();
            long start = System.nanoTime();
            workload = Workload.generate(shape);
            shapeOf = shape;
            System.out.printf("%n[W1] generated %,d events (%,d expected alerts) in %.1f s%n", shape.events(),
                    workload.expectedAlerts(), (System.nanoTime() - start) / 1e9);
        }
        return workload;
    }

    static List<List<Event>> batches(List<Event> events, int size) {
        List<List<Event>> batches = new ArrayList<>();
        for (int i = 0; i < events.size(); i += size) {
            batches.add(events.subList(i, Math.min(events.size(), i + size)));
        }
        return batches;
    }

    /** Runs every batch through the engine, committing each, and fails unless the alert count is the oracle's. */
    static int run(DetectionEngine engine, List<List<Event>> batches, int expectedAlerts) {
        int alerts = 0;
        for (List<Event> batch : batches) {
            try (EngineBatch result = engine.evaluate(batch)) {
                alerts += result.matches().size();
                result.commit();
            }
        }
        if (alerts != expectedAlerts) {
            throw new IllegalStateException("expected " + expectedAlerts + " alerts, the engine raised " + alerts);
        }
        return alerts;
    }
}
