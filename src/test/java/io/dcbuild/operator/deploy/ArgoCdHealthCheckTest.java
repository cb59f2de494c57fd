package io.dcbuild.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.dcbuild.operator.testing.gitops.ArgoCdHealthCheck;
import io.dcbuild.operator.testing.gitops.ArgoCdHealthCheck.Health;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Argo CD health checks under {@code deploy/argocd/}, run with Lua 5.1 as Argo CD runs a check of argocd-cm
 * ({@link ArgoCdHealthCheck}), on sample objects of both kinds: statuses the operator wrote on the real API server
 * ({@code KstatusScenarioTest} runs the checks on live objects too). The expectations are in Argo CD's own format,
 * {@code src/test/resources/argocd/dcbuild.io/<Kind>/health_test.yaml}.
 */
class ArgoCdHealthCheckTest {

    private static final Path SAMPLES = Path.of("src", "test", "resources", "argocd", "dcbuild.io");
    private static final Path CONFIG_MAP = ArgoCdHealthCheck.DIRECTORY.resolve("argocd-cm.yaml");
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "DevContainerBuild", DevContainerBuild.class, "DevContainerBuildPolicy", DevContainerBuildPolicy.class);
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Reads a sample as the operator's API class, refusing fields that class does not have. */
    private static final YAMLMapper STRICT = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final ObjectMapper JSON = new JsonMapper();

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> eachSampleGetsTheVerdictAndTheMessageArgoCdShows() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String kind : new TreeSet<>(KINDS.keySet())) {
            ArgoCdHealthCheck check = ArgoCdHealthCheck.of(kind);
            for (JsonNode test : expectations(kind)) {
                Path sample = SAMPLES.resolve(kind).resolve(test.path("inputPath").asText());
                Health expected = new Health(test.path("healthStatus").path("status").asText(),
                        test.path("healthStatus").path("message").asText());
                tests.add(DynamicTest.dynamicTest(kind + " " + sample.getFileName() + ": " + expected.status(), () -> {
                    STRICT.readValue(sample.toFile(), KINDS.get(kind));
                    String object = JSON.writeValueAsString(YAML.readTree(sample.toFile()));

                    assertThat(check.ofJson(object)).isEqualTo(expected);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void everySampleHasItsExpectation() throws IOException {
        for (String kind : KINDS.keySet()) {
            Set<String> expected = new TreeSet<>();
            expectations(kind).forEach(test -> expected.add(test.path("inputPath").asText()));
            Set<String> samples;
            try (Stream<Path> files = Files.list(SAMPLES.resolve(kind).resolve("testdata"))) {
                samples = files.map(f -> "testdata/" + f.getFileName()).collect(Collectors.toCollection(TreeSet::new));
            }
            assertThat(samples).as(kind).isEqualTo(expected);
        }
    }

    /** The verdicts a check may give, each reached by some sample; Suspended by none (see the scripts' comments). */
    @Test
    void theSamplesReachEveryVerdictButSuspended() throws IOException {
        for (String kind : KINDS.keySet()) {
            Set<String> verdicts = new TreeSet<>();
            expectations(kind).forEach(test -> verdicts.add(test.path("healthStatus").path("status").asText()));
            assertThat(verdicts).as(kind).containsExactly("Degraded", "Healthy", "Progressing");
        }
    }

    @Test
    void theConfigMapFragmentCarriesExactlyTheShippedScripts() throws IOException {
        ConfigMap configMap = YAML.readValue(CONFIG_MAP.toFile(), ConfigMap.class);

        assertThat(configMap.getApiVersion()).isEqualTo("v1");
        assertThat(configMap.getKind()).isEqualTo("ConfigMap");
        assertThat(configMap.getMetadata().getName()).isEqualTo("argocd-cm");
        assertThat(configMap.getData()).containsOnlyKeys(
                "resource.customizations.health.dcbuild.io_DevContainerBuild",
                "resource.customizations.health.dcbuild.io_DevContainerBuildPolicy");
        for (String kind : KINDS.keySet()) {
            assertThat(configMap.getData().get("resource.customizations.health.dcbuild.io_" + kind))
                    .as("the argocd-cm key of %s, against %s", kind, ArgoCdHealthCheck.of(kind).script())
                    .isEqualTo(Files.readString(ArgoCdHealthCheck.of(kind).script()));
        }
    }

    @Test
    void theConfigMapFragmentIsAcceptedByTheApiServer() throws IOException {
        KubernetesClient admin = ControlPlane.shared().admin();
        ConfigMap configMap = YAML.readValue(CONFIG_MAP.toFile(), ConfigMap.class);
        try (TestNamespaces namespaces = new TestNamespaces(admin)) {
            namespaces.create(configMap.getMetadata().getNamespace(), Map.of());

            ConfigMap accepted = admin.configMaps().resource(configMap).dryRun().create();

            assertThat(accepted.getData()).isEqualTo(configMap.getData());
        }
    }

    /** The harness runs a check as Argo CD runs one from argocd-cm: Lua's string library is not there. */
    @Test
    void aCheckThatNeedsLuasStringLibraryFailsAsInArgoCd() throws IOException {
        Path script = dir.resolve("dcbuild.io").resolve("Uses").resolve("health.lua");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "return { status = \"Healthy\", message = (\"ready\"):upper() }\n");

        assertThatThrownBy(() -> ArgoCdHealthCheck.at(script).ofJson("{}"))
                .hasMessageContaining("attempt to index a string value");
    }

    private static List<JsonNode> expectations(String kind) throws IOException {
        List<JsonNode> tests = new ArrayList<>();
        YAML.readTree(SAMPLES.resolve(kind).resolve("health_test.yaml").toFile()).path("tests").forEach(tests::add);
        assertThat(tests).as("the expectations of " + kind).isNotEmpty();
        return tests;
    }
}
