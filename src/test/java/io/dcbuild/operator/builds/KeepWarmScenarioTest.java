package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcbuild.operator.api.v1alpha1.BuildDefaults;
import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.CacheSpec;
import io.dcbuild.operator.api.v1alpha1.CacheWarmth;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.MovableClock;
import io.dcbuild.operator.testing.StandaloneOperator;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorInstallation;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Keep-warm (README "Keep caches warm") on the real API server and the real registry, with the simulated Envbuilder
 * applying the cache TTL as kaniko does. One clock, moved by the test, is the operator's and the simulated
 * Envbuilder's: the push time of the cache layers, their expiry and the refresh window all read it. After the clock
 * moves the test touches the builds (a label): the operator's own wake-up is scheduled in real time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeepWarmScenarioTest {

    private static final Duration CONVERGENCE = Duration.ofSeconds(90);
    private static final int TTL_DAYS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    static MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static ControlPlane controlPlane;
    static OperatorInstallation installation;
    static LocalRegistry registry;
    static GitHttpServer git;
    static EnvbuilderKubeletSimulator kubelet;
    static CreatedPods createdPods;
    static TestNamespaces namespaces;
    static StandaloneOperator operator;

    @BeforeAll
    static void startSandbox() {
        controlPlane = ControlPlane.startPrivate("keep-warm");
        installation = OperatorInstallation.install(controlPlane);
        registry = LocalRegistry.startDefault();
        git = GitHttpServer.start();
        kubelet = EnvbuilderKubeletSimulator.onNewNode(admin(), clock);
        createdPods = new CreatedPods(admin());
        namespaces = new TestNamespaces(admin());
        operator = StandaloneOperator.startOnClock(controlPlane, installation.token(), clock);
    }

    @AfterAll
    static void stopSandbox() {
        Fixtures.closeAll(operator, namespaces, createdPods, kubelet, git, registry, controlPlane);
    }

    @Test
    @Order(1)
    void theCacheIsRefreshedInTheDayBeforeItExpiresWhileTheBuildStaysReady() throws Exception {
        String ns = namespaces.create("warm");
        Instant built = clock.instant();
        admin().resource(keepWarmBuild(ns, "app", ns)).create();

        DevContainerBuild ready = awaitBuild(ns, "app", "Ready with a refresh planned",
                b -> b.getStatus().getPhase() == BuildPhase.Ready && b.getStatus().getCache() != null
                        && b.getStatus().getCache().getNextRefreshAt() != null);
        CacheWarmth planned = ready.getStatus().getCache();
        Instant expires = Instant.parse(planned.getExpiresAt());
        assertThat(expires).as("the layers were pushed when the test's clock said so, plus the TTL")
                .isEqualTo(layerCreated(planned.getOldestLayer()).plus(Duration.ofDays(TTL_DAYS)))
                .isBetween(built.plus(Duration.ofDays(TTL_DAYS)), clock.instant().plus(Duration.ofDays(TTL_DAYS)));
        assertThat(planned.getOldestLayer()).startsWith(cacheRepo(ns) + ":");
        Instant next = Instant.parse(planned.getNextRefreshAt());
        assertThat(next).isAfter(expires.minus(Duration.ofDays(1))).isBefore(expires.minus(Duration.ofHours(12)));
        assertThat(planned.getRefreshRun()).isNull();
        String image = ready.getStatus().getImage();

        // two and a half days on: the refresh is due
        clock.advance(Duration.between(clock.instant(), next).plusMinutes(1));
        touch(ns, "app");
        DevContainerBuild refreshed = awaitBuild(ns, "app", "refreshed",
                b -> b.getStatus().getCache() != null && b.getStatus().getCache().getRefreshedAt() != null);

        assertThat(refreshed.getStatus().getPhase()).isEqualTo(BuildPhase.Ready);
        assertThat(refreshed.getStatus().getImage()).as("the recorded image stays").isEqualTo(image);
        CacheWarmth after = refreshed.getStatus().getCache();
        Instant newExpiry = Instant.parse(after.getExpiresAt());
        assertThat(newExpiry).as("every layer was older than the TTL less a day: all pushed anew")
                .isEqualTo(layerCreated(after.getOldestLayer()).plus(Duration.ofDays(TTL_DAYS)))
                .isAfterOrEqualTo(next.plus(Duration.ofDays(TTL_DAYS)));
        assertThat(Instant.parse(after.getNextRefreshAt())).isAfter(newExpiry.minus(Duration.ofDays(1)));
        assertThat(after.getRefreshRun()).isNull();
        assertThat(after.getMessage()).startsWith("refreshed by run ");

        List<Pod> refreshPods = createdPods.in(ns).stream()
                .filter(p -> p.getMetadata().getLabels().getOrDefault("dcbuild.io/run", "").contains("-r"))
                .toList();
        assertThat(refreshPods).extracting(p -> p.getMetadata().getLabels().get("dcbuild.io/role"))
                .as("a forced build and its verify pod, no probe").containsExactlyInAnyOrder("build", "verify");
        assertThat(refreshPods).allSatisfy(pod -> assertThat(env(pod, "ENVBUILDER_CACHE_TTL_DAYS"))
                .isEqualTo(Integer.toString(TTL_DAYS - 1)));
        assertThat(eventReasons(ns)).contains("CacheRefreshStarted", "CacheRefreshed");
    }

    @Test
    @Order(2)
    void atMostTwoRefreshesRunAtOnceInANamespaceTheThirdWaitsForAPlace() {
        String ns = namespaces.create("slots");
        List<String> names = List.of("one", "two", "three");
        for (String name : names) {
            admin().resource(keepWarmBuild(ns, name, ns + "-" + name)).create();
        }
        Instant latest = names.stream()
                .map(name -> awaitBuild(ns, name, "Ready with a refresh planned",
                        b -> b.getStatus().getPhase() == BuildPhase.Ready && b.getStatus().getCache() != null
                                && b.getStatus().getCache().getNextRefreshAt() != null))
                .map(b -> Instant.parse(b.getStatus().getCache().getNextRefreshAt()))
                .max(Comparator.naturalOrder()).orElseThrow();

        kubelet.holdBuilds();
        clock.advance(Duration.between(clock.instant(), latest).plusMinutes(1));
        names.forEach(name -> touch(ns, name));

        await("two refresh runs and one build waiting").atMost(CONVERGENCE).untilAsserted(() -> {
            List<DevContainerBuild> builds = admin().resources(DevContainerBuild.class).inNamespace(ns).list()
                    .getItems();
            assertThat(builds).filteredOn(b -> b.getStatus().getCache().getRefreshRun() != null).hasSize(2);
            assertThat(builds).filteredOn(b -> b.getStatus().getCache().getRefreshRun() == null)
                    .singleElement().satisfies(b -> assertThat(b.getStatus().getCache().getMessage())
                            .contains("waits").contains("2 refresh runs at once per namespace"));
            assertThat(kubelet.heldBuildPods()).filteredOn(pod -> pod.contains("-r")).hasSize(2);
        });

        kubelet.releaseBuilds();
        await("the first two refreshed").atMost(CONVERGENCE).untilAsserted(() -> assertThat(
                admin().resources(DevContainerBuild.class).inNamespace(ns).list().getItems())
                .filteredOn(b -> b.getStatus().getCache().getRefreshedAt() != null).hasSize(2));
        names.forEach(name -> touch(ns, name)); // the waiting one looks again within a minute by itself
        for (String name : names) {
            awaitBuild(ns, name, "refreshed", b -> b.getStatus().getCache() != null
                    && b.getStatus().getCache().getRefreshedAt() != null);
        }
    }

    @Test
    @Order(3)
    void aRefreshThatFailsLeavesTheBuildReadyWarnsAndIsTriedAgainAnHourLater() {
        String ns = namespaces.create("fails");
        admin().resource(keepWarmBuild(ns, "app", ns)).create();
        DevContainerBuild ready = awaitBuild(ns, "app", "Ready with a refresh planned",
                b -> b.getStatus().getPhase() == BuildPhase.Ready && b.getStatus().getCache() != null
                        && b.getStatus().getCache().getNextRefreshAt() != null);
        kubelet.failBuilds(pod -> pod.getMetadata().getNamespace().equals(ns),
                "error: RUN apt-get update: exit status 100");

        clock.advance(Duration.between(clock.instant(), Instant.parse(ready.getStatus().getCache().getNextRefreshAt()))
                .plusMinutes(1));
        Instant failedAround = clock.instant();
        touch(ns, "app");
        DevContainerBuild after = awaitBuild(ns, "app", "the refresh failed",
                b -> b.getStatus().getCache() != null && b.getStatus().getCache().getMessage() != null
                        && b.getStatus().getCache().getMessage().contains("failed"));

        assertThat(after.getStatus().getPhase()).isEqualTo(BuildPhase.Ready);
        assertThat(after.getStatus().getImage()).isEqualTo(ready.getStatus().getImage());
        CacheWarmth cache = after.getStatus().getCache();
        assertThat(cache.getRefreshRun()).isNull();
        assertThat(cache.getMessage()).contains("BuildFailed").contains("the recorded image stays usable");
        assertThat(Instant.parse(cache.getNextRefreshAt())).isEqualTo(failedAround.plus(Duration.ofHours(1)));
        assertThat(eventReasons(ns)).contains("CacheRefreshFailed");
    }

    @Test
    @Order(4)
    void aPolicyDefaultTurnsKeepWarmOnAndATtlOfOneDayIsExplainedNotRefreshed() {
        String ns = namespaces.create("policy-default", Map.of("keep-warm-test", "one-day"));
        DevContainerBuildPolicy policy = new DevContainerBuildPolicy();
        policy.getMetadata().setName("keep-warm-one-day");
        DevContainerBuildPolicySpec spec = new DevContainerBuildPolicySpec();
        spec.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("keep-warm-test", "one-day").build());
        BuildDefaults defaults = new BuildDefaults();
        defaults.setCacheKeepWarm(true);
        defaults.setCacheTtlDays(1);
        spec.setDefaults(defaults);
        policy.setSpec(spec);
        admin().resource(policy).create();
        DevContainerBuild build = keepWarmBuild(ns, "app", ns);
        build.getSpec().getCache().setKeepWarm(null);
        build.getSpec().getCache().setTtlDays(null);
        admin().resource(build).create();

        DevContainerBuild ready = awaitBuild(ns, "app", "Ready with the reason keep-warm cannot work",
                b -> b.getStatus().getPhase() == BuildPhase.Ready && b.getStatus().getCache() != null
                        && b.getStatus().getCache().getMessage() != null);

        assertThat(ready.getStatus().getCache().getMessage())
                .isEqualTo("keep-warm needs a cache TTL of at least 2 days, this build's is 1: a refresh rebuilds the "
                        + "layers that are older than the TTL less one day");
        assertThat(ready.getStatus().getCache().getNextRefreshAt()).isNull();
        assertThat(createdPods.in(ns)).allSatisfy(pod -> assertThat(env(pod, "ENVBUILDER_CACHE_TTL_DAYS"))
                .isEqualTo("1"));
    }

    private static DevContainerBuild keepWarmBuild(String ns, String name, String repository) {
        DevContainerBuildScenarioTest.devcontainerRepository(git, repository, DevContainerBuildScenarioTest.DOCKERFILE);
        DevContainerBuild build = DevContainerBuildScenarioTest.build(ns, name, git.url(repository), "main",
                cacheRepo(ns));
        build.getSpec().setPollInterval("1h");
        CacheSpec cache = build.getSpec().getCache();
        cache.setTtlDays(TTL_DAYS);
        cache.setKeepWarm(true);
        return build;
    }

    private static String cacheRepo(String ns) {
        return registry.hostPort() + "/" + ns + "/cache";
    }

    /** A change of the object that is no change of the spec: the operator reconciles it (it reads the clock). */
    private static void touch(String ns, String name) {
        admin().resources(DevContainerBuild.class).inNamespace(ns).withName(name)
                .edit(b -> {
                    b.getMetadata().setLabels(new java.util.HashMap<>(b.getMetadata().getLabels() == null
                            ? java.util.Map.of() : b.getMetadata().getLabels()));
                    b.getMetadata().getLabels().put("test.dcbuild.io/touched", Long.toString(System.nanoTime()));
                    return b;
                });
    }

    private static DevContainerBuild awaitBuild(String ns, String name, String what,
            Predicate<DevContainerBuild> done) {
        Resource<DevContainerBuild> build = admin().resources(DevContainerBuild.class).inNamespace(ns).withName(name);
        await(ns + "/" + name + " " + what).atMost(CONVERGENCE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    DevContainerBuild now = build.get();
                    assertThat(now.getStatus()).isNotNull();
                    assertThat(done.test(now)).as("%s/%s %s: %s %s", ns, name, what, now.getStatus().getPhase(),
                            now.getStatus().getCache() == null ? null : now.getStatus().getCache().getMessage())
                            .isTrue();
                });
        return build.get();
    }

    /** The config {@code created} of {@code repo:tag}, read from the registry as Envbuilder reads it. */
    private static Instant layerCreated(String layer) throws Exception {
        String repository = layer.substring(registry.hostPort().length() + 1, layer.lastIndexOf(':'));
        String tag = layer.substring(layer.lastIndexOf(':') + 1);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        String base = "http://" + registry.hostPort() + "/v2/" + repository;
        JsonNode manifest = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/manifests/" + tag))
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
                        + "application/vnd.oci.image.manifest.v1+json").build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonNode config = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/blobs/"
                + manifest.path("config").path("digest").asText())).build(), HttpResponse.BodyHandlers.ofString())
                .body());
        return OffsetDateTime.parse(config.path("created").asText()).toInstant();
    }

    private static String env(Pod pod, String name) {
        return pod.getSpec().getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue).findFirst().orElse(null);
    }

    private static List<String> eventReasons(String ns) {
        return admin().v1().events().inNamespace(ns).list().getItems().stream().map(Event::getReason).toList();
    }

    private static KubernetesClient admin() {
        return controlPlane.admin();
    }
}
