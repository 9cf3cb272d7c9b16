package dev.tripline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

class RequestBodyLimitFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RestController
    static class EchoController {
        @PostMapping("/api/v1/echo")
        String echo(HttpServletRequest request) throws IOException {
            byte[] body = request.getInputStream().readAllBytes();
            return body.length + ":" + new String(body, 0, Math.min(body.length, 20), StandardCharsets.UTF_8);
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new EchoController())
            .setControllerAdvice(new ProblemExceptionHandler())
            .addFilters(new RequestBodyLimitFilter(new ProblemWriter(JSON), DataSize.ofBytes(1_000),
                    DataSize.ofBytes(10_000)))
            .build();

    @Test
    void passesABodyWithinTheLimit() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/v1/echo").content("[{\"a\":1}]"))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEqualTo("9:[{\"a\":1}]");
    }

    @Test
    void refusesADeclaredLengthOverTheLimitBeforeReading() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/v1/echo").content(new byte[1_001]))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(JSON.readTree(response.getContentAsString()).get("detail").asString())
                .isEqualTo("The request body has 1001 bytes; the limit is 1000 bytes");
    }

    @Test
    void inflatesGzipBodies() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/v1/echo")
                .header("Content-Encoding", "gzip").content(gzip("x".repeat(5_000).getBytes(StandardCharsets.UTF_8))))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).startsWith("5000:xxxx");
    }

    @Test
    void stopsAGzipBombAtTheDecompressedLimit() throws Exception {
        byte[] bomb = gzip(new byte[500_000]);
        assertThat(bomb.length).isLessThan(1_000);

        MockHttpServletResponse response = mvc.perform(post("/api/v1/echo")
                .header("Content-Encoding", "gzip").content(bomb)).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(JSON.readTree(response.getContentAsString()).get("detail").asString())
                .isEqualTo("The decompressed request body exceeds the limit of 10000 bytes");
    }

    @Test
    void refusesGzipThatIsNotGzip() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/v1/echo")
                .header("Content-Encoding", "gzip").content("plain text")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("not gzip data");
    }

    @Test
    void refusesEncodingsItDoesNotSpeak() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/v1/echo")
                .header("Content-Encoding", "br").content("...")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(415);
        assertThat(JSON.readTree(response.getContentAsString()).get("type").asString())
                .isEqualTo("urn:tripline:problem:unsupported-encoding");
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(data);
        }
        return out.toByteArray();
    }
}
