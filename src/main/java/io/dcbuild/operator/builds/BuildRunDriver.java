package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildStatus;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.status.BuildStatusRecorder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Moves a run one step: probe the cache; on a miss build; after a build probe again to learn the digest; record
 * the image once the registry confirms it. Each step waits for its pod, whose events bring the next reconcile.
 */
public class BuildRunDriver {

    private final SharedPods pods;
    private final BuilderPodFactory podFactory;
    private final PodLogs logs;
    private final CachedImageVerifier verifier;
    private final int failureLogLines;
    private final Clock clock;

    public BuildRunDriver(SharedPods pods, BuilderPodFactory podFactory, PodLogs logs, CachedImageVerifier verifier,
            int failureLogLines, Clock clock) {
        this.pods = pods;
        this.podFactory = podFactory;
        this.logs = logs;
        this.verifier = verifier;
        this.failureLogLines = failureLogLines;
        this.clock = clock;
    }

    /** What a step needs besides the build itself. */
    public record RunContext(BuildSettings settings, BuildSecrets secrets, DerivedObjects derived,
            EgressSettings egress, BuildStatusRecorder recorder) {
    }

    public void advance(DevContainerBuild build, RunContext run) throws Exception {
        DevContainerBuildStatus status = build.getStatus();
        BuildRun buildRun = new BuildRun(status.getCacheKey(), status.getCommit(), gitRefOf(status, run));
        switch (status.getPhase()) {
            case Probing -> askCache(build, run, buildRun, PodRole.PROBE);
            case Building -> buildImage(build, run, buildRun);
            case Verifying -> askCache(build, run, buildRun, PodRole.VERIFY);
            default -> throw new IllegalStateException("no run is under way in phase " + status.getPhase());
        }
    }

    /** Whether the registry serves {@code image}, an image recorded for the run's cache key, today. */
    public boolean isServed(String image, RunContext run) throws Exception {
        return image.startsWith(run.settings().cacheRepo() + "@")
                && verifier.isServed(image, run.secrets(), run.egress());
    }

    /** Ends the run Ready with {@code image}, recorded for its cache key and served ({@link #isServed}): no pod. */
    public void recordReused(DevContainerBuild build, String image, RunContext run) {
        recordReady(build, run, image, true, "CacheHit",
                "recorded for this cache key in the namespace and served by the registry: ");
    }

    private void recordReady(DevContainerBuild build, RunContext run, String image, boolean cacheHit, String reason,
            String messagePrefix) {
        ImageHistory.record(build.getStatus(), image, cacheHit, now(), run.settings().historyLimit());
        run.recorder().ready(reason, messagePrefix + image);
    }

    private void askCache(DevContainerBuild build, RunContext run, BuildRun buildRun, PodRole role) throws Exception {
        BuildPhase phase = role == PodRole.PROBE ? BuildPhase.Probing : BuildPhase.Verifying;
        Pod pod = pods.join(podFactory.create(build, run.settings(), buildRun, role, run.derived()), build);
        build.getStatus().setBuilderPod(pod.getMetadata().getName());
        PodOutcome outcome = PodOutcome.of(pod);
        if (!outcome.finished()) {
            run.recorder().inProgress(phase, phase.name(),
                    "pod " + pod.getMetadata().getName() + " asks the cache for commit " + shortCommit(buildRun)
                            + ": " + outcome.detail());
            return;
        }
        String log = logs.tail(namespace(build), pod.getMetadata().getName());
        Optional<String> image = CachedImageLine.find(log)
                .filter(found -> found.startsWith(run.settings().cacheRepo() + "@"));
        boolean served = outcome.succeeded() && image.isPresent() && isServed(image.get(), run);
        if (served) {
            pods.leave(namespace(build), pod.getMetadata().getName(), build);
            recordReady(build, run, image.get(), role == PodRole.PROBE, role == PodRole.PROBE ? "CacheHit" : "Built",
                    role == PodRole.PROBE ? "found in the cache: " : "built and pushed: ");
            return;
        }
        if (role == PodRole.PROBE) {
            pods.leave(namespace(build), pod.getMetadata().getName(), build);
            build.getStatus().setPhase(BuildPhase.Building);
            buildImage(build, run, buildRun);
            return;
        }
        run.recorder().failed("ImageNotFoundAfterBuild", "the builder pod succeeded, but the probe pod "
                + pod.getMetadata().getName() + " found no image in " + run.settings().cacheRepo()
                + (image.isPresent() ? " served by the registry (it reported " + image.get() + ")" : "")
                + "; its log ends with:\n" + LogTail.of(log, failureLogLines, run.secrets().values()));
    }

    private void buildImage(DevContainerBuild build, RunContext run, BuildRun buildRun) throws Exception {
        Pod pod = pods.join(podFactory.create(build, run.settings(), buildRun, PodRole.BUILD,
                run.derived()), build);
        build.getStatus().setBuilderPod(pod.getMetadata().getName());
        PodOutcome outcome = PodOutcome.of(pod);
        if (!outcome.finished()) {
            run.recorder().inProgress(BuildPhase.Building, "Building", "no cached image for commit "
                    + shortCommit(buildRun) + "; pod " + pod.getMetadata().getName() + " builds it: "
                    + outcome.detail());
            return;
        }
        if (outcome.succeeded()) {
            pods.leave(namespace(build), pod.getMetadata().getName(), build);
            build.getStatus().setPhase(BuildPhase.Verifying);
            askCache(build, run, buildRun, PodRole.VERIFY);
            return;
        }
        String log = logs.tail(namespace(build), pod.getMetadata().getName());
        keepOnlyLastFailure(build, pod);
        run.recorder().failed("BuildFailed", "builder pod " + pod.getMetadata().getName() + " failed ("
                + outcome.exitText() + "); its log ends with:\n"
                + LogTail.of(log, failureLogLines, run.secrets().values()));
    }

    /** The failed pod stays for debugging; older failed pods of this build go. */
    private void keepOnlyLastFailure(DevContainerBuild build, Pod failed) {
        for (Pod other : pods.ownedBy(build)) {
            if (!other.getMetadata().getName().equals(failed.getMetadata().getName())
                    && PodOutcome.of(other).state() == PodOutcome.State.FAILED) {
                pods.leave(namespace(build), other.getMetadata().getName(), build);
            }
        }
    }

    private static String gitRefOf(DevContainerBuildStatus status, RunContext run) {
        return status.getGitRef() != null ? status.getGitRef() : run.settings().ref();
    }

    private static String shortCommit(BuildRun run) {
        return run.commit() == null ? "?" : run.commit().substring(0, Math.min(12, run.commit().length()));
    }

    private static String namespace(DevContainerBuild build) {
        return build.getMetadata().getNamespace();
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
