package dev.tripline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class EventsControllerBodyTest {

    private static final byte[] BODY = "[{\"@timestamp\":\"2026-11-28T08:00:00Z\"}]".getBytes(StandardCharsets.UTF_8);

    private final RequestBodies bodies = new RequestBodies(4, 1024 * 1024);

    @Test
    void readsADeclaredLengthIntoAnArrayThatIsGivenBackAndUsedForTheNextBody() throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/events");
        request.setContent(BODY);

        assertThat(request.getContentLengthLong()).isEqualTo(BODY.length);
        RequestBodies.Body body = EventsController.readBody(request, bodies);
        assertThat(content(body)).isEqualTo(BODY);
        bodies.release(body.bytes(), body.length());

        RequestBodies.Body next = EventsController.readBody(declaring(BODY.length), bodies);
        assertThat(next.bytes()).isSameAs(body.bytes());
        assertThat(content(next)).isEqualTo(BODY);
    }

    @Test
    void collectsABodyOfUndeclaredLength() throws IOException {
        RequestBodies.Body body = EventsController.readBody(declaring(-1), bodies);
        assertThat(body.bytes()).isEqualTo(BODY);
        assertThat(body.length()).isEqualTo(BODY.length);
    }

    @Test
    void keepsWhatArrivedWhenTheBodyIsShorterThanDeclared() throws IOException {
        RequestBodies.Body body = EventsController.readBody(declaring(BODY.length + 100), bodies);
        assertThat(body.length()).isEqualTo(BODY.length);
        assertThat(content(body)).isEqualTo(BODY);
    }

    private static byte[] content(RequestBodies.Body body) {
        return Arrays.copyOf(body.bytes(), body.length());
    }

    /** A request carrying {@link #BODY} that declares another length. */
    private static MockHttpServletRequest declaring(long length) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/events") {
            @Override
            public long getContentLengthLong() {
                return length;
            }
        };
        request.setContent(BODY);
        return request;
    }
}
