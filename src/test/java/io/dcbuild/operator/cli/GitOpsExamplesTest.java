package io.dcbuild.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.policy.EffectivePolicy;
import io.dcbuild.operator.policy.PolicyCompliance;
import io.dcbuild.operator.policy.PolicySpecValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The files under {@code examples/gitops/}: Argo CD and Flux objects (kinds the test API server does not serve, so
 * read as YAML and checked against each other and this repository), and the dcbuild.io objects they sync (read with
 * the API classes, unknown fields refused, and the build allowed by the policy).
 */
class GitOpsExamplesTest {

    private static final Path EXAMPLES = Path.of("examples", "gitops");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The kinds these examples may hold, by apiVersion: what Argo CD 2.x/3.x and Flux 2.x serve. */
    private static final Map<String, Set<String>> KNOWN = Map.of(
            "argoproj.io/v1alpha1", Set.of("Application"),
            "source.toolkit.fluxcd.io/v1", Set.of("GitRepository", "HelmRepository"),
            "kustomize.toolkit.fluxcd.io/v1", Set.of("Kustomization"),
            "helm.toolkit.fluxcd.io/v2", Set.of("HelmRelease"),
            "kustomize.config.k8s.io/v1beta1", Set.of("Kustomization"),
            "v1", Set.of("Namespace"),
            "dcbuild.io/v1alpha1", Set.of("DevContainerBuild", "DevContainerBuildPolicy"));

    @Test
    void everyDocumentHasAKnownApiVersionAndKindAndAName() throws IOException {
        List<Document> documents = documents();

        assertThat(documents).extracting(Document::kind).contains("Application", "GitRepository", "Kustomization",
                "HelmRelease", "DevContainerBuild", "DevContainerBuildPolicy");
        for (Document document : documents) {
            assertThat(KNOWN).as(document.toString()).containsKey(document.apiVersion());
            assertThat(KNOWN.get(document.apiVersion())).as(document.toString()).contains(document.kind());
            if (!document.apiVersion().startsWith("kustomize.config.k8s.io/")) {
                assertThat(document.node().path("metadata").path("name").asText()).as(document.toString())
                        .isNotBlank();
            }
        }
    }

    @Test
    void theArgoCdApplicationsInstallTheChartAndSyncTheTenantsOfThisRepository() throws IOException {
        List<Document> applications = documents().stream().filter(d -> d.kind().equals("Application")).toList();
        String repository = gitRepository().node().path("spec").path("url").asText();

        assertThat(applications).extracting(a -> a.node().path("spec").path("source").path("path").asText())
                .containsExactlyInAnyOrder("charts/devcontainer-build-operator", "examples/gitops/tenants");
        for (Document application : applications) {
            JsonNode source = application.node().path("spec").path("source");
            assertThat(source.path("repoURL").asText()).as(application.toString()).isEqualTo(repository);
            assertThat(Path.of(source.path("path").asText())).as(application.toString()).isDirectory();
            assertThat(application.node().path("spec").path("destination").path("namespace").asText()).isNotBlank();
        }
    }

    @Test
    void theFluxObjectsReferToSourcesPathsAndKustomizationsThatExist() throws IOException {
        List<Document> documents = documents();
        Document source = gitRepository();
        Set<String> kustomizations = documents.stream()
                .filter(d -> d.apiVersion().startsWith("kustomize.toolkit.fluxcd.io/"))
                .map(d -> d.node().path("metadata").path("name").asText()).collect(Collectors.toSet());

        for (Document document : documents) {
            if (document.apiVersion().startsWith("kustomize.toolkit.fluxcd.io/")) {
                JsonNode spec = document.node().path("spec");
                assertThat(spec.path("sourceRef").path("name").asText()).as(document.toString())
                        .isEqualTo(source.node().path("metadata").path("name").asText());
                assertThat(spec.path("path").asText()).as(document.toString()).startsWith("./");
                assertThat(Path.of(spec.path("path").asText())).as(document.toString()).isDirectory();
                spec.path("dependsOn").forEach(dependency -> assertThat(kustomizations).as(document.toString())
                        .contains(dependency.path("name").asText()));
            }
            if (document.kind().equals("HelmRelease")) {
                JsonNode chart = document.node().path("spec").path("chart").path("spec");
                assertThat(chart.path("sourceRef").path("kind").asText()).isEqualTo("GitRepository");
                assertThat(chart.path("sourceRef").path("name").asText())
                        .isEqualTo(source.node().path("metadata").path("name").asText());
                assertThat(Path.of(chart.path("chart").asText()).resolve("Chart.yaml")).isRegularFile();
                assertThat(document.node().path("spec").path("upgrade").path("crds").asText())
                        .as("the CRDs follow the chart on upgrades").isEqualTo("CreateReplace");
            }
        }
        // the directory a cluster applies lists exactly its files but release/, which operator.yaml applies
        Document kustomize = documents.stream().filter(d -> d.apiVersion().startsWith("kustomize.config.k8s.io/"))
                .findFirst().orElseThrow();
        List<String> resources = new ArrayList<>();
        kustomize.node().path("resources").forEach(r -> resources.add(r.asText()));
        try (Stream<Path> files = Files.list(kustomize.file().getParent())) {
            assertThat(resources).containsExactlyInAnyOrderElementsOf(files.filter(Files::isRegularFile)
                    .map(f -> f.getFileName().toString()).filter(name -> !name.equals("kustomization.yaml"))
                    .toList());
        }
    }

    @Test
    void theTenantsPolicyIsValidAndAllowsTheTenantsBuild() throws Exception {
        Path tenants = EXAMPLES.resolve("tenants");
        DevContainerBuildPolicy policy = new ManifestFile().readOne(tenants.resolve("policy.yaml"),
                DevContainerBuildPolicy.class);
        DevContainerBuild build = new ManifestFile().readOne(tenants.resolve("web-app.yaml"), DevContainerBuild.class);

        assertThat(new PolicySpecValidator(true).problems(policy.getSpec())).isEmpty();
        assertThat(PolicyCompliance.violations(build.getSpec(), EffectivePolicy.of(List.of(policy)))).isEmpty();
        Document namespace = documents().stream().filter(d -> d.kind().equals("Namespace")).findFirst().orElseThrow();
        assertThat(namespace.node().path("metadata").path("name").asText())
                .isEqualTo(build.getMetadata().getNamespace());
        assertThat(namespace.node().path("metadata").path("labels").path("dcbuild.io/tenant").asText())
                .as("the label the policy selects").isEqualTo("true");
    }

    private record Document(Path file, String apiVersion, String kind, JsonNode node) {
        @Override
        public String toString() {
            return file + ": " + apiVersion + " " + kind + " " + node.path("metadata").path("name").asText();
        }
    }

    private static Document gitRepository() throws IOException {
        List<Document> sources = documents().stream().filter(d -> d.kind().equals("GitRepository")).toList();
        assertThat(sources).hasSize(1);
        return sources.get(0);
    }

    /** Every YAML document under examples/gitops, each with an apiVersion and a kind. */
    private static List<Document> documents() throws IOException {
        List<Document> documents = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(EXAMPLES)) {
            files = walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                    .toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            try (MappingIterator<JsonNode> nodes = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                while (nodes.hasNext()) {
                    JsonNode node = nodes.next();
                    if (node == null || node.isNull() || node.isMissingNode()) {
                        continue;
                    }
                    assertThat(node.path("apiVersion").asText()).as(file + ": apiVersion").isNotBlank();
                    assertThat(node.path("kind").asText()).as(file + ": kind").isNotBlank();
                    documents.add(new Document(file, node.path("apiVersion").asText(), node.path("kind").asText(),
                            node));
                }
            }
        }
        return documents;
    }
}
