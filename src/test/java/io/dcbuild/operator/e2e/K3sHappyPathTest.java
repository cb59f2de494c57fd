package io.dcbuild.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.CacheSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.GitSource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The happy path on a real cluster: real Envbuilder pods in K3s build a real dev container (the public Envbuilder
 * starter repository) into a real registry, and the operator records the digest that the registry serves.
 *
 * <p>Needs a Docker engine and access to the image and git hosts; it is skipped where Docker is absent (as on the
 * development machines of this project, which have no Docker engine: there the same scenarios run against a real
 * API server built from source with a simulated kubelet, see DevContainerBuildScenarioTest).
 */
@EnabledIf(value = "dockerIsAvailable", disabledReason = "no Docker engine on this machine: the K3s end-to-end "
        + "test needs one; the same scenarios ran against a real API server built from source with a simulated kubelet")
@QuarkusTest
@TestProfile(K3sHappyPathTest.OnK3s.class)
class K3sHappyPathTest {

    /** Its own profile, so that the control-plane tests keep their application. */
    public static class OnK3s implements QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(K3sCluster.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Inject
    KubernetesClient client;

    /**
     * A Docker engine is reachable through DOCKER_HOST or the default socket. (Asking Testcontainers itself here
     * fails under Quarkus' test class loader, before any container starts.)
     */
    static boolean dockerIsAvailable() {
        String dockerHost = System.getenv("DOCKER_HOST");
        return (dockerHost != null && !dockerHost.isBlank())
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"));
    }

    @Test
    void buildsTheStarterDevcontainerAndRecordsItsDigest() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("e2e").endMetadata().build())
                .create();
        DevContainerBuild build = new DevContainerBuild();
        build.getMetadata().setName("starter");
        build.getMetadata().setNamespace("e2e");
        DevContainerBuildSpec spec = new DevContainerBuildSpec();
        GitSource source = new GitSource();
        source.setUrl("https://github.com/coder/envbuilder-starter-devcontainer");
        source.setRef("main");
        spec.setSource(source);
        CacheSpec cache = new CacheSpec();
        cache.setRepo(K3sCluster.registryHostPort + "/e2e/starter-cache");
        spec.setCache(cache);
        build.setSpec(spec);
        client.resource(build).create();

        DevContainerBuild ready = await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(5))
                .until(() -> client.resources(DevContainerBuild.class).inNamespace("e2e").withName("starter").get(),
                        b -> b.getStatus() != null && b.getStatus().getPhase() == BuildPhase.Ready);

        String image = ready.getStatus().getImage();
        assertThat(image).startsWith(cache.getRepo() + "@sha256:");
        HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://" + K3sCluster.registryHostPort + "/v2/e2e/starter-cache/manifests/"
                                + image.substring(image.indexOf('@') + 1)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
                        + "application/vnd.oci.image.manifest.v1+json")
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
    }
}
