package dev.tripline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchBuffersTest {

    private static PartialKey key(int i) {
        return PartialKey.of(null, new Object[] {"host-" + i, "entity-" + i}, 2);
    }

    @Test
    void everyTouchedKeyIsFoundByAnEqualKeyAfterTheTableGrewAndNoneAfterClearing() {
        BatchBuffers buffers = new BatchBuffers();
        List<EngineBatch.Touched> touched = buffers.touchedKeys(1);
        List<EngineBatch.Touched> filed = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            EngineBatch.Touched t = new EngineBatch.Touched(key(i), null, null);
            buffers.fileTouched(t);
            filed.add(t);
        }

        assertThat(touched).containsExactlyElementsOf(filed);
        for (int i = 0; i < 300; i++) {
            assertThat(buffers.touchedOf(key(i))).as("key %d", i).isSameAs(filed.get(i));
        }
        assertThat(buffers.touchedOf(key(300))).isNull();

        buffers.clearTouched();

        assertThat(touched).isEmpty();
        assertThat(Arrays.stream(buffers.touchedTable).allMatch(t -> t == null)).as("table emptied").isTrue();
        assertThat(buffers.touchedOf(key(7))).isNull();
    }
}
