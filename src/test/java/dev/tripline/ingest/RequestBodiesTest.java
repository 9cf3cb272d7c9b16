package dev.tripline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

    @Test
    void anArrayGivenBackIsHandedOutAgainWithTheBodyItHeldZeroed() {
        RequestBodies bodies = new RequestBodies(2, 1 << 20);
        byte[] first = bodies.take(1000);
        Arrays.fill(first, 0, 1000, (byte) 'x');

        bodies.release(first, 1000);
        byte[] second = bodies.take(900);

        assertThat(second).isSameAs(first);
        for (byte b : second) {
            assertThat(b).isZero();
        }
    }

    @Test
    void aBodyOfSeveralZeroingBlocksIsZeroedToItsLastByteAndNoFurther() {
        RequestBodies bodies = new RequestBodies(2, 1 << 20);
        int used = 3 * 64 * 1024 + 17;
        byte[] array = bodies.take(used + 100);
        Arrays.fill(array, (byte) 'x');

        bodies.release(array, used);

        int firstNotZeroed = IntStream.range(0, used).filter(i -> array[i] != 0).findFirst().orElse(-1);
        assertThat(firstNotZeroed).as("first byte of the body left as it was").isEqualTo(-1);
        assertThat(array[used]).as("first byte after the body").isEqualTo((byte) 'x');
    }

    @Test
    void aNewArrayHasRoomForALongerNextBodyWithinTheLimit() {
        RequestBodies bodies = new RequestBodies(2, 2_000_000);

        assertThat(bodies.take(1_000_000).length).isBetween(1_250_000, 1_250_000 + 64 * 1024);
        assertThat(bodies.take(1_900_000).length).isEqualTo(2_000_000);
    }

    @Test
    void aKeptArrayTooShortForTheBodyIsReplacedByALongerOne() {
        RequestBodies bodies = new RequestBodies(2, 1 << 20);
        byte[] short_ = bodies.take(1000);
        bodies.release(short_, 1000);

        byte[] longer = bodies.take(short_.length + 1);

        assertThat(longer).isNotSameAs(short_);
        assertThat(longer.length).isGreaterThan(short_.length);
        assertThat(bodies.kept()).isZero();
    }

    @Test
    void aBodyLongerThanTheLimitGetsAnArrayOfItsOwnThatIsNotKept() {
        RequestBodies bodies = new RequestBodies(2, 1000);
        byte[] array = bodies.take(5000);

        assertThat(array).hasSize(5000);
        bodies.release(array, 5000);
        assertThat(bodies.kept()).isZero();
    }

    @Test
    void keepsNoMoreArraysThanItMayAndTheOthersAreLeftToTheCollector() {
        RequestBodies bodies = new RequestBodies(2, 1 << 20);
        byte[] a = bodies.take(10);
        byte[] b = bodies.take(10);
        byte[] c = bodies.take(10);

        bodies.release(a, 10);
        bodies.release(b, 10);
        bodies.release(c, 10);

        assertThat(bodies.kept()).isEqualTo(2);
    }
}
