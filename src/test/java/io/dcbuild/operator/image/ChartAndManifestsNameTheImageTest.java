package io.dcbuild.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dcbuild.operator.testing.ProjectPom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart and the manifests install the image {@code make image} produces: tagged with the pom's version (the
 * version the packaged app carries, {@link PackagedApp#version()}), run as the image's numeric user. A version bump
 * in one place and not the others fails here.
 */
class ChartAndManifestsNameTheImageTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path CHART = Path.of("charts", "devcontainer-build-operator");
    private static final Path MANIFESTS = Path.of("deploy", "manifests", "operator.yaml");
    private static final Pattern IMAGE_MENTION = Pattern.compile("ghcr\\.io/dcbuild/devcontainer-build-operator:([^\\s`\"']+)");

    @Test
    void theChartsAppVersionAndTheManifestsImageTagAreThePomVersion() throws IOException {
        String version = ProjectPom.version();
        JsonNode chart = YAML.readTree(CHART.resolve("Chart.yaml").toFile());
        JsonNode values = YAML.readTree(CHART.resolve("values.yaml").toFile());
        JsonNode container = operatorContainer();

        assertThat(chart.path("appVersion").asText()).as("Chart.yaml appVersion").isEqualTo(version);
        assertThat(values.at("/image/tag").asText()).as("values.yaml image.tag: empty, the appVersion").isEmpty();
        assertThat(container.path("image").asText()).as(MANIFESTS + ": the operator's image")
                .isEqualTo(values.at("/image/repository").asText() + ":" + version);
    }

    @Test
    void everyFileNamingTheImageNamesThePomVersion() throws IOException {
        String version = ProjectPom.version();
        List<String> mentions = new ArrayList<>();
        for (Path root : List.of(Path.of("README.md"), Path.of("examples"), Path.of("deploy"), Path.of("charts"),
                Path.of("docs"))) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Matcher matcher = IMAGE_MENTION.matcher(Files.readString(file));
                    while (matcher.find()) {
                        mentions.add(file + ": " + matcher.group(1));
                    }
                }
            }
        }
        assertThat(mentions).as("files naming ghcr.io/dcbuild/devcontainer-build-operator:<tag>").isNotEmpty()
                .allSatisfy(mention -> assertThat(mention).endsWith(": " + version));
    }

    @Test
    void theChartAndTheManifestsRunTheOperatorAsTheImagesUser() throws IOException {
        String[] user = OperatorImage.USER.split(":");
        JsonNode values = YAML.readTree(CHART.resolve("values.yaml").toFile());
        JsonNode pod = deployment().at("/spec/template/spec/securityContext");

        for (JsonNode securityContext : List.of(values.path("podSecurityContext"), pod)) {
            assertThat(securityContext.path("runAsNonRoot").asBoolean()).as("runAsNonRoot in %s", securityContext)
                    .isTrue();
            assertThat(securityContext.path("runAsUser").asText()).isEqualTo(user[0]);
            assertThat(securityContext.path("runAsGroup").asText()).isEqualTo(user[1]);
        }
    }

    private static JsonNode operatorContainer() throws IOException {
        for (JsonNode container : deployment().at("/spec/template/spec/containers")) {
            if (container.path("name").asText().equals("operator")) {
                return container;
            }
        }
        throw new AssertionError(MANIFESTS + " has no container named operator");
    }

    private static JsonNode deployment() throws IOException {
        try (var documents = YAML.readValues(YAML.createParser(MANIFESTS.toFile()), JsonNode.class)) {
            for (JsonNode document : documents.readAll()) {
                if (document != null && document.path("kind").asText().equals("Deployment")) {
                    return document;
                }
            }
        }
        throw new AssertionError(MANIFESTS + " has no Deployment");
    }
}
