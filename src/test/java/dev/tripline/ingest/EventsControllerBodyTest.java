package dev.tripline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class EventsControllerBodyTest {

    private static final byte[] BODY = "[{\"@timestamp\":\"2026-11-28T08:00:00Z\"}]".getBytes(StandardCharsets.UTF_8);

    @Test
    void readsADeclaredLengthIntoAnArrayOfThatSize() throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/events");
        request.setContent(BODY);

        assertThat(request.getContentLengthLong()).isEqualTo(BODY.length);
        assertThat(EventsController.readBody(request)).isEqualTo(BODY);
    }

    @Test
    void collectsABodyOfUndeclaredLength() throws IOException {
        assertThat(EventsController.readBody(declaring(-1))).isEqualTo(BODY);
    }

    @Test
    void keepsWhatArrivedWhenTheBodyIsShorterThanDeclared() throws IOException {
        assertThat(EventsController.readBody(declaring(BODY.length + 100))).isEqualTo(BODY);
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
