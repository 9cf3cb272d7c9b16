package dev.tripline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(OutputCaptureExtension.class)
class UnexpectedErrorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RestController
    static class FailingController {

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("connection pool secret-db-host:5432 exhausted");
        }

        @GetMapping("/gone")
        String gone() {
            throw ApiException.notFound("Alert", "a1b2");
        }

        @PostMapping(path = "/echo", consumes = MediaType.APPLICATION_JSON_VALUE)
        String echo(@RequestBody Payload payload) {
            return payload.name();
        }

        record Payload(String name) {
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController())
            .setControllerAdvice(new ProblemExceptionHandler())
            .addFilters(new RequestIdFilter())
            .build();

    @Test
    void unexpectedErrorIsA500ThatRevealsNothingAndCarriesTheLoggedCorrelationId(CapturedOutput output)
            throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/boom")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.getContentAsString());
        String correlationId = problem.get("correlation_id").asString();
        assertThat(correlationId).isNotBlank().isEqualTo(response.getHeader("X-Request-Id"));
        assertThat(problem.get("type").asString()).isEqualTo("urn:tripline:problem:internal-error");
        assertThat(response.getContentAsString()).doesNotContain("secret-db-host").doesNotContain("IllegalState");
        assertThat(output.getOut()).contains("correlation_id=" + correlationId).contains("secret-db-host");
    }

    @Test
    void apiExceptionBecomesItsOwnProblemType() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/gone")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(404);
        JsonNode problem = JSON.readTree(response.getContentAsString());
        assertThat(problem.get("type").asString()).isEqualTo("urn:tripline:problem:not-found");
        assertThat(problem.get("detail").asString()).isEqualTo("Alert a1b2 does not exist");
        assertThat(problem.get("instance").asString()).isEqualTo("/gone");
    }

    @Test
    void malformedJsonIsA400NamingWhereItBroke() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/echo")
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": }")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.getContentAsString());
        assertThat(problem.get("type").asString()).isEqualTo("urn:tripline:problem:malformed-body");
        assertThat(problem.get("detail").asString()).contains("at line 1, column 10");
        assertThat(problem.get("line").asInt()).isEqualTo(1);
    }

    @Test
    void wrongContentTypeIsA415Problem() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/echo")
                .contentType(MediaType.TEXT_PLAIN).content("name")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(415);
        assertThat(JSON.readTree(response.getContentAsString()).get("type").asString())
                .isEqualTo("urn:tripline:problem:unsupported-media-type");
    }
}
