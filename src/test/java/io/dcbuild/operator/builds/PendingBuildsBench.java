package io.dcbuild.operator.builds;

import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.runs.PodRole;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.StandaloneOperator;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorInstallation;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code make bench}: {@code bench.pendingBuilds} builds (1,000) waiting when the operator starts, as after an outage
 * or an upgrade: time to the first Ready and to all Ready, the JVM's live heap growth after GC, and the ERROR lines
 * logged meanwhile. The builds are spread over namespaces of {@code bench.pendingPerNamespace} identical builds each
 * (one run per namespace, all sharing one cache repository, which already holds the image, as after an outage: each
 * run's probe pod finds it). On a control plane of its own, with the operator's build
 * and run controllers in a plain Java Operator SDK operator ({@link StandaloneOperator}), started after the builds
 * exist; the kubelet and Envbuilder are simulated. Prints each figure with its target and writes
 * {@code target/bench/pending-builds.json}. Not part of {@code make test} (tag {@code bench}).
 */
@Tag("bench")
class PendingBuildsBench {

    static final int PENDING = Integer.getInteger("bench.pendingBuilds", 1_000);
    static final int PER_NAMESPACE = Integer.getInteger("bench.pendingPerNamespace", 20);

    @Test
    void measure() throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        ErrorRecords errors = new ErrorRecords();
        try (ControlPlane plane = ControlPlane.startPrivate("pending-bench")) {
            String token = OperatorInstallation.install(plane).token();
            KubernetesClient admin = plane.admin();
            LocalRegistry registry = LocalRegistry.startDefault();
            GitHttpServer git = GitHttpServer.start();
            EnvbuilderKubeletSimulator kubelet = EnvbuilderKubeletSimulator.onNewNode(admin, 4);
            TestNamespaces namespaces = new TestNamespaces(admin);
            ReadyWatch ready = null;
            Milestones milestones = null;
            try {
                DevContainerBuildScenarioTest.devcontainerRepository(git, "pending",
                        DevContainerBuildScenarioTest.DOCKERFILE);
                String cacheRepo = registry.hostPort() + "/bench/pending";
                // the cache holds the image (an earlier build pushed it): after an outage the builds are new, the
                // cache is not; each namespace's run finds the image with its probe pod
                String warm = namespaces.create("warm");
                admin.resource(DevContainerBuildScenarioTest.build(warm, "warm", git.url("pending"), "main",
                        cacheRepo)).create();
                try (StandaloneOperator operator = StandaloneOperator.start(plane, token)) {
                    await().atMost(Duration.ofMinutes(2)).until(() -> {
                        DevContainerBuild build = admin.resources(DevContainerBuild.class).inNamespace(warm)
                                .withName("warm").get();
                        return build.getStatus() != null && build.getStatus().getPhase() == BuildPhase.Ready;
                    });
                }
                List<String> created = new ArrayList<>();
                for (int n = 0; n * PER_NAMESPACE < PENDING; n++) {
                    String ns = namespaces.create("pending");
                    IntStream.range(0, Math.min(PER_NAMESPACE, PENDING - n * PER_NAMESPACE)).parallel()
                            .forEach(i -> admin.resource(DevContainerBuildScenarioTest.build(ns, "b-" + i,
                                    git.url("pending"), "main", cacheRepo)).create());
                    created.add(ns);
                }
                ready = new ReadyWatch(admin);
                milestones = new Milestones(admin);
                long heapBefore = liveHeap();
                Logger root = Logger.getLogger("");
                root.addHandler(errors);
                root.setLevel(Level.WARNING); // a thousand builds' INFO lines would drown the figures
                long start = System.nanoTime();
                try (StandaloneOperator operator = StandaloneOperator.start(plane, token)) {
                    long started = System.nanoTime();
                    ReadyWatch watch = ready;
                    await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(200))
                            .until(() -> watch.count() >= PENDING);
                    long heapAfter = liveHeap();
                    figure(figures, "pending_builds", PENDING, "waiting when the operator starts, "
                            + created.size() + " namespaces of " + PER_NAMESPACE + " identical builds");
                    figure(figures, "pending_operator_started_ms", (started - start) / 1_000_000,
                            "operator start returned (informers synced)");
                    figure(figures, "pending_first_run_ms", (milestones.firstRun() - start) / 1_000_000,
                            "the first run created (after ref resolution and preflight)");
                    figure(figures, "pending_first_pod_ms", (milestones.firstPod() - start) / 1_000_000,
                            "the first probe pod created");
                    figure(figures, "pending_first_pod_done_ms", (milestones.firstPodDone() - start) / 1_000_000,
                            "the first probe pod finished (simulated kubelet)");
                    figure(figures, "pending_first_run_done_ms", (milestones.firstRunDone() - start) / 1_000_000,
                            "the first run recorded its result");
                    figure(figures, "pending_first_ready_ms", (ready.first() - start) / 1_000_000,
                            "target: within 5,000 ms of the start");
                    figure(figures, "pending_all_ready_ms", (ready.last() - start) / 1_000_000, "(no target)");
                    figure(figures, "pending_live_heap_growth_mib",
                            Math.round((heapAfter - heapBefore) / 1024.0 / 1024.0 * 10) / 10.0,
                            "live heap after GC, after minus before the operator started (operator and fixtures)");
                    figure(figures, "pending_live_heap_per_build_kib",
                            Math.round((heapAfter - heapBefore) / 1024.0 / PENDING * 10) / 10.0, "");
                    figure(figures, "pending_runs", admin.resources(DevContainerBuildRun.class).inAnyNamespace()
                            .list().getItems().size() - 1, "target: one per namespace (" + created.size() + ")");
                    figure(figures, "pending_probe_pods", kubelet.handledPods().stream()
                            .filter(p -> p.role() == io.dcbuild.operator.testing.PodRole.PROBE).count() - 1,
                            "target: one per namespace");
                    figure(figures, "pending_builder_pods", kubelet.handledPods().stream()
                            .filter(p -> p.role() == io.dcbuild.operator.testing.PodRole.BUILD).count() - 1,
                            "target: 0 (the cache holds the image)");
                }
                figure(figures, "pending_error_log_lines", errors.count(), "target: 0");
                errors.samples().forEach(sample -> say("    ERROR " + sample));
            } finally {
                Logger.getLogger("").removeHandler(errors);
                Fixtures.closeAll(ready, milestones, namespaces, kubelet, git, registry);
            }
        }
        Path out = Path.of("target", "bench", "pending-builds.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, new io.fabric8.kubernetes.client.utils.KubernetesSerialization().asJson(figures));
        say("  written to " + out);
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** When builds first turn Ready, seen by an informer of the administrator. */
    private static final class ReadyWatch implements AutoCloseable {

        private final Set<String> ready = ConcurrentHashMap.newKeySet();
        private final AtomicLong first = new AtomicLong();
        private final AtomicLong last = new AtomicLong();
        private final SharedIndexInformer<DevContainerBuild> informer;

        ReadyWatch(KubernetesClient admin) {
            informer = admin.resources(DevContainerBuild.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(DevContainerBuild build) {
                    seen(build);
                }

                @Override
                public void onUpdate(DevContainerBuild old, DevContainerBuild build) {
                    seen(build);
                }

                @Override
                public void onDelete(DevContainerBuild build, boolean unknown) {
                }
            });
        }

        private void seen(DevContainerBuild build) {
            if (build.getMetadata().getNamespace().startsWith("pending") && build.getStatus() != null
                    && build.getStatus().getPhase() == BuildPhase.Ready
                    && ready.add(build.getMetadata().getNamespace() + "/" + build.getMetadata().getName())) {
                long now = System.nanoTime();
                first.compareAndSet(0, now);
                last.set(now);
            }
        }

        int count() {
            return ready.size();
        }

        long first() {
            return first.get();
        }

        long last() {
            return last.get();
        }

        @Override
        public void close() {
            informer.close();
        }
    }

    /** When the first run of a pending namespace, its first pod, and the first finished pod were seen. */
    private static final class Milestones implements AutoCloseable {

        private final AtomicLong firstRun = new AtomicLong();
        private final AtomicLong firstPod = new AtomicLong();
        private final AtomicLong firstPodDone = new AtomicLong();
        private final AtomicLong firstRunDone = new AtomicLong();
        private final SharedIndexInformer<DevContainerBuildRun> runs;
        private final SharedIndexInformer<io.fabric8.kubernetes.api.model.Pod> pods;

        Milestones(KubernetesClient admin) {
            FirstSighting<DevContainerBuildRun> runCreated = new FirstSighting<>(run -> pending(run.getMetadata()),
                    firstRun);
            FirstSighting<DevContainerBuildRun> runDone = new FirstSighting<>(run -> pending(run.getMetadata())
                    && run.getStatus() != null && run.getStatus().getPhase() != null
                    && run.getStatus().getPhase().isFinished(), firstRunDone);
            runs = admin.resources(DevContainerBuildRun.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(DevContainerBuildRun run) {
                    runCreated.onAdd(run);
                    runDone.onAdd(run);
                }

                @Override
                public void onUpdate(DevContainerBuildRun old, DevContainerBuildRun run) {
                    runDone.onUpdate(old, run);
                }

                @Override
                public void onDelete(DevContainerBuildRun run, boolean unknown) {
                }
            });
            FirstSighting<io.fabric8.kubernetes.api.model.Pod> done = new FirstSighting<>(
                    pod -> pending(pod.getMetadata()) && pod.getStatus() != null
                            && ("Succeeded".equals(pod.getStatus().getPhase())
                                    || "Failed".equals(pod.getStatus().getPhase())), firstPodDone);
            FirstSighting<io.fabric8.kubernetes.api.model.Pod> created = new FirstSighting<>(
                    pod -> pending(pod.getMetadata()), firstPod);
            pods = admin.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(io.fabric8.kubernetes.api.model.Pod pod) {
                    created.onAdd(pod);
                    done.onAdd(pod);
                }

                @Override
                public void onUpdate(io.fabric8.kubernetes.api.model.Pod old, io.fabric8.kubernetes.api.model.Pod pod) {
                    done.onUpdate(old, pod);
                }

                @Override
                public void onDelete(io.fabric8.kubernetes.api.model.Pod pod, boolean unknown) {
                }
            });
        }

        private static boolean pending(io.fabric8.kubernetes.api.model.ObjectMeta metadata) {
            return metadata.getNamespace().startsWith("pending");
        }

        long firstRun() {
            return firstRun.get();
        }

        long firstPod() {
            return firstPod.get();
        }

        long firstPodDone() {
            return firstPodDone.get();
        }

        long firstRunDone() {
            return firstRunDone.get();
        }

        @Override
        public void close() {
            runs.close();
            pods.close();
        }
    }

    /** Records the time at which an object first matched. */
    private record FirstSighting<T>(java.util.function.Predicate<T> matches, AtomicLong at)
            implements ResourceEventHandler<T> {

        @Override
        public void onAdd(T object) {
            if (matches.test(object)) {
                at.compareAndSet(0, System.nanoTime());
            }
        }

        @Override
        public void onUpdate(T old, T object) {
            onAdd(object);
        }

        @Override
        public void onDelete(T object, boolean unknown) {
        }
    }

    /** Counts what is logged at ERROR (SEVERE) or above, anywhere in the JVM, and keeps the first few. */
    private static final class ErrorRecords extends Handler {

        private final AtomicLong count = new AtomicLong();
        private final List<String> samples = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                count.incrementAndGet();
                if (samples.size() < 5) {
                    samples.add(record.getLoggerName() + ": " + record.getMessage());
                }
            }
        }

        long count() {
            return count.get();
        }

        List<String> samples() {
            return samples;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static void figure(Map<String, Object> figures, String name, Object value, String note) {
        figures.put(name, value);
        say(String.format("  %-40s %10s   %s", name, value, note));
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
