package io.dcbuild.operator.testing;

import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.testing.kubelet.SandboxNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.jgit.util.FileUtils;

/**
 * <b>Simulated</b> kubelet running a <b>simulated</b> Envbuilder, or the <b>real</b> one
 * ({@link #runningRealEnvbuilder}: the binary in a {@link ThrowawayRoot} per pod), for the pods the operator creates in
 * the real API server, on the {@link SandboxNode} (which registers the Node, binds the pods, serves their logs through the API
 * server's {@code pods/log} and completes their deletion). It works against the real registry and the real git
 * server of a test, so that what probes report and what the cache holds are what is really in the registry.
 *
 * <p>It informs on pods labelled {@code app.kubernetes.io/managed-by=devcontainer-build-operator} in all namespaces,
 * binds unbound ones to the node, and handles each bound pod uid once (terminal or deleting pods are not run;
 * deleting ones are removed for good, as a kubelet does once their containers are gone). On a
 * small pool it resolves the {@code envbuilder} container's environment like a kubelet (Secrets from the API
 * server; a missing one leaves the pod Pending with {@code CreateContainerConfigError}), writes phase
 * {@code Running}, runs {@link SimulatedEnvbuilderRun}, publishes the log through a {@link PodLogPublisher}, and only
 * then writes {@code Succeeded}/{@code Failed} with {@code containerStatuses[0].state.terminated} (exit code 0/1,
 * reason Completed/Error).
 *
 * <p>The simulated Envbuilder is simplified relative to the real one (README, "What the simulator does not do";
 * {@link EnvbuilderContractTest} compares them): no RUN command is executed and no base image is pulled; each
 * cached step's layer is one small file naming the instruction and key; the final image is built from scratch;
 * cache keys cover the first FROM line and RUN/COPY/ADD instructions only (COPY/ADD add one digest of the whole
 * build context); devcontainer Features, build args, multi-stage semantics and custom CAs are not applied;
 * {@code ENVBUILDER_CACHE_TTL_DAYS} is, as kaniko does, against the simulator's {@link Clock} ({@link #withClock}):
 * a step image whose config {@code created} plus the TTL is before now is a miss and is rebuilt and re-pushed;
 * of the proxy settings only {@code ENVBUILDER_GIT_HTTP_PROXY_URL} is (to the clone; {@code HTTP(S)_PROXY} would not route loopback registry
 * traffic in Go either); registry auth is basic only (no bearer tokens); a missing Secret is not retried.
 * See {@link SimulatedEnvbuilderRun} for the exact log lines.
 */
public final class EnvbuilderKubeletSimulator implements AutoCloseable {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "devcontainer-build-operator";
    public static final String BUILD_LABEL = "dcbuild.io/build";
    public static final Duration DEFAULT_AWAIT = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final SandboxNode node;
    private SandboxNode ownedNode;
    private final KubeletEnvResolver envResolver;
    private final SimulatedPodStatusWriter statusWriter;
    private final RegistryManifestHead registry = new RegistryManifestHead();
    private final ExecutorService pool;
    private final SharedIndexInformer<Pod> informer;

    private final Set<String> claimedUids = ConcurrentHashMap.newKeySet();
    private final List<FailureRule> failureRules = new CopyOnWriteArrayList<>();
    private final List<HandledPod> handled = new CopyOnWriteArrayList<>();
    private final Map<String, EnvbuilderLog> logsByPod = new ConcurrentHashMap<>();
    private final Map<PodRole, AtomicInteger> startedByRole = new EnumMap<>(PodRole.class);
    private final Set<String> buildPodNames = new LinkedHashSet<>();
    private final Object holdLock = new Object();
    private boolean holdingBuilds;
    private final List<HeldBuild> heldBuilds = new ArrayList<>();
    private final Map<String, Runnable> beforeNext = new ConcurrentHashMap<>();
    private volatile Optional<RealEnvbuilder> real = Optional.empty();
    private volatile Clock clock = Clock.systemUTC();

    /**
     * Starts informing on pods at once and runs them on {@code node} (which binds them, serves their logs and
     * completes their deletion); {@code threads} pods run in parallel.
     */
    public EnvbuilderKubeletSimulator(KubernetesClient client, SandboxNode node, int threads) {
        this.client = client;
        this.node = node;
        this.envResolver = new KubeletEnvResolver(client);
        this.statusWriter = new SimulatedPodStatusWriter(client);
        for (PodRole role : PodRole.values()) {
            startedByRole.put(role, new AtomicInteger());
        }
        AtomicInteger threadNumber = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "simulated-kubelet-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.informer = client.pods().inAnyNamespace().withLabel(MANAGED_BY_LABEL, MANAGED_BY)
                .inform(new PodEvents(), 0);
    }

    /** Three pods at a time. */
    public EnvbuilderKubeletSimulator(KubernetesClient client, SandboxNode node) {
        this(client, node, 3);
    }

    /** Registers a {@link SandboxNode} with {@code admin} and runs pods on it; {@link #close()} removes the node. */
    public static EnvbuilderKubeletSimulator onNewNode(KubernetesClient admin, int threads) {
        SandboxNode node = SandboxNode.register(admin);
        EnvbuilderKubeletSimulator simulator = new EnvbuilderKubeletSimulator(admin, node, threads);
        simulator.ownedNode = node;
        return simulator;
    }

    /** {@link #onNewNode(KubernetesClient, int)} with three pods at a time. */
    public static EnvbuilderKubeletSimulator onNewNode(KubernetesClient admin) {
        return onNewNode(admin, 3);
    }

    /** {@link #onNewNode(KubernetesClient)} whose simulated Envbuilder runs by {@code clock} ({@link #withClock}). */
    public static EnvbuilderKubeletSimulator onNewNode(KubernetesClient admin, Clock clock) {
        return onNewNode(admin).withClock(clock);
    }

    /**
     * From the next run on, the simulated Envbuilder reads the time from {@code clock} (default
     * {@link Clock#systemUTC()}): the {@code created} of the step images it pushes (whole seconds) and the "now"
     * its cache TTL check ({@code ENVBUILDER_CACHE_TTL_DAYS}) compares with. A {@link MovableClock} moved forward
     * by days lets a test see cache layers expire. The real Envbuilder ({@link #runningRealEnvbuilder}) keeps the
     * system clock.
     */
    public EnvbuilderKubeletSimulator withClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * From now on pods whose image is an Envbuilder image ({@code ghcr.io/coder/envbuilder}, any tag or digest) run
     * the real binary in a throwaway root instead of the simulated Envbuilder; other images stay simulated.
     * {@link #failBuilds} rules do not apply to the real one (a real build fails by what its Dockerfile does).
     */
    public EnvbuilderKubeletSimulator runningRealEnvbuilder(RealEnvbuilder envbuilder) {
        this.real = Optional.of(envbuilder);
        return this;
    }

    /** Whether pods run the real Envbuilder ({@link #runningRealEnvbuilder}). */
    public boolean runsRealEnvbuilder() {
        return real.isPresent();
    }

    // ---- controls -------------------------------------------------------------------------------------------

    /**
     * Build pods matching {@code which} fail from now on: after the clone the log gets {@code errorLine}, the
     * container exits 1, nothing is pushed.
     */
    public void failBuilds(Predicate<Pod> which, String errorLine) {
        failureRules.add(new FailureRule(which, errorLine));
    }

    /**
     * Runs {@code action} once, right before the next pod of {@code role} in {@code namespace} runs Envbuilder
     * (after its environment is resolved): for example to take a server down exactly at that step.
     */
    public void beforeNext(PodRole role, String namespace, Runnable action) {
        beforeNext.put(role + "/" + namespace, action);
    }

    /** Forgets every {@link #failBuilds} rule. */
    public void stopFailingBuilds() {
        failureRules.clear();
    }

    /** From now on build pods go to Running and stay there until {@link #releaseBuilds()}. */
    public void holdBuilds() {
        synchronized (holdLock) {
            holdingBuilds = true;
        }
    }

    /** Lets every held build pod continue, and stops holding new ones. */
    public void releaseBuilds() {
        List<HeldBuild> released;
        synchronized (holdLock) {
            holdingBuilds = false;
            released = List.copyOf(heldBuilds);
            heldBuilds.clear();
        }
        released.forEach(build -> pool.submit(() -> finish(build.pod(), build.role(), build.env(), build.log(),
                build.startedAt())));
    }

    /** {@code namespace/name} of build pods that are Running and held. */
    public List<String> heldBuildPods() {
        synchronized (holdLock) {
            return heldBuilds.stream().map(build -> key(build.pod())).toList();
        }
    }

    // ---- observations ---------------------------------------------------------------------------------------

    /** Pods of {@code role} picked up so far (running or finished). */
    public int startedCount(PodRole role) {
        return startedByRole.get(role).get();
    }

    /** Pods of {@code role} finished so far. */
    public int handledCount(PodRole role) {
        return (int) handled.stream().filter(pod -> pod.role() == role).count();
    }

    /** Every finished pod, in finishing order. */
    public List<HandledPod> handledPods() {
        return List.copyOf(handled);
    }

    /** Distinct names of build pods picked up so far, in order of first appearance. */
    public List<String> buildPodNames() {
        synchronized (buildPodNames) {
            return List.copyOf(buildPodNames);
        }
    }

    /** The latest run's log of pod {@code namespace/name} so far (also while it runs); empty if never started. */
    public String log(String namespace, String name) {
        EnvbuilderLog log = logsByPod.get(namespace + "/" + name);
        return log == null ? "" : log.text();
    }

    /** Waits up to {@link #DEFAULT_AWAIT} until pod {@code namespace/name} is finished; the latest if re-created. */
    public HandledPod awaitHandled(String namespace, String name) {
        return awaitHandled(namespace, name, DEFAULT_AWAIT);
    }

    public HandledPod awaitHandled(String namespace, String name, Duration timeout) {
        return await("simulated kubelet finishing pod " + namespace + "/" + name)
                .atMost(timeout)
                .until(() -> latest(pod -> pod.namespace().equals(namespace) && pod.name().equals(name)),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** Waits until exactly this pod (by uid) is finished. */
    public HandledPod awaitHandled(Pod pod) {
        String uid = pod.getMetadata().getUid();
        return await("simulated kubelet finishing pod " + key(pod) + " uid " + uid)
                .atMost(DEFAULT_AWAIT)
                .until(() -> latest(handledPod -> handledPod.uid().equals(uid)), Optional::isPresent)
                .orElseThrow();
    }

    private Optional<HandledPod> latest(Predicate<HandledPod> which) {
        HandledPod found = null;
        for (HandledPod pod : handled) {
            if (which.test(pod)) {
                found = pod;
            }
        }
        return Optional.ofNullable(found);
    }

    // ---- the kubelet --------------------------------------------------------------------------------------------

    private void maybeStart(Pod pod) {
        if (pod.getSpec().getNodeName() == null) {
            if (pod.getMetadata().getDeletionTimestamp() == null) {
                node.bind(pod);
            }
            return;
        }
        if (!node.runs(pod)) {
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // a run in progress notices when it writes the status (the pod is gone)
            node.completeDeletion(pod);
            return;
        }
        if (isTerminal(pod)) {
            return;
        }
        String uid = pod.getMetadata().getUid() != null ? pod.getMetadata().getUid()
                : key(pod) + "@" + pod.getMetadata().getCreationTimestamp();
        if (claimedUids.add(uid)) {
            try {
                pool.submit(() -> start(pod));
            } catch (RejectedExecutionException e) {
                // closed: the pod is left as it is
            }
        }
    }

    private void start(Pod pod) {
        PodRole role = roleOf(pod);
        startedByRole.get(role).incrementAndGet();
        if (role == PodRole.BUILD) {
            synchronized (buildPodNames) {
                buildPodNames.add(pod.getMetadata().getName());
            }
        }
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        EnvbuilderLog log = new EnvbuilderLog(text -> node.publish(namespace, name, text));
        logsByPod.put(key(pod), log);
        Instant startedAt = Instant.now();
        try {
            Container container = envbuilderContainer(pod);
            Map<String, String> env;
            try {
                env = envResolver.resolve(namespace, container);
            } catch (ContainerConfigException e) {
                statusWriter.containerConfigError(pod, e.getMessage());
                record(pod, role, "Pending", -1, log);
                return;
            }
            node.publish(namespace, name, "");
            statusWriter.running(pod, startedAt);
            Runnable action = beforeNext.remove(role + "/" + namespace);
            if (action != null) {
                action.run();
            }
            if (role == PodRole.BUILD) {
                synchronized (holdLock) {
                    if (holdingBuilds) {
                        heldBuilds.add(new HeldBuild(pod, role, env, log, startedAt));
                        return;
                    }
                }
            }
            finish(pod, role, env, log, startedAt);
        } catch (KubernetesClientException e) {
            record(pod, role, "Gone", -1, log);
        } catch (RuntimeException e) {
            log.line("simulated kubelet: " + e);
            record(pod, role, "Failed", -1, log);
        }
    }

    private void finish(Pod pod, PodRole role, Map<String, String> env, EnvbuilderLog log, Instant startedAt) {
        int exitCode;
        Optional<RealEnvbuilder> realEnvbuilder = real.filter(any -> isEnvbuilderImage(envbuilderContainer(pod)));
        try {
            exitCode = realEnvbuilder.isPresent() ? runReal(realEnvbuilder.get(), pod, role, env, log)
                    : runSimulated(pod, role, env, log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.line("simulated kubelet: interrupted");
            exitCode = 137;
        }
        // the log must be readable before the terminal status becomes visible
        node.publish(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), log.text());
        try {
            statusWriter.terminated(pod, startedAt, exitCode);
            record(pod, role, exitCode == 0 ? "Succeeded" : "Failed", exitCode, log);
        } catch (KubernetesClientException e) {
            record(pod, role, "Gone", exitCode, log);
        }
    }

    private int runSimulated(Pod pod, PodRole role, Map<String, String> env, EnvbuilderLog log) {
        Path workDir = null;
        try {
            workDir = Files.createTempDirectory("simulated-envbuilder-" + pod.getMetadata().getName());
            EnvbuilderOptions options;
            try {
                options = EnvbuilderOptions.fromEnvironment(env);
            } catch (IllegalArgumentException e) {
                throw new EnvbuilderFailure("error: " + e.getMessage(), e);
            }
            return new SimulatedEnvbuilderRun(options, workDir, log, registry, injectedFailure(pod, role), clock)
                    .run();
        } catch (EnvbuilderFailure e) {
            log.line(e.errorLine());
            return 1;
        } catch (IOException e) {
            log.line("error: " + e.getMessage());
            return 1;
        } finally {
            deleteQuietly(workDir);
        }
    }

    /** The real binary with the pod's environment and its ConfigMap volumes, until the pod's deadline. */
    private int runReal(RealEnvbuilder envbuilder, Pod pod, PodRole role, Map<String, String> env,
            EnvbuilderLog log) throws InterruptedException {
        if (injectedFailure(pod, role).isPresent()) {
            log.line("simulated kubelet: failBuilds rules do not apply to the real Envbuilder");
            return 1;
        }
        Long deadline = pod.getSpec().getActiveDeadlineSeconds();
        try (PodVolumeFiles volumes = PodVolumeFiles.of(client, pod, envbuilderContainer(pod))) {
            return envbuilder.run(env, volumes.readOnlyMounts(), log,
                    Duration.ofSeconds(deadline == null ? 600 : deadline));
        } catch (ContainerConfigException | IOException e) {
            log.line("simulated kubelet: " + e.getMessage());
            return 1;
        }
    }

    private static boolean isEnvbuilderImage(Container container) {
        String image = container.getImage() == null ? "" : container.getImage();
        return image.startsWith("ghcr.io/coder/envbuilder:") || image.startsWith("ghcr.io/coder/envbuilder@")
                || image.equals("ghcr.io/coder/envbuilder");
    }

    private Optional<String> injectedFailure(Pod pod, PodRole role) {
        if (role != PodRole.BUILD) {
            return Optional.empty();
        }
        return failureRules.stream().filter(rule -> rule.which().test(pod)).map(FailureRule::errorLine).findFirst();
    }

    private void record(Pod pod, PodRole role, String phase, int exitCode, EnvbuilderLog log) {
        String build = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(BUILD_LABEL);
        handled.add(new HandledPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                pod.getMetadata().getUid(), role, build, phase, exitCode, log.text(), Instant.now()));
    }

    private static Container envbuilderContainer(Pod pod) {
        return pod.getSpec().getContainers().stream()
                .filter(container -> PodLogPublisher.CONTAINER.equals(container.getName()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("pod has no container named envbuilder"));
    }

    private static PodRole roleOf(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        Optional<PodRole> labelled = PodRole.fromLabel(labels == null ? null : labels.get(PodRole.LABEL));
        if (labelled.isPresent()) {
            return labelled.get();
        }
        boolean probe = pod.getSpec().getContainers().stream()
                .flatMap(container -> container.getEnv() == null ? java.util.stream.Stream.empty()
                        : container.getEnv().stream())
                .anyMatch(env -> "ENVBUILDER_GET_CACHED_IMAGE".equals(env.getName()) && "true".equals(env.getValue()));
        return probe ? PodRole.PROBE : PodRole.BUILD;
    }

    private static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    /** Stops informing and the pool; runs in progress are interrupted. */
    @Override
    public void close() {
        informer.close();
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownedNode != null) {
            ownedNode.close();
        }
    }

    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            maybeStart(pod);
        }

        @Override
        public void onUpdate(Pod oldPod, Pod newPod) {
            maybeStart(newPod);
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            // nothing to stop: a run in progress notices when it writes the status
        }
    }

    private record FailureRule(Predicate<Pod> which, String errorLine) {
    }

    private record HeldBuild(Pod pod, PodRole role, Map<String, String> env, EnvbuilderLog log, Instant startedAt) {
    }
}
