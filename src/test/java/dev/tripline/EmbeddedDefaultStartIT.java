package dev.tripline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.database.EmbeddedPostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a new user does: start Tripline with no database configured, twice, on the same data directory. Runs the
 * real default path (the embedded PostgreSQL auto-configuration), not the test database configuration.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDefaultStartIT {

    private static final Pattern PRINTED_KEY = Pattern.compile("Authorization: ApiKey (tl_[A-Za-z0-9_-]{43})");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    @Test
    void firstStartCreatesAnAdminKeyThatSurvivesARestartAndStoppingLeavesNoPostgresRunning(CapturedOutput output)
            throws Exception {
        String secret;
        long firstPostmaster;
        try (ConfigurableApplicationContext first = start()) {
            Matcher printed = PRINTED_KEY.matcher(output.getOut());
            assertThat(printed.find()).as("the first start prints an admin key").isTrue();
            secret = printed.group(1);
            assertThat(printed.find()).as("the key is printed once").isFalse();

            assertThat(get(first, "/actuator/health", null).statusCode()).isEqualTo(200);
            assertThat(get(first, "/api/v1/anything", null).statusCode()).isEqualTo(401);
            assertThat(get(first, "/api/v1/anything", secret).statusCode()).isEqualTo(404);

            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            // an acknowledged alert must survive a crash of the machine, not only of the service
            assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM api_keys", Integer.class)).isEqualTo(1);
            byte[] stored = jdbc.queryForObject("SELECT secret_sha256 FROM api_keys", byte[].class);
            assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(secret);
            firstPostmaster = first.getBean(EmbeddedPostgresServer.class).postmasterPid().orElseThrow();
        }
        assertThat(Processes.awaitGone(firstPostmaster, Duration.ofSeconds(10)))
                .as("closing the service stops its PostgreSQL (pid %s)", firstPostmaster).isTrue();

        int printedBefore = countMatches(output.getOut());
        try (ConfigurableApplicationContext second = start()) {
            assertThat(countMatches(output.getOut())).as("a restart prints no new key").isEqualTo(printedBefore);
            assertThat(get(second, "/api/v1/anything", secret).statusCode())
                    .as("the stored hash still accepts the key after a restart").isEqualTo(404);
            assertThat(second.getBean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM api_keys", Integer.class))
                    .isEqualTo(1);
        }
    }

    @Test
    void readinessGoesDownWhenTheDatabaseIsUnreachableWhileLivenessStaysUp() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(get(context, "/actuator/health/readiness", null).statusCode()).isEqualTo(200);

            context.getBean(EmbeddedPostgresServer.class).close();

            HttpResponse<String> readiness = get(context, "/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"DOWN\"");
            assertThat(get(context, "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void ecsLogFormatWritesOneJsonDocumentPerLineAndNeverTheKey(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext context = start("--logging.structured.format.console=ecs")) {
            assertThat(get(context, "/actuator/health", null).statusCode()).isEqualTo(200);
        }
        JsonMapper json = JsonMapper.builder().build();
        Optional<String> started = output.getOut().lines()
                .filter(line -> line.startsWith("{") && line.contains("\"message\":\"Started "))
                .findFirst();
        assertThat(started).as("the start-up line is an ECS JSON document").isPresent();
        var document = json.readTree(started.get());
        assertThat(document.path("ecs").path("version").asString()).isNotEmpty();
        assertThat(document.path("log").path("level").asString()).isEqualTo("INFO");
        assertThat(document.path("service").path("name").asString()).isEqualTo("tripline");
        Matcher printed = PRINTED_KEY.matcher(output.getOut());
        assertThat(printed.find()).isTrue();
        assertThat(output.getOut().lines().filter(line -> line.startsWith("{"))
                .noneMatch(line -> line.contains(printed.group(1))))
                .as("the secret goes to the console banner only, never into a log document").isTrue();
    }

    private ConfigurableApplicationContext start(String... extraArgs) {
        String[] args = new String[extraArgs.length + 3];
        args[0] = "--server.port=0";
        args[1] = "--tripline.data-dir=" + dataDir;
        args[2] = "--tripline.api-keys=";
        System.arraycopy(extraArgs, 0, args, 3, extraArgs.length);
        return new SpringApplicationBuilder(TriplineApplication.class).run(args);
    }

    private HttpResponse<String> get(ConfigurableApplicationContext context, String path, String secret)
            throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (secret != null) {
            request.header("Authorization", "ApiKey " + secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int countMatches(String text) {
        Matcher matcher = PRINTED_KEY.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
