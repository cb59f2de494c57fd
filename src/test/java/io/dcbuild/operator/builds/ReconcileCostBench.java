package io.dcbuild.operator.builds;

import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.registry.ImageReference;
import io.dcbuild.operator.runs.PodRole;
import io.dcbuild.operator.source.GitRefResolver;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorInstallation;
import io.dcbuild.operator.testing.controlplane.OperatorOnControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code make bench}: what a build costs the operator on the real control plane (with the simulated kubelet and
 * Envbuilder), measured rather than asserted. Prints each figure with the target issue 8 sets and writes them to
 * {@code target/bench/reconcile-cost.json}. API calls per build are the operator's requests in the build's own
 * namespace, read from the API server's audit log (cluster-wide informer lists and watches are not per build).
 * Not part of {@code make test} (tag {@code bench}).
 */
@Tag("bench")
@QuarkusTest
@WithTestResource(value = OperatorOnControlPlane.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ReconcileCostBench {

    static final int IDENTICAL_BUILDS = Integer.getInteger("bench.identicalBuilds", 100);
    private static final Duration READY_WITHIN = Duration.ofMinutes(5);

    @Test
    void measure() throws Exception {
        KubernetesClient admin = ControlPlane.shared().admin();
        String operator = OperatorInstallation.operatorUser(admin);
        Map<String, Object> figures = new LinkedHashMap<>();
        LocalRegistry registry = LocalRegistry.startDefault();
        GitHttpServer git = GitHttpServer.start();
        EnvbuilderKubeletSimulator kubelet = EnvbuilderKubeletSimulator.onNewNode(admin, 3);
        CreatedPods pods = new CreatedPods(admin);
        TestNamespaces namespaces = new TestNamespaces(admin);
        try {
            DevContainerBuildScenarioTest.devcontainerRepository(git, "bench",
                    DevContainerBuildScenarioTest.DOCKERFILE);
            String cacheRepo = registry.hostPort() + "/bench/cache";

            String missNs = namespaces.create("bench");
            long missMillis = timeToReady(admin, missNs, "miss", git.url("bench"), cacheRepo);
            String image = admin.resources(DevContainerBuild.class).inNamespace(missNs).withName("miss").get()
                    .getStatus().getImage();
            figure(figures, "miss_ms", missMillis, "(a probe, a build and a verify pod; no target)");

            String hitNs = namespaces.create("bench");
            long hitMillis = timeToReady(admin, hitNs, "hit", git.url("bench"), cacheRepo);
            Pod probe = pods.in(hitNs, PodRole.PROBE).get(0);
            Instant probeFinished = kubelet.handledPods().stream()
                    .filter(handled -> handled.uid().equals(probe.getMetadata().getUid())).findFirst().orElseThrow()
                    .finishedAt();
            long probeMillis = Duration.between(pods.firstSeen(probe), probeFinished).toMillis();
            figure(figures, "cache_hit_with_probe_pod_ms", hitMillis, "target: within 3x of raw + the pod");
            figure(figures, "simulated_probe_pod_ms", probeMillis,
                    "from the pod's creation (as a watch saw it) to the simulated kubelet finishing it");
            long knownMillis = timeToReady(admin, hitNs, "known", git.url("bench"), cacheRepo);
            figure(figures, "known_key_hit_ms", knownMillis, "target: within 3x of raw, no pod");
            figure(figures, "known_key_hit_pods", pods.in(hitNs).stream()
                    .filter(p -> "known".equals(p.getMetadata().getLabels().get(BuildLabels.BUILD))).count(),
                    "target: 0");

            long rawMillis = rawLimitMillis(admin, git.url("bench"), registry, image, hitNs);
            figure(figures, "raw_ls_remote_head_patch_ms", rawMillis, "ls-remote + manifest HEAD + status patch");
            figure(figures, "cache_hit_with_probe_pod_ratio",
                    Math.round(hitMillis * 100.0 / (rawMillis + probeMillis)) / 100.0,
                    "hit / (raw + simulated probe pod); target: at most 3");

            figure(figures, "api_calls_miss_build", calls(operator, missNs), "requests in the build's namespace");
            long hitCalls = calls(operator, hitNs);
            long knownCalls = ControlPlane.shared().auditLog().countOn(operator, hitNs, "known");
            figure(figures, "api_calls_hit_namespace", hitCalls,
                    "requests in the namespace of the probe hit and the known-key hit together");
            figure(figures, "api_calls_known_key_hit", knownCalls, "requests about the build itself; target <= 8");
            figure(figures, "api_calls_probe_hit", hitCalls - knownCalls,
                    "the rest: the build, its run and the probe pod; target <= 8");
            figures.put("api_calls_miss_by_verb", ControlPlane.shared().auditLog().countsIn(operator, missNs));
            figures.put("api_calls_hit_by_verb", ControlPlane.shared().auditLog().countsIn(operator, hitNs));
            say("  api calls of the miss, by verb and resource: " + figures.get("api_calls_miss_by_verb"));
            say("  api calls of the hits, by verb and resource: " + figures.get("api_calls_hit_by_verb"));

            lsRemoteFigures(figures, git);

            String crowdNs = namespaces.create("bench");
            DevContainerBuildScenarioTest.devcontainerRepository(git, "crowd",
                    DevContainerBuildScenarioTest.DOCKERFILE + "RUN echo crowd\n");
            long start = System.nanoTime();
            IntStream.range(0, IDENTICAL_BUILDS).parallel().forEach(i -> admin.resource(
                    DevContainerBuildScenarioTest.build(crowdNs, "same-" + i, git.url("crowd"), "main",
                            registry.hostPort() + "/bench/crowd")).create());
            await().atMost(READY_WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> admin
                    .resources(DevContainerBuild.class).inNamespace(crowdNs).list().getItems().stream()
                    .allMatch(b -> b.getStatus() != null && b.getStatus().getPhase() == BuildPhase.Ready));
            figure(figures, "identical_builds", IDENTICAL_BUILDS, "created at once, empty cache");
            figure(figures, "identical_builds_all_ready_ms", (System.nanoTime() - start) / 1_000_000, "");
            for (PodRole role : PodRole.values()) {
                figure(figures, "identical_builds_" + role.label() + "_pods", pods.in(crowdNs, role).size(),
                        "target: 1");
            }
            figure(figures, "api_calls_identical_builds_per_build",
                    calls(operator, crowdNs) / (double) IDENTICAL_BUILDS, "");
        } finally {
            Fixtures.closeAll(namespaces, pods, kubelet, git, registry);
        }
        Path out = Path.of("target", "bench", "reconcile-cost.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, admin.getKubernetesSerialization().asJson(figures));
        say("  written to " + out);
    }

    /**
     * Ref resolution of one ref in a repository of 1 ref and in one of 5,001 (5,000 tags besides main). Both have
     * their refs packed, as {@code git gc} leaves a server's repository: 5,000 loose ref files would measure the
     * fixture's file system, which the server checks file by file on every listing.
     */
    private static void lsRemoteFigures(Map<String, Object> figures, GitHttpServer git) throws Exception {
        String one = git.createRepository("one-ref");
        String commit = git.commit("one-ref", "main", Map.of("a", "1"));
        String many = git.createRepository("many-refs");
        String manyCommit = git.commit("many-refs", "main", Map.of("a", "1"));
        for (int i = 0; i < 5_000; i++) {
            git.tag("many-refs", "t" + i, manyCommit);
        }
        git.packRefs("one-ref");
        git.packRefs("many-refs");
        GitRefResolver resolver = new GitRefResolver(10);
        double oneRef = medianMillis(() -> resolver.resolve(one, "main", Optional.empty()).commit(), commit);
        double manyRefs = medianMillis(() -> resolver.resolve(many, "main", Optional.empty()).commit(), manyCommit);
        figure(figures, "ls_remote_1_ref_ms", oneRef, "median of 21; refs packed as git gc leaves them");
        figure(figures, "ls_remote_5001_refs_ms", manyRefs,
                "median of 21; refs packed as git gc leaves them; target: within 1.5x of 1 ref");
    }

    private interface Resolution {
        String commit() throws Exception;
    }

    private static double medianMillis(Resolution resolution, String expected) throws Exception {
        double[] millis = new double[21];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            if (!expected.equals(resolution.commit())) {
                throw new AssertionError("resolved another commit than " + expected);
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(millis);
        return Math.round(millis[millis.length / 2] * 10) / 10.0;
    }

    private static long timeToReady(KubernetesClient admin, String ns, String name, String url, String cacheRepo) {
        long start = System.nanoTime();
        admin.resource(DevContainerBuildScenarioTest.build(ns, name, url, "main", cacheRepo)).create();
        await().atMost(READY_WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> {
            DevContainerBuild build = admin.resources(DevContainerBuild.class).inNamespace(ns).withName(name).get();
            return build.getStatus() != null && build.getStatus().getPhase() == BuildPhase.Ready;
        });
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * The physical floor of a cache hit on these servers: one ls-remote, one manifest HEAD, one status write (a GET
     * to have the object, then the write).
     */
    private static long rawLimitMillis(KubernetesClient admin, String url, LocalRegistry registry, String image,
            String ns) throws Exception {
        long start = System.nanoTime();
        new GitRefResolver(10).resolve(url, "main", Optional.empty());
        ImageReference reference = ImageReference.parse(image);
        registry.manifestDigest(reference.repository(), reference.digest()).orElseThrow();
        DevContainerBuild known = admin.resources(DevContainerBuild.class).inNamespace(ns).withName("known").get();
        known.getStatus().setRefCheckedAt(java.time.Instant.now().toString());
        admin.resources(DevContainerBuild.class).inNamespace(ns).resource(known).updateStatus();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long calls(String operator, String ns) {
        SortedMap<String, Long> counts = ControlPlane.shared().auditLog().countsIn(operator, ns);
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void figure(Map<String, Object> figures, String name, Object value, String note) {
        figures.put(name, value);
        say(String.format("  %-40s %10s   %s", name, value, note));
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
