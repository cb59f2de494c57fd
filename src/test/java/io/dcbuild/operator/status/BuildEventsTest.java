package io.dcbuild.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.CacheSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.GitSource;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorOnControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Events on builds, as {@code kubectl describe dcb} and {@code kubectl get events} show them, on the real API server:
 * one per step of a build's life, and a step that comes again counted on its Event instead of a new one.
 */
@QuarkusTest
@WithTestResource(value = OperatorOnControlPlane.class, scope = TestResourceScope.MATCHING_RESOURCES)
class BuildEventsTest {

    @Test
    void aBuildsStepsAreEventsAndARepeatedOneIsCountedOnItsEvent() {
        try (TestNamespaces namespaces = new TestNamespaces(client());
                LocalRegistry registry = LocalRegistry.startDefault();
                GitHttpServer git = GitHttpServer.start();
                EnvbuilderKubeletSimulator kubelet = EnvbuilderKubeletSimulator.onNewNode(client())) {
            String ns = namespaces.create("events");
            git.createRepository(ns);
            git.commit(ns, "main", Map.of(".devcontainer/devcontainer.json",
                    "{\"build\":{\"dockerfile\":\"Dockerfile\"}}",
                    ".devcontainer/Dockerfile", "FROM debian:12\nRUN echo events\n"));
            client().resource(build(ns, "app", git.url(ns), "mian", registry.hostPort() + "/" + ns + "/cache"))
                    .create();
            awaitPhase(ns, "app", BuildPhase.Stalled);

            setRef(ns, "app", "main");
            awaitPhase(ns, "app", BuildPhase.Ready);
            setRef(ns, "app", "mian");
            awaitPhase(ns, "app", BuildPhase.Stalled);

            List<Event> events = await("the second GitRefNotFound counted").atMost(Duration.ofSeconds(30))
                    .until(() -> eventsOf(ns, "app"), list -> list.stream().anyMatch(e ->
                            e.getReason().equals("GitRefNotFound") && e.getCount() != null && e.getCount() == 2));
            assertThat(events).extracting(Event::getReason).as("one Event per reason")
                    .doesNotHaveDuplicates().contains("GitRefNotFound", "Probing", "Building", "Verifying", "Built");
            assertThat(events).filteredOn(e -> e.getReason().equals("GitRefNotFound")).singleElement()
                    .satisfies(e -> {
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getMessage()).contains("mian");
                        assertThat(e.getLastTimestamp()).isGreaterThanOrEqualTo(e.getFirstTimestamp());
                        assertThat(e.getInvolvedObject().getKind()).isEqualTo("DevContainerBuild");
                        assertThat(e.getSource().getComponent()).isEqualTo("devcontainer-build-operator");
                    });
            assertThat(events).filteredOn(e -> e.getReason().equals("Built")).singleElement()
                    .satisfies(e -> {
                        assertThat(e.getType()).isEqualTo("Normal");
                        assertThat(e.getMessage()).contains(registry.hostPort() + "/" + ns + "/cache@sha256:");
                        assertThat(e.getCount()).isEqualTo(1);
                    });
        }
    }

    private static List<Event> eventsOf(String ns, String build) {
        return client().v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> build.equals(e.getInvolvedObject().getName())
                        && "DevContainerBuild".equals(e.getInvolvedObject().getKind()))
                .toList();
    }

    private static void setRef(String ns, String name, String ref) {
        client().resources(DevContainerBuild.class).inNamespace(ns).withName(name).edit(build -> {
            build.getSpec().getSource().setRef(ref);
            return build;
        });
    }

    private static void awaitPhase(String ns, String name, BuildPhase phase) {
        await("build " + name + " " + phase).atMost(Duration.ofSeconds(90)).until(() -> {
            DevContainerBuild build = client().resources(DevContainerBuild.class).inNamespace(ns).withName(name).get();
            return build != null && build.getStatus() != null && build.getStatus().getPhase() == phase
                    && build.getMetadata().getGeneration().equals(build.getStatus().getObservedGeneration());
        });
    }

    private static DevContainerBuild build(String ns, String name, String url, String ref, String cacheRepo) {
        DevContainerBuild build = new DevContainerBuild();
        build.getMetadata().setName(name);
        build.getMetadata().setNamespace(ns);
        DevContainerBuildSpec spec = new DevContainerBuildSpec();
        GitSource source = new GitSource();
        source.setUrl(url);
        source.setRef(ref);
        spec.setSource(source);
        CacheSpec cache = new CacheSpec();
        cache.setRepo(cacheRepo);
        spec.setCache(cache);
        build.setSpec(spec);
        return build;
    }

    private static KubernetesClient client() {
        return ControlPlane.shared().admin();
    }
}
