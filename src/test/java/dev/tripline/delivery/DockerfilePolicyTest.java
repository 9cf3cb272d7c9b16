package dev.tripline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests run, so the image cannot be built here; these checks hold the Dockerfile
 * to what it must be: a wrapper build, a JRE runtime stage, a non-root user, layers, and a health check.
 */
class DockerfilePolicyTest {

    private static List<String> instructions;

    @BeforeAll
    static void readDockerfile() throws IOException {
        instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            instructions.add(current.toString());
            current.setLength(0);
        }
    }

    @Test
    void buildsWithTheMavenWrapperInAStageOfItsOwn() {
        List<String> froms = starting("FROM ");
        assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
        assertThat(froms.get(0)).contains("-jdk").contains(" AS build");
        assertThat(starting("RUN ")).anyMatch(run -> run.contains("./mvnw") && run.contains("package"));
    }

    @Test
    void runsOnAJreAsANonRootUser() {
        List<String> froms = starting("FROM ");
        assertThat(froms.get(froms.size() - 1)).contains("-jre");
        List<String> users = afterLastFrom("USER ");
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).substring("USER ".length()).split(":")[0].strip();
        assertThat(user).isNotIn("root", "0");
    }

    @Test
    void copiesTheJarAsLayersAndStartsTheLauncher() {
        assertThat(afterLastFrom("COPY --from=build /layers/")).hasSize(4);
        assertThat(afterLastFrom("ENTRYPOINT ")).singleElement().asString().contains("JarLauncher");
    }

    @Test
    void runsWithTheLowPauseCollector() {
        assertThat(afterLastFrom("ENV ")).anySatisfy(env -> assertThat(env).contains("JAVA_TOOL_OPTIONS=\"-XX:+UseZGC"));
    }

    @Test
    void declaresAHealthCheckOnLivenessAndThePort() {
        assertThat(afterLastFrom("HEALTHCHECK ")).singleElement().asString().contains("/actuator/health/liveness");
        assertThat(afterLastFrom("EXPOSE ")).containsExactly("EXPOSE 8080");
    }

    private static List<String> starting(String prefix) {
        return instructions.stream().filter(i -> i.startsWith(prefix)).toList();
    }

    private static List<String> afterLastFrom(String prefix) {
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                lastFrom = i;
            }
        }
        return instructions.subList(lastFrom, instructions.size()).stream().filter(i -> i.startsWith(prefix)).toList();
    }
}
