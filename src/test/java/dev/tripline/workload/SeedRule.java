package dev.tripline.workload;

import dev.tripline.eql.CategoryMatcher;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.CompiledStage;
import dev.tripline.eql.EventPredicate;
import dev.tripline.eql.JoinKeyField;
import dev.tripline.eql.QueryKind;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * "Potential Reverse Shell via Suspicious Binary" (rule fa3a59dc-33c3-43bf-80a9-e8437a922c7f), its three stages
 * written by hand as predicates: the engine's tests and benchmarks use it where they must not depend on the EQL
 * compiler, and it is the yardstick the compiled rule is measured against.
 */
public final class SeedRule {

    public static final String RULE_ID = "fa3a59dc-33c3-43bf-80a9-e8437a922c7f";
    public static final long MAXSPAN_NANOS = 1_000_000_000L;

    static final List<String> SUSPICIOUS_PATHS = List.of("./*", "/tmp/*", "/var/tmp/*", "/var/www/*", "/dev/shm/*",
            "/etc/init.d/*", "/etc/rc*.d/*", "/etc/crontab", "/etc/cron.*", "/etc/update-motd.d/*",
            "/usr/lib/update-notifier/*", "/boot/*", "/srv/*", "/run/*", "/root/*", "/etc/rc.local");
    static final List<String> SHELLS = List.of("bash", "dash", "sh", "tcsh", "csh", "zsh", "ksh", "fish");
    static final List<String> EXCLUDED_NAMES = List.of("curl", "wget", "ping", "apt", "dpkg", "yum", "rpm", "dnf",
            "dockerd");

    private static final FieldPath OS_TYPE = FieldPath.of("host.os.type");
    private static final FieldPath EVENT_TYPE = FieldPath.of("event.type");
    private static final FieldPath ACTION = FieldPath.of("event.action");
    private static final FieldPath EXECUTABLE = FieldPath.of("process.executable");
    private static final FieldPath NAME = FieldPath.of("process.name");
    private static final FieldPath PARENT_NAME = FieldPath.of("process.parent.name");
    private static final FieldPath DESTINATION_IP = FieldPath.of("destination.ip");
    private static final Glob[] PATH_GLOBS = SUSPICIOUS_PATHS.stream().map(Glob::new).toArray(Glob[]::new);
    private static final String[] SHELL_SET = SHELLS.toArray(String[]::new);
    private static final String[] EXCLUDED_SET = EXCLUDED_NAMES.toArray(String[]::new);

    private SeedRule() {
    }

    public static CompiledQuery query() {
        List<JoinKeyField> keys = List.of(new JoinKeyField(FieldPath.of("host.id"), false),
                new JoinKeyField(FieldPath.of("process.entity_id"), false));
        EventPredicate stage1 = reading(List.of(OS_TYPE, EVENT_TYPE, ACTION, EXECUTABLE, PARENT_NAME, NAME),
                e -> is(e, OS_TYPE, "linux") && contains(e, EVENT_TYPE, "start")
                && is(e, ACTION, "exec") && suspiciousPath(e) && inCaseless(e, PARENT_NAME, SHELL_SET)
                && present(e, NAME) && !inCaseless(e, NAME, EXCLUDED_SET));
        EventPredicate stage2 = reading(List.of(OS_TYPE, EVENT_TYPE, ACTION, EXECUTABLE, DESTINATION_IP),
                e -> is(e, OS_TYPE, "linux") && contains(e, EVENT_TYPE, "start")
                && (is(e, ACTION, "connection_attempted") || is(e, ACTION, "connection_accepted"))
                && suspiciousPath(e) && present(e, DESTINATION_IP) && !is(e, DESTINATION_IP, "127.0.0.1")
                && !is(e, DESTINATION_IP, "::1"));
        EventPredicate stage3 = reading(List.of(OS_TYPE, EVENT_TYPE, ACTION, NAME, PARENT_NAME),
                e -> is(e, OS_TYPE, "linux") && contains(e, EVENT_TYPE, "start")
                && is(e, ACTION, "exec") && inCaseless(e, NAME, SHELL_SET) && inCaseless(e, PARENT_NAME, SHELL_SET));
        List<CompiledStage> stages = List.of(
                new CompiledStage(0, "process", stage1, keys, 1, false),
                new CompiledStage(1, "network", stage2, keys, 1, false),
                new CompiledStage(2, "process", stage3, keys, 1, false));
        return new CompiledQuery("sequence by host.id, process.entity_id with maxspan=1s [process ...] [network ...]"
                + " [process ...]", QueryKind.SEQUENCE, CategoryMatcher.DEFAULT, stages, null, MAXSPAN_NANOS, List.of());
    }

    /** A hand-written predicate that says which fields it reads, as compiled ones do, so decoders extract them. */
    private static EventPredicate reading(List<FieldPath> fields, java.util.function.Predicate<Event> test) {
        return new EventPredicate() {
            @Override
            public boolean test(Event event) {
                return test.test(event);
            }

            @Override
            public java.util.Collection<FieldPath> fields() {
                return fields;
            }
        };
    }

    private static boolean is(Event e, FieldPath path, String value) {
        JsonNode node = e.get(path);
        if (node == null) {
            return false;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (value.equals(node.get(i).stringValue())) {
                    return true;
                }
            }
            return false;
        }
        return node.isString() && value.equals(node.stringValue());
    }

    private static boolean contains(Event e, FieldPath path, String value) {
        return is(e, path, value);
    }

    private static boolean present(Event e, FieldPath path) {
        JsonNode node = e.get(path);
        return node != null && !node.isNull();
    }

    private static boolean inCaseless(Event e, FieldPath path, String[] values) {
        JsonNode node = e.get(path);
        if (node == null || !node.isString()) {
            return false;
        }
        String text = node.stringValue();
        for (String candidate : values) {
            if (candidate.equalsIgnoreCase(text)) {
                return true;
            }
        }
        return false;
    }

    private static boolean suspiciousPath(Event e) {
        JsonNode node = e.get(EXECUTABLE);
        if (node == null || !node.isString()) {
            return false;
        }
        String path = node.stringValue();
        for (Glob glob : PATH_GLOBS) {
            if (glob.matches(path)) {
                return true;
            }
        }
        return false;
    }
}
