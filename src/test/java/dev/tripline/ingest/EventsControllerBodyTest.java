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
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/events") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        request.setContent(BODY);

        assertThat(EventsController.readBody(request)).isEqualTo(BODY);
    }

    @Test
    void keepsWhatArrivedWhenTheBodyIsShorterThanDeclared() throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/events") {
            @Override
            public long getContentLengthLong() {
                return BODY.length + 100;
            }
        };
        request.setContent(BODY);

        assertThat(EventsController.readBody(request)).isEqualTo(BODY);
    }
}
