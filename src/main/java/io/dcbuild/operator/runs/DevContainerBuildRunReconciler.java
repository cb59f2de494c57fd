package io.dcbuild.operator.runs;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRunStatus;
import io.dcbuild.operator.api.v1alpha1.RunPhase;
import io.dcbuild.operator.builds.BuildLabels;
import io.dcbuild.operator.builds.StatusFingerprint;
import io.dcbuild.operator.config.OperatorConfig;
import io.dcbuild.operator.config.WatchedNamespaces;
import io.dcbuild.operator.egress.EgressHttpClients;
import io.dcbuild.operator.metrics.RunMetrics;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Moves a run through its steps, and is the only writer of its pods: probe the cache; on a miss build; after a
 * build verify to learn the digest; record the image. Phases only move forward, and every decision is written to
 * status before the pod it concerns is deleted, so an operator stopped between any two writes resumes where it
 * stopped: a pod is only ever created for the current phase, under a name fixed by the run, so no step runs twice.
 *
 * <p>The run and its pods are read from informer caches, which may lag. So a pod is created only after a status write
 * with the run's resourceVersion succeeded (the write fences the decision: on a stale view it fails, and the run is
 * read again); only pods of steps earlier than the run's phase are deleted (a stale phase is an earlier one); and a
 * create the API server refuses as existing (the pod cache lagging) is a no-op. What this controller writes goes into
 * the SDK's caches at once ({@link RunCaches}), so that the next reconcile rarely works on a lagging view.
 *
 * <p>Once finished, a run is the record of its cache key's image; it is deleted when no build has followed it for
 * {@code dcbuild.runs.retention}.
 */
@ControllerConfiguration(name = DevContainerBuildRunReconciler.NAME, generationAwareEventProcessing = false)
public class DevContainerBuildRunReconciler implements Reconciler<DevContainerBuildRun> {

    public static final String NAME = "devcontainerbuildrun";
    private static final Logger LOG = Logger.getLogger(DevContainerBuildRunReconciler.class);
    /** The wait before the second attempt of a step whose pod could not reach a server; doubled each time. */
    static final Duration FIRST_STEP_BACKOFF = Duration.ofSeconds(10);
    /** HTTP 422, the API server's answer to an object admission found invalid (HttpURLConnection has no name). */
    private static final int UNPROCESSABLE = 422;
    static final Duration MAX_STEP_BACKOFF = Duration.ofMinutes(5);
    /** Verify pods that find no image after a successful build, before the run fails (ImageNotFoundAfterBuild). */
    static final int VERIFY_ATTEMPTS = 3;

    private final KubernetesClient client;
    private final PodLogs logs;
    private final RunRecordRetention retention;
    private final WatchedNamespaces watched;
    private final CacheRegistryReachability registry;
    private final RunMetrics metrics;
    private final Clock clock;

    @Inject
    public DevContainerBuildRunReconciler(KubernetesClient client, OperatorConfig config, WatchedNamespaces watched,
            EgressHttpClients http, RunMetrics metrics, Clock clock) {
        this.client = client;
        this.metrics = metrics;
        this.registry = new CacheRegistryReachability(http);
        this.watched = watched;
        this.logs = new PodLogs(client);
        this.retention = new RunRecordRetention(client, config.runs().retention(), clock);
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, DevContainerBuildRun>> prepareEventSources(
            EventSourceContext<DevContainerBuildRun> context) {
        watched.requireWatchedBy(context.getControllerConfiguration());
        metrics.observe(() -> context.getPrimaryCache().list());
        // the controller's namespaces, like the runs that own the pods
        var pods = InformerEventSourceConfiguration.from(Pod.class, DevContainerBuildRun.class)
                .withLabelSelector(BuildLabels.MANAGED_BY_SELECTOR + "," + RunNames.RUN_LABEL)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(DevContainerBuildRun.class, false))
                .build();
        return List.of(new InformerEventSource<>(pods, context));
    }

    @Override
    public UpdateControl<DevContainerBuildRun> reconcile(DevContainerBuildRun run,
            Context<DevContainerBuildRun> context) {
        List<Pod> pods = List.copyOf(context.getSecondaryResources(Pod.class));
        RunCaches caches = new RunCaches(context);
        DevContainerBuildRun current = run;
        // whether current is the run as the API server last stored it (written or read in this reconcile), rather
        // than the informer's view, which may lag
        boolean fresh = false;
        // at most one pass per phase: a finished probe can lead to the builder pod in this same reconcile
        for (int pass = 0; pass <= RunPhase.values().length && current != null; pass++) {
            if (current.getStatus() == null || current.getStatus().getPhase() == null) {
                current = write(started(current), caches);
                fresh = true;
                continue;
            }
            DevContainerBuildRunStatus status = current.getStatus();
            if (status.getPhase().isFinished()) {
                pods.stream().filter(pod -> !pod.getMetadata().getName().equals(keptPod(status)))
                        .forEach(this::delete);
                return retention.keepOrDelete(current);
            }
            PodRole role = roleOf(status.getPhase());
            int attempt = RunNames.stepAttempt(current);
            // pods of earlier steps, and of earlier attempts of this step: the status moved past them (it is written
            // before anything is deleted). Never a later one's: this view of the run may lag behind the pods (phases
            // and attempts only move forward)
            pods.stream().filter(pod -> RunPods.roleOf(pod) != null && (RunPods.roleOf(pod).compareTo(role) < 0
                    || RunPods.roleOf(pod) == role && RunPods.attemptOf(pod) < attempt)).forEach(this::delete);
            String podName = RunNames.pod(current, role);
            Optional<Pod> pod = pods.stream().filter(p -> p.getMetadata().getName().equals(podName)).findFirst();
            if (pod.isEmpty()) {
                Optional<Duration> wait = untilNextAttempt(status);
                if (wait.isPresent()) {
                    return UpdateControl.<DevContainerBuildRun>noUpdate().rescheduleAfter(wait.get());
                }
                String before = StatusFingerprint.of(status);
                enter(current, role);
                if (!fresh || !StatusFingerprint.of(status).equals(before)) {
                    // the write is the fence: it fails when this view of the run is not the latest
                    DevContainerBuildRun fenced = write(current, caches);
                    fresh = true;
                    if (fenced != current) {
                        current = fenced;
                        continue;
                    }
                }
                Optional<String> refused = create(RunPods.desired(current, role), caches);
                if (refused.isPresent()) {
                    // admission (Pod Security, a quota, a webhook) or RBAC said no: said in the status, and tried
                    // again with backoff, as an outage is (a quota may free up; a fixed policy is then picked up)
                    retryStep(current, role, refused.get());
                    write(current, caches);
                    return UpdateControl.<DevContainerBuildRun>noUpdate()
                            .rescheduleAfter(untilNextAttempt(current.getStatus()).orElse(FIRST_STEP_BACKOFF));
                }
                return UpdateControl.noUpdate();
            }
            String before = StatusFingerprint.of(status);
            PodOutcome outcome = PodOutcome.of(pod.get());
            status.setPod(pod.get().getMetadata().getName());
            if (!outcome.finished()) {
                // a pod that waits says why (an image it cannot pull, a Secret it lacks): worth a write; being
                // scheduled or running is not
                if (outcome.waitsForAReason()) {
                    status.setMessage("pod " + status.getPod() + ": " + outcome.detail());
                }
                if (!StatusFingerprint.of(status).equals(before)) {
                    write(current, caches);
                }
                return UpdateControl.noUpdate();
            }
            next(current, role, pod.get(), outcome);
            current = write(current, caches);
            fresh = true;
        }
        return UpdateControl.noUpdate();
    }

    /** The status of a step whose pod is about to be created: its name, and a message saying so. */
    private static void enter(DevContainerBuildRun run, PodRole role) {
        run.getStatus().setNextAttemptAt(null);
        run.getStatus().setPod(RunNames.pod(run, role));
        run.getStatus().setMessage("pod " + run.getStatus().getPod() + " created");
    }

    /** The status of the next step: its first attempt. */
    private static void nextStep(DevContainerBuildRun run, RunPhase phase, PodRole role) {
        run.getStatus().setPhase(phase);
        run.getStatus().setStepAttempt(null);
        enter(run, role);
    }

    /**
     * A pod that could not reach a server it needs (the registry, the git server) says nothing about the build: the
     * step is tried again with a new pod, after a backoff that doubles up to {@link #MAX_STEP_BACKOFF}, without end,
     * so that a run heals by itself when the server is back.
     */
    private void retryStep(DevContainerBuildRun run, PodRole role, String pod, String unreachable) {
        retryStep(run, role, "pod " + pod + " could not reach a server it needs (" + unreachable + ")");
    }

    /** The step starts again with a new pod after the backoff; {@code why} says what the last pod met. */
    private void retryStep(DevContainerBuildRun run, PodRole role, String why) {
        DevContainerBuildRunStatus status = run.getStatus();
        int next = RunNames.stepAttempt(run) + 1;
        long factor = 1L << Math.min(next - 2, 10);
        Duration backoff = FIRST_STEP_BACKOFF.multipliedBy(factor);
        Instant at = Instant.now(clock).plus(backoff.compareTo(MAX_STEP_BACKOFF) > 0 ? MAX_STEP_BACKOFF : backoff)
                .truncatedTo(ChronoUnit.SECONDS);
        status.setStepAttempt(next);
        status.setNextAttemptAt(at.toString());
        status.setMessage(why + "; the " + role.label() + " step starts again at " + at + " (attempt " + next + ")");
        LOG.infof("%s/%s: %s", namespace(run), run.getMetadata().getName(), status.getMessage());
    }

    /** How long until the next attempt of the current step may start, if it must wait. */
    private Optional<Duration> untilNextAttempt(DevContainerBuildRunStatus status) {
        if (status.getNextAttemptAt() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(Instant.now(clock), Instant.parse(status.getNextAttemptAt()));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /**
     * Writes the run's status with its resourceVersion (an update, not a patch): the API server refuses it when the
     * run changed since this view of it was read (a lagging informer cache). Then the run is read again and the
     * caller decides on that; nothing else was done on the stale view.
     *
     * @return the run as written ({@code run} itself, updated), or as read again after a conflict (null if gone)
     */
    private DevContainerBuildRun write(DevContainerBuildRun run, RunCaches caches) {
        try {
            DevContainerBuildRun written = client.resources(DevContainerBuildRun.class)
                    .inNamespace(run.getMetadata().getNamespace()).resource(run).updateStatus();
            caches.written(written);
            run.setMetadata(written.getMetadata());
            return run;
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            return client.resources(DevContainerBuildRun.class).inNamespace(run.getMetadata().getNamespace())
                    .withName(run.getMetadata().getName()).get();
        }
    }

    private DevContainerBuildRun started(DevContainerBuildRun run) {
        DevContainerBuildRunStatus status = new DevContainerBuildRunStatus();
        status.setPhase(run.getSpec().isForceBuild() ? RunPhase.Building : RunPhase.Probing);
        status.setStartedAt(now());
        run.setStatus(status);
        enter(run, roleOf(status.getPhase()));
        LOG.infof("%s/%s: run started for %s at %s (requested by %s)", namespace(run), run.getMetadata().getName(),
                run.getSpec().getGitRef(), run.getSpec().getCommit(), run.getSpec().getRequestedBy());
        return run;
    }

    /** Records what a finished pod means; the pod itself is deleted by a later reconcile, once this is written. */
    private void next(DevContainerBuildRun run, PodRole role, Pod pod, PodOutcome outcome) {
        DevContainerBuildRunStatus status = run.getStatus();
        String name = pod.getMetadata().getName();
        recordDuration(role, pod, outcome);
        switch (role) {
            case PROBE -> {
                String log = logs.tail(namespace(run), name);
                Optional<String> unreachable = outcome.succeeded() ? Optional.empty()
                        : UnreachableServerLine.find(log);
                Optional<String> image = outcome.succeeded() ? CachedImageLine.find(log)
                        .filter(found -> inCacheRepo(run, found)) : Optional.empty();
                if (unreachable.isPresent()) {
                    retryStep(run, role, name, unreachable.get()); // a miss it is not: do not build for nothing
                } else if (image.isPresent()) {
                    metrics.cacheLookup(true);
                    recordCacheLayers(run, name);
                    succeed(run, image.get(), true, "found in the cache by pod " + name);
                } else {
                    // Envbuilder reports a cache registry out of reach as a miss: ask the registry before building
                    Optional<String> down = registry.unreachable(run);
                    if (down.isPresent()) {
                        retryStep(run, role, name, down.get() + ", asked by the operator after the pod found no "
                                + "image");
                    } else {
                        metrics.cacheLookup(false);
                        nextStep(run, RunPhase.Building, PodRole.BUILD);
                    }
                }
            }
            case BUILD -> {
                if (outcome.succeeded()) {
                    nextStep(run, RunPhase.Verifying, PodRole.VERIFY);
                } else {
                    Optional<String> unreachable = UnreachableServerLine.find(logs.tail(namespace(run), name));
                    if (unreachable.isPresent()) {
                        retryStep(run, role, name, unreachable.get());
                    } else {
                        fail(run, "BuildFailed", "builder pod " + name + " failed (" + outcome.exitText() + ")");
                    }
                }
            }
            case VERIFY -> {
                String log = logs.tail(namespace(run), name);
                Optional<String> reported = CachedImageLine.find(outcome.succeeded() ? log : "");
                Optional<String> image = reported.filter(found -> inCacheRepo(run, found));
                Optional<String> unreachable = UnreachableServerLine.find(log);
                Optional<String> down = image.isPresent() || unreachable.isPresent() ? Optional.empty()
                        : registry.unreachable(run); // as for the probe: Envbuilder says "not found" for it
                if (image.isPresent()) {
                    recordCacheLayers(run, name);
                    succeed(run, image.get(), false, "built and pushed; verified by pod " + name);
                } else if (unreachable.isPresent()) {
                    retryStep(run, role, name, unreachable.get());
                } else if (down.isPresent()) {
                    retryStep(run, role, name, down.get() + ", asked by the operator after the pod found no image");
                } else if (RunNames.stepAttempt(run) < VERIFY_ATTEMPTS) {
                    // registries on eventually consistent storage, or busy with the same tags pushed by other
                    // builders, may show a push late: asked again a bounded number of times before failing
                    retryStep(run, role, "the verify pod " + name + " found no image in "
                            + run.getSpec().getCacheRepo() + " yet");
                } else {
                    fail(run, "ImageNotFoundAfterBuild", "the builder pod succeeded, but the verify pod " + name
                            + " found no image in " + run.getSpec().getCacheRepo()
                            + reported.map(other -> " (it reported " + other + ")").orElse("")
                            + (outcome.succeeded() ? "" : " (" + outcome.exitText() + ")"));
                }
            }
            default -> throw new IllegalStateException("unknown role " + role);
        }
    }

    /** The pod's container ran from its start to its end, as its terminated state says. */
    private void recordDuration(PodRole role, Pod pod, PodOutcome outcome) {
        pod.getStatus().getContainerStatuses().stream()
                .filter(container -> container.getState() != null && container.getState().getTerminated() != null)
                .map(container -> container.getState().getTerminated())
                .filter(terminated -> terminated.getStartedAt() != null && terminated.getFinishedAt() != null)
                .findFirst()
                .ifPresent(terminated -> metrics.podFinished(role.label(), Instant.parse(terminated.getStartedAt()),
                        Instant.parse(terminated.getFinishedAt()), outcome.succeeded()));
    }

    private static boolean inCacheRepo(DevContainerBuildRun run, String image) {
        return image.startsWith(run.getSpec().getCacheRepo() + "@");
    }

    /** The layers the found image is made of (see {@link CacheLayerLines}), for builds that keep the cache warm. */
    private void recordCacheLayers(DevContainerBuildRun run, String pod) {
        run.getStatus().setCacheLayers(CacheLayerLines.find(logs.fromStart(namespace(run), pod),
                run.getSpec().getCacheRepo()));
    }

    private void succeed(DevContainerBuildRun run, String image, boolean cacheHit, String message) {
        DevContainerBuildRunStatus status = run.getStatus();
        status.setPhase(RunPhase.Succeeded);
        status.setImage(image);
        status.setCacheHit(cacheHit);
        status.setPod(null);
        status.setMessage(message);
        status.setFinishedAt(now());
        metrics.runFinished(RunPhase.Succeeded, cacheHit, Instant.parse(status.getStartedAt()));
        LOG.infof("%s/%s: %s (%s)", namespace(run), run.getMetadata().getName(), image, message);
    }

    /** The failed pod stays (status.pod names it) for its log; the builds following the run read its tail. */
    private void fail(DevContainerBuildRun run, String reason, String message) {
        DevContainerBuildRunStatus status = run.getStatus();
        status.setPhase(RunPhase.Failed);
        status.setReason(reason);
        status.setMessage(message);
        status.setFinishedAt(now());
        metrics.runFinished(RunPhase.Failed, false, Instant.parse(status.getStartedAt()));
        LOG.infof("%s/%s: %s: %s", namespace(run), run.getMetadata().getName(), reason, message);
    }

    private static String keptPod(DevContainerBuildRunStatus status) {
        return status.getPhase() == RunPhase.Failed ? status.getPod() : null;
    }

    private static PodRole roleOf(RunPhase phase) {
        return switch (phase) {
            case Probing -> PodRole.PROBE;
            case Building -> PodRole.BUILD;
            case Verifying -> PodRole.VERIFY;
            default -> throw new IllegalStateException("no pod in phase " + phase);
        };
    }

    /**
     * Creates the pod of a step.
     *
     * @return why the API server refused it (admission: Pod Security, a ResourceQuota, a webhook; RBAC), as a
     *         sentence with the server's own words; empty when it was created, or had been (an informer lagging)
     * @throws KubernetesClientException when the API server could not be asked (retried by the SDK)
     */
    private Optional<String> create(Pod pod, RunCaches caches) {
        try {
            caches.created(client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create());
            return Optional.empty();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return Optional.empty(); // created by this controller already; the informer had not seen it yet
            }
            if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN || e.getCode() == HttpURLConnection.HTTP_BAD_REQUEST
                    || e.getCode() == UNPROCESSABLE) {
                String said = e.getStatus() != null && e.getStatus().getMessage() != null
                        ? e.getStatus().getMessage() : e.getMessage();
                return Optional.of("the API server refused pod " + pod.getMetadata().getName() + ": " + said);
            }
            throw e;
        }
    }

    private void delete(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() == null) {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .delete();
        }
    }

    private static String namespace(DevContainerBuildRun run) {
        return run.getMetadata().getNamespace();
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
