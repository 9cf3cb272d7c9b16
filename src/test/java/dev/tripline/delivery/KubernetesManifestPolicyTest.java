package dev.tripline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No cluster is reachable where the tests run; these checks parse {@code k8s/*.yaml} and hold the manifests to
 * what a production deployment of Tripline needs.
 */
class KubernetesManifestPolicyTest {

    @Test
    void deploymentProbesLivenessAndReadinessAndWaitsForStartUp() {
        Map<String, Object> container = container();
        assertThat(path(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
    }

    @Test
    void deploymentSetsResourceRequestsAndLimits() {
        Map<String, Object> container = container();
        assertThat(path(container, "resources", "requests", "cpu")).isNotNull();
        assertThat(path(container, "resources", "requests", "memory")).isNotNull();
        assertThat(path(container, "resources", "limits", "memory")).isNotNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void containerRunsRestricted() {
        Map<String, Object> container = container();
        assertThat(path(container, "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(path(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(path(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat((List<Object>) path(container, "securityContext", "capabilities", "drop")).containsExactly("ALL");
        assertThat(path(deployment(), "spec", "template", "spec", "securityContext", "seccompProfile", "type"))
                .isEqualTo("RuntimeDefault");
    }

    @Test
    void secretsReachTheContainerOnlyThroughSecretReferences() {
        List<Map<String, Object>> env = list(container().get("env"));
        assertThat(env).filteredOn(e -> e.get("name").toString().matches(".*(PASSWORD|API_KEYS|SECRET).*"))
                .hasSize(2)
                .allSatisfy(e -> {
                    assertThat(e).doesNotContainKey("value");
                    assertThat(path(e, "valueFrom", "secretKeyRef", "name")).isEqualTo("tripline");
                });
        Map<String, Object> configMap = load("configmap.yaml");
        assertThat(((Map<?, ?>) configMap.get("data")).keySet())
                .noneMatch(key -> key.toString().matches(".*(PASSWORD|API_KEYS|SECRET).*"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void committedSecretHoldsPlaceholdersOnly() {
        Map<String, Object> secret = load("secret.yaml");
        assertThat(secret.get("kind")).isEqualTo("Secret");
        assertThat(((Map<String, Object>) secret.get("stringData")).values()).containsOnly("REPLACE_ME");
    }

    @Test
    void oneInstanceAtATimeBecausePartialMatchesLiveInMemory() {
        assertThat(path(deployment(), "spec", "replicas")).isEqualTo(1);
        assertThat(path(deployment(), "spec", "strategy", "type")).isEqualTo("Recreate");
        assertThat((Integer) path(deployment(), "spec", "template", "spec", "terminationGracePeriodSeconds"))
                .isGreaterThan(20);
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        List<?> resources = (List<?>) load("kustomization.yaml").get("resources");
        try (Stream<Path> files = Files.list(Path.of("k8s"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml")))
                    .containsExactlyInAnyOrderElementsOf(resources.stream().map(Object::toString).toList());
        }
    }

    private static Map<String, Object> deployment() {
        return load("deployment.yaml");
    }

    private static Map<String, Object> container() {
        List<Map<String, Object>> containers = list(path(deployment(), "spec", "template", "spec", "containers"));
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String file) {
        try (InputStream in = Files.newInputStream(Path.of("k8s", file))) {
            return (Map<String, Object>) new Yaml().load(in);
        } catch (IOException e) {
            throw new AssertionError("cannot read k8s/" + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(key);
        }
        return current;
    }
}
