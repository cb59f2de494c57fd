package io.dcbuild.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.testing.controlplane.OperatorOnControlPlane;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs committed under deploy/crds/ and in the chart must equal what the build generates from the Java API
 * classes (Quarkus Operator SDK writes them to target/kubernetes/ when the application is built, also for tests).
 * Run {@code make crds} after changing an API class.
 */
@QuarkusTest
@WithTestResource(value = OperatorOnControlPlane.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CrdDriftTest {

    static List<String> crdFiles() {
        return List.of("devcontainerbuilds.dcbuild.io-v1.yml", "devcontainerbuildpolicies.dcbuild.io-v1.yml",
                "devcontainerbuildruns.dcbuild.io-v1.yml");
    }

    @ParameterizedTest
    @MethodSource("crdFiles")
    void committedCrdMatchesTheGeneratedOne(String file) throws IOException {
        Path generated = Path.of("target/kubernetes", file);
        assertThat(generated).as("generated CRD (build the project first)").exists();
        String expected = Files.readString(generated);
        for (Path committed : List.of(Path.of("deploy/crds", file),
                Path.of("charts/devcontainer-build-operator/crds", file))) {
            assertThat(committed).as(committed + " is missing: run make crds").exists();
            assertThat(Files.readString(committed))
                    .as(committed + " differs from the CRD generated from the Java classes: run make crds")
                    .isEqualTo(expected);
        }
    }
}
