package dev.tripline.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fields somebody reads, each given a slot: compiled rules, exclusions, the category, host, timestamp and
 * {@code event.id} fields register theirs, and an {@link EventDecoder} extracts exactly those into each event's slot
 * array while the bytes are hot, skipping everything else. Reading a registered field of such an event is an array
 * load; any other field is read from the document, parsed on first need.
 *
 * <p>Thread-safe. Slots only grow and never change, so an event decoded before a field was registered simply has no
 * slot for it (and reads it from its document). Registering copies the layout (copy-on-write): decoders that are
 * already running keep the layout they started with. At most {@link #MAX_FIELDS} fields are registered; beyond that a
 * field is read from the document, which is slower but gives the same answer.
 *
 * <p>The first fields, given to the constructor, are the <em>core</em>: those every event is read for (its time,
 * id, host), registered first. A {@linkplain Event#retained() retained} event keeps no slots at all.
 */
public final class FieldRegistry {

    public static final int MAX_FIELDS = 2048;
    /** At most this many strings are registered by {@link #registerValues}; the rest are compared as they come. */
    public static final int MAX_VALUES = 4096;

    private final Map<String, Integer> slots = new ConcurrentHashMap<>();
    private final List<FieldPath> paths = new ArrayList<>();
    private volatile FieldLayout layout;
    private volatile FieldPath partitionField;
    /** the strings rules compare field values with, in the order registered (copy-on-write, guarded by paths) */
    private volatile List<String> values = List.of();

    /** @param core the fields every event is read for (registered first, in this order) */
    public FieldRegistry(Collection<FieldPath> core) {
        this.layout = FieldLayout.build(this, new FieldPath[0]);
        registerAll(core);
    }

    /** A registry with {@code @timestamp} and {@code event.id} as its core. */
    public static FieldRegistry withDefaults() {
        return new FieldRegistry(List.of(Event.DEFAULT_TIMESTAMP, Event.EVENT_ID));
    }

    /** Registers the fields that are not registered yet (once a layout is full, the rest are left to documents). */
    public void registerAll(Collection<FieldPath> fields) {
        synchronized (paths) {
            boolean added = false;
            for (FieldPath field : fields) {
                if (paths.size() >= MAX_FIELDS) {
                    break;
                }
                if (!slots.containsKey(field.toString())) {
                    slots.put(field.toString(), paths.size());
                    paths.add(field);
                    added = true;
                }
            }
            if (added) {
                layout = FieldLayout.build(this, paths.toArray(FieldPath[]::new));
            }
        }
    }

    public void register(FieldPath... fields) {
        registerAll(Arrays.asList(fields));
    }

    /**
     * Registers the field that partitions events (the engine's host field) and has decoders fingerprint its value in
     * every event they build (see {@link Event#isPartitionedBy}), while the bytes are hot. The first field given
     * stays: an engine partitioned by another field fingerprints its events' values itself.
     */
    public void partitionBy(FieldPath field) {
        register(field);
        synchronized (paths) {
            if (partitionField == null && slots.containsKey(field.toString())) {
                partitionField = field;
            }
        }
    }

    /**
     * Registers strings that installed rules compare field values with (categories, actions, the operating system):
     * decoders then hand out an event's value equal to one of them as that very {@code String}, so that the rule's
     * comparison and the engine's lookup by it find the same instance and need not compare characters. The first
     * instance registered of each string stays; beyond {@link #MAX_VALUES} strings, the rest are not registered.
     */
    public void registerValues(Collection<String> strings) {
        synchronized (paths) {
            Set<String> next = new LinkedHashSet<>(values);
            for (String value : strings) {
                if (next.size() >= MAX_VALUES) {
                    break;
                }
                next.add(value);
            }
            if (next.size() != values.size()) {
                values = List.copyOf(next);
            }
        }
    }

    /** The strings registered by {@link #registerValues}, in the order registered; a new list after every change. */
    public List<String> values() {
        return values;
    }

    /** The field decoders fingerprint, or {@code null}. */
    public FieldPath partitionField() {
        return partitionField;
    }

    /** How many fields are registered. */
    public int size() {
        return layout.size();
    }

    /** Whether the field has a slot. */
    public boolean isRegistered(FieldPath field) {
        return slots.containsKey(field.toString());
    }

    int slotOf(FieldPath field) {
        Integer slot = slots.get(field.toString());
        return slot == null ? -1 : slot;
    }

    /** The current layout: what a decoder starting now extracts. */
    FieldLayout layout() {
        return layout;
    }
}
