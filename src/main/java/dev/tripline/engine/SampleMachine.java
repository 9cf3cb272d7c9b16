package dev.tripline.engine;

import dev.tripline.event.Event;

/**
 * {@code sample by} for one join key: unordered, one slot per filter, the first event (in event time) that passes a
 * filter fills its slot, and when every slot is filled the sample completes and the slots empty. Samples have no
 * maxspan, so a state lives until the store's memory guard evicts it. As each filter is a separate query in
 * Elasticsearch, one event may fill the slots of several filters.
 */
final class SampleMachine implements Machine {

    private final int filters;
    private final State empty;

    SampleMachine(int filters) {
        this.filters = filters;
        this.empty = new State(new Event[filters]);
    }

    static final class State implements Snapshot {
        final Event[] slots;

        State(Event[] slots) {
            this.slots = slots;
        }

        @Override
        public int pending() {
            for (Event slot : slots) {
                if (slot != null) {
                    return 1;
                }
            }
            return 0;
        }

        @Override
        public boolean isEmpty() {
            return pending() == 0;
        }
    }

    @Override
    public Snapshot relocate(Snapshot snapshot, Relocation relocation) {
        State state = (State) snapshot;
        Event[] slots = relocation.events(state.slots);
        return slots == state.slots ? state : new State(slots);
    }

    @Override
    public Snapshot empty() {
        return empty;
    }

    @Override
    public Snapshot step(Snapshot snapshot, Event event, int hits, StepContext context) {
        State state = (State) snapshot;
        Event[] slots = state.slots;
        for (int i = 0; i < filters; i++) {
            if ((hits & (1 << i)) != 0 && slots[i] == null) {
                if (slots == state.slots) {
                    slots = slots.clone();
                }
                slots[i] = event;
            }
        }
        if (slots == state.slots) {
            return state;
        }
        for (Event slot : slots) {
            if (slot == null) {
                return new State(slots);
            }
        }
        context.complete(slots);
        return empty;
    }

    @Override
    public Snapshot prune(Snapshot state, long bound, StepContext context) {
        return state;
    }

    @Override
    public Snapshot confirm(Snapshot state, long bound, StepContext context) {
        return state;
    }

    @Override
    public Snapshot finish(Snapshot state, StepContext context) {
        return state;
    }

    @Override
    public long nextDeadline(Snapshot state) {
        return Long.MAX_VALUE;
    }

    @Override
    public Event anyEvent(Snapshot snapshot) {
        for (Event slot : ((State) snapshot).slots) {
            if (slot != null) {
                return slot;
            }
        }
        return null;
    }

    @Override
    public int soleStartHits() {
        return 0;
    }

    @Override
    public Snapshot soleStart(Event event) {
        throw new UnsupportedOperationException("samples have no sole-start shape");
    }

    @Override
    public boolean isSoleStart(Snapshot state, Event event) {
        return false;
    }
}
