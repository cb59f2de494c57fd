package io.dcbuild.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRDs (deploy/crds/ and the chart's copies) serve {@code kubectl explain} and {@code kubectl get}:
 * every field has a description, from the schema root down to the properties of array items and map values, and
 * the printer columns come in the order a user reads them, Age last. Plain JUnit: no Quarkus, no cluster.
 * CrdDriftTest checks that these files are what the build generates; after changing an API class, run
 * {@code make crds}.
 */
class CrdSchemaDescriptionTest {

    private static final List<Path> DIRECTORIES = List.of(Path.of("deploy/crds"),
            Path.of("charts/devcontainer-build-operator/crds"));
    private static final Map<String, List<String>> COLUMNS = Map.of(
            "devcontainerbuilds.dcbuild.io-v1.yml", List.of("Phase", "Image", "Commit", "Cache", "Age"),
            "devcontainerbuildpolicies.dcbuild.io-v1.yml", List.of("Priority", "Builds", "Age"),
            "devcontainerbuildruns.dcbuild.io-v1.yml", List.of("Phase", "Image", "Commit", "Requested-By", "Age"));
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Stream<Path> crdFiles() {
        return DIRECTORIES.stream().flatMap(directory -> COLUMNS.keySet().stream().sorted().map(directory::resolve));
    }

    static Stream<Arguments> crdFilesAndColumns() {
        return crdFiles().map(file -> Arguments.of(file, COLUMNS.get(file.getFileName().toString())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crdFiles")
    void everyFieldHasADescription(Path file) throws IOException {
        for (CustomResourceDefinitionVersion version : read(file).getSpec().getVersions()) {
            List<String> undescribed = new ArrayList<>();
            collectUndescribed(version.getSchema().getOpenAPIV3Schema(), "", undescribed);
            assertThat(undescribed)
                    .as("%s, version %s: fields without a description (describe them in the API classes, "
                            + "with @SchemaFrom for Kubernetes model types; then run make crds)", file,
                            version.getName())
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crdFilesAndColumns")
    void printerColumnsComeInReadingOrderWithAgeLast(Path file, List<String> columns) throws IOException {
        for (CustomResourceDefinitionVersion version : read(file).getSpec().getVersions()) {
            List<CustomResourceColumnDefinition> actual = version.getAdditionalPrinterColumns();
            assertThat(actual).as("%s, version %s: printer columns", file, version.getName())
                    .extracting(CustomResourceColumnDefinition::getName)
                    .containsExactlyElementsOf(columns);
            CustomResourceColumnDefinition age = actual.get(actual.size() - 1);
            assertThat(age.getJsonPath()).as("%s: the Age column", file).isEqualTo(".metadata.creationTimestamp");
            assertThat(age.getType()).as("%s: the Age column", file).isEqualTo("date");
        }
    }

    /**
     * Adds the path of every property without a description under {@code schema}. Array items and map values are
     * described by the property holding them; their own properties need descriptions.
     */
    private static void collectUndescribed(JSONSchemaProps schema, String path, List<String> undescribed) {
        if (schema == null) {
            return;
        }
        if (schema.getDescription() == null || schema.getDescription().isBlank()) {
            undescribed.add(path.isEmpty() ? "(schema root)" : path);
        }
        collectNested(schema, path, undescribed);
    }

    private static void collectNested(JSONSchemaProps schema, String path, List<String> undescribed) {
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) -> collectUndescribed(property,
                    path.isEmpty() ? name : path + "." + name, undescribed));
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            collectNested(schema.getItems().getSchema(), path + "[]", undescribed);
        }
        if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
            collectNested(schema.getAdditionalProperties().getSchema(), path + "{}", undescribed);
        }
    }

    private static CustomResourceDefinition read(Path file) throws IOException {
        assertThat(file).as("%s is missing: run make crds", file).exists();
        try (InputStream in = Files.newInputStream(file)) {
            return SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
        }
    }
}
