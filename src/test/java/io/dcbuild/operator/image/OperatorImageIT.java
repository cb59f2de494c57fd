package io.dcbuild.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dcbuild.operator.image.ImageContents.LayerEntry;
import io.dcbuild.operator.testing.JlinkedJreImage;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.ProjectPom;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make image} as a user runs it, on the packaged app ({@code target/quarkus-app}: failsafe runs this after
 * {@code package}), from a JRE base image that a local registry serves (a {@link JlinkedJreImage}: no public registry
 * is reachable here), and what a user's tools then see: the image config and layers the registry serves, and the
 * OCI image layout tarball written without a registry.
 */
class OperatorImageIT {

    private static final Path APP = Path.of("target", "quarkus-app");
    private static final String REPOSITORY = "dcbuild/devcontainer-build-operator";
    private static final String REVISION = "0123456789abcdef0123456789abcdef01234567-dirty";
    private static final String SOURCE = "https://git.example.com/platform/devcontainer-build-operator";

    @TempDir
    static Path work;

    private static LocalRegistry registry;
    private static String baseImage;
    private static OperatorImageCommandRun push;
    private static ImageContents pushed;

    @BeforeAll
    static void pushTheImageBuiltOnALocalJreImage() throws Exception {
        registry = LocalRegistry.startDefault();
        baseImage = JlinkedJreImage.pushTo(registry, "mirror/eclipse-temurin:17-jre", work.resolve("jre"));
        push = OperatorImageCommandRun.inJvmOfItsOwn(work,
                arguments(baseImage, "--registry", registry.hostPort() + "/dcbuild"));
        if (push.exitCode() == 0) {
            pushed = ImageContents.pulled(registry, REPOSITORY, ProjectPom.version());
        }
    }

    @AfterAll
    static void stopTheRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theRegistryServesAnImageThatStartsTheFastJarAsANonRootUserOnPort8080() throws IOException {
        assertThat(push.exitCode()).as(push.toString()).isZero();
        String version = ProjectPom.version();
        ImageContents image = pushed;
        assertThat(push.out()).as("what make image says it did").contains("pushed " + registry.hostPort() + "/"
                + REPOSITORY + ":" + version + " (" + image.manifestDigest() + ")");

        JsonNode config = image.containerConfig();
        assertThat(strings(config.path("Entrypoint")))
                .containsExactly("java", "-XX:MaxRAMPercentage=75", "-jar", "/deployments/quarkus-run.jar");
        assertThat(strings(config.path("Cmd"))).as("the base image's command is not inherited").isEmpty();
        assertThat(config.path("User").asText()).isEqualTo("65532:65532");
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/deployments");
        assertThat(fieldNames(config.path("ExposedPorts"))).containsExactly("8080/tcp");
        assertThat(image.environment()).as("the base image's environment is kept")
                .containsEntry("JAVA_HOME", JlinkedJreImage.JAVA_HOME)
                .containsEntry("PATH", JlinkedJreImage.PATH);

        assertThat(image.labels())
                .containsEntry("org.opencontainers.image.title", "devcontainer-build-operator")
                .containsEntry("org.opencontainers.image.description", ProjectPom.description())
                .containsEntry("org.opencontainers.image.version", version)
                .containsEntry("org.opencontainers.image.revision", REVISION)
                .containsEntry("org.opencontainers.image.source", SOURCE)
                .containsEntry("org.opencontainers.image.base.name", baseImage)
                .doesNotContainKey("org.opencontainers.image.licenses");
        assertThat(version).as("the base image's own version label is replaced").isNotEqualTo(
                JlinkedJreImage.VERSION_LABEL);
    }

    @Test
    void theLayersHoldThePackagedAppUnderDeploymentsReadableButNotWritableByTheUser() throws IOException {
        assertThat(push.exitCode()).as(push.toString()).isZero();
        ImageContents image = pushed;
        Map<String, LayerEntry> files = image.fileSystem();

        Set<String> packaged = PackagedApp.at(APP).files().stream()
                .map(file -> "deployments/" + file.toString().replace('\\', '/'))
                .collect(Collectors.toSet());
        Set<String> deployed = files.values().stream()
                .filter(entry -> entry.path().startsWith("deployments/") && !entry.directory())
                .map(LayerEntry::path).collect(Collectors.toSet());
        assertThat(deployed).as("every file of target/quarkus-app, nothing else")
                .containsExactlyInAnyOrderElementsOf(packaged)
                .contains("deployments/quarkus-run.jar", "deployments/quarkus/quarkus-application.dat");
        assertThat(files.values()).filteredOn(entry -> entry.path().startsWith("deployments"))
                .as("owned by root, readable by everybody, writable by root only")
                .allSatisfy(entry -> {
                    assertThat(entry.uid()).isZero();
                    assertThat(entry.mode() & 0444).isEqualTo(0444);
                    assertThat(entry.mode() & 0022).isZero();
                });

        List<List<LayerEntry>> layers = image.layers();
        List<String> lastThree = layers.subList(layers.size() - 3, layers.size()).stream()
                .map(layer -> layer.stream().filter(e -> !e.directory()).map(LayerEntry::path)
                        .map(path -> path.split("/")[1]).distinct().sorted().collect(Collectors.joining(",")))
                .toList();
        assertThat(lastThree).as("dependencies, then what Quarkus generated, then the application: a new build "
                + "changes the last layers only").containsExactly("lib", "quarkus",
                        "app,quarkus-app-dependencies.txt,quarkus-run.jar");

        List<String> javaOnPath = Arrays.stream(image.environment().get("PATH").split(":"))
                .map(dir -> dir.substring(1) + "/java")
                .filter(files::containsKey).toList();
        assertThat(javaOnPath).as("the entrypoint's java, found through the PATH without a shell").isNotEmpty();
        assertThat(files.get(javaOnPath.get(0)).mode() & 0111).as("executable").isEqualTo(0111);
    }

    @Test
    void withoutARegistryItWritesTheSameImageAsAnOciLayoutTarball() throws Exception {
        assertThat(push.exitCode()).as(push.toString()).isZero();
        Path directory = work.resolve("image");
        OperatorImageCommandRun run = OperatorImageCommandRun.inThisJvm(work,
                arguments(baseImage, "--tar-dir", directory.toString()));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String version = ProjectPom.version();
        Path tarball = directory.resolve("devcontainer-build-operator-" + version + ".tar");
        assertThat(run.out()).contains("wrote " + tarball);
        ImageContents written = ImageContents.fromOciLayoutTarball(tarball);
        assertThat(written.manifestMediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(written.containerConfig()).isEqualTo(pushed.containerConfig());
        assertThat(written.layers()).isEqualTo(pushed.layers());
        assertThat(written.manifestDigest()).as("the same inputs give the same image (Jib's fixed times)")
                .isEqualTo(pushed.manifestDigest());
    }

    @Test
    void aBaseImageThatCannotBePulledIsNamedInOneSentence() throws Exception {
        String missing = registry.hostPort() + "/mirror/eclipse-temurin:no-such-tag";
        OperatorImageCommandRun notThere = OperatorImageCommandRun.inThisJvm(work,
                arguments(missing, "--registry", registry.hostPort() + "/dcbuild"));
        assertThat(notThere.exitCode()).as(notThere.toString()).isEqualTo(1);
        assertThat(notThere.err().lines().toList()).as(notThere.toString()).containsExactly("make image: The base "
                + "image " + missing + " cannot be pulled (manifest unknown): set BASE_IMAGE to a JRE 17 image this "
                + "machine can pull, e.g. your registry's mirror of eclipse-temurin:17-jre, with its credentials in "
                + "the Docker config.");

        String unknownHost = "registry.invalid/eclipse-temurin:17-jre";
        OperatorImageCommandRun unresolvable = OperatorImageCommandRun.inThisJvm(work,
                arguments(unknownHost, "--tar-dir", work.resolve("unwritten").toString()));
        assertThat(unresolvable.exitCode()).as(unresolvable.toString()).isEqualTo(1);
        assertThat(unresolvable.err().lines().toList()).as(unresolvable.toString()).containsExactly("make image: The "
                + "base image " + unknownHost + " cannot be pulled (its registry registry.invalid has no address "
                + "here): set BASE_IMAGE to a JRE 17 image this machine can pull, e.g. your registry's mirror of "
                + "eclipse-temurin:17-jre, with its credentials in the Docker config.");

        int closedPort = closedLoopbackPort();
        String unreachable = "127.0.0.1:" + closedPort + "/eclipse-temurin:17-jre";
        OperatorImageCommandRun refused = OperatorImageCommandRun.inThisJvm(work,
                arguments(unreachable, "--tar-dir", work.resolve("unwritten").toString()));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err().lines().toList()).as(refused.toString()).singleElement().asString()
                .startsWith("make image: The base image " + unreachable + " cannot be pulled (")
                .contains("127.0.0.1:" + closedPort, "Connection refused", "set BASE_IMAGE");
    }

    @Test
    void aRegistryThatCannotBeReachedIsNamedInOneSentence() throws Exception {
        String registryDown = "127.0.0.1:" + closedLoopbackPort() + "/dcbuild";
        OperatorImageCommandRun run = OperatorImageCommandRun.inThisJvm(work,
                arguments(baseImage, "--registry", registryDown));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err().lines().toList()).as(run.toString()).singleElement().asString()
                .startsWith("make image: The image " + registryDown + "/devcontainer-build-operator:"
                        + ProjectPom.version() + " could not be pushed (")
                .contains("Connection refused")
                .endsWith("; check REGISTRY and its credentials in the Docker config.");
    }

    private static List<String> arguments(String base, String destinationOption, String destination) {
        return new ArrayList<>(List.of("--app", APP.toString(), "--base-image", base, destinationOption,
                destination, "--revision", REVISION, "--source", SOURCE, "--cache-dir",
                work.resolve("jib-cache").toString()));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int closedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
