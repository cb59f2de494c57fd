package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRunSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRunStatus;
import io.dcbuild.operator.api.v1alpha1.RunPhase;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.registry.RegistryAuthenticationException;
import io.dcbuild.operator.runs.PodLogs;
import io.dcbuild.operator.runs.PodRole;
import io.dcbuild.operator.runs.RunNames;
import io.dcbuild.operator.source.GitSourceException;
import io.dcbuild.operator.status.BuildStatusRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A build's side of a run: find or create the run of its cache key, then mirror the run's progress into the build's
 * status and record its image. A build writes a run only to create it; the run controller alone writes its status
 * and its pods. A 409 on create means another build created it first: the build follows that one.
 */
public class RunFollower {

    private static final Map<RunPhase, String> STEP = Map.of(RunPhase.Probing, "asks the cache for",
            RunPhase.Building, "builds", RunPhase.Verifying, "learns the digest it pushed for");
    private static final Map<RunPhase, PodRole> STEP_ROLE = Map.of(RunPhase.Probing, PodRole.PROBE,
            RunPhase.Building, PodRole.BUILD, RunPhase.Verifying, PodRole.VERIFY);

    private static final int FINISHED_SEEN_LIMIT = 10_000;
    private static final Duration FINISHED_SEEN_KEPT = Duration.ofMinutes(10);

    /** Runs of one key tried in turn after failed ones; past the last, the build reports the last failure. */
    static final int MAX_ATTEMPTS = 5;

    private final KubernetesClient client;
    private final BuilderPodFactory podFactory;
    private final PodLogs logs;
    private final CachedImageVerifier verifier;
    private final int failureLogLines;
    private final Clock clock;
    private final Map<String, Instant> finishedSeen = new ConcurrentHashMap<>();

    public RunFollower(KubernetesClient client, BuilderPodFactory podFactory, PodLogs logs,
            CachedImageVerifier verifier, int failureLogLines, Clock clock) {
        this.client = client;
        this.podFactory = podFactory;
        this.logs = logs;
        this.verifier = verifier;
        this.failureLogLines = failureLogLines;
        this.clock = clock;
    }

    /** What a step needs besides the build itself; {@code runs} reads runs of the build's namespace by name. */
    public record RunContext(BuildSettings settings, BuildSecrets secrets, DerivedObjects derived,
            EgressSettings egress, BuildStatusRecorder recorder,
            Function<String, Optional<DevContainerBuildRun>> runs, SourceTip tip) {
    }

    /** The commit the build's ref names, as listed by a request that began at or after {@code notBefore}. */
    @FunctionalInterface
    public interface SourceTip {
        String commitSince(Instant notBefore) throws GitSourceException;
    }

    /**
     * Follows the run of the build's (new) cache key: the first attempt that neither failed nor recorded an image
     * the registry no longer serves, created when absent. A finished run's image is checked with one manifest HEAD.
     */
    public void begin(DevContainerBuild build, RunContext run, Optional<String> rebuildRequest) throws Exception {
        BuildRun inputs = inputsOf(build, run);
        DevContainerBuildRun followed = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            followed = findOrCreate(build, run, inputs, RunNames.of(inputs.cacheKey(), rebuildRequest, attempt));
            RunPhase phase = followed.getStatus() == null ? null : followed.getStatus().getPhase();
            if ((phase == RunPhase.Failed || sourceMoved(followed)) && attempt < MAX_ATTEMPTS) {
                continue;
            }
            if (phase == RunPhase.Succeeded && !isServed(followed.getStatus().getImage(), run)) {
                if (attempt < MAX_ATTEMPTS) {
                    continue; // deleted from the registry since: the next attempt probes or builds
                }
                build.getStatus().setRun(followed.getMetadata().getName());
                run.recorder().failed("ImageNotServed", "run " + followed.getMetadata().getName() + " recorded "
                        + followed.getStatus().getImage() + ", which the registry does not serve, and so did the "
                        + (MAX_ATTEMPTS - 1) + " runs of this cache key before it");
                return;
            }
            break;
        }
        mirror(build, run, followed);
    }

    /**
     * Mirrors the followed run. A run that ended with an image is checked with one manifest HEAD (with the build's
     * credentials and egress) before the build records it; if the registry no longer serves it, the next attempt.
     * A run that is gone (deleted by hand) while the build waits for it is created again.
     *
     * <p>The commit recorded is the commit built: the run's pods clone the tip of the ref (Envbuilder's clone takes a
     * ref name, never a commit), so before its image is recorded the ref is asked for once more. When it no longer
     * names the run's commit, a push came between the run's start and now, and the pods may have built it: the image
     * is recorded for no commit, the run is marked ({@link DevContainerBuildRun#SOURCE_MOVED_ANNOTATION}) so that no
     * build takes it, and the commit the ref moved to is returned: the caller starts the run of that commit. A ref
     * that stays at the run's commit from the run's start to this check was there when every pod cloned it (refs
     * that move forward; one pushed away and back between two checks is not seen).
     *
     * @return the commit the ref moved to, when the run's image was not recorded for that reason
     */
    public Optional<String> advance(DevContainerBuild build, RunContext run) throws Exception {
        String name = build.getStatus().getRun();
        Optional<DevContainerBuildRun> followed = name == null ? Optional.empty() : run.runs().apply(name);
        boolean succeeded = followed.isPresent() && followed.get().getStatus() != null
                && followed.get().getStatus().getPhase() == RunPhase.Succeeded;
        if (succeeded && !isServed(followed.get().getStatus().getImage(), run)) {
            boolean rebuild = RunNames.isRebuild(name);
            begin(build, run, rebuild ? Optional.ofNullable(build.getStatus().getRebuildRequest()) : Optional.empty());
            return Optional.empty();
        }
        if (succeeded) {
            // an ls-remote begun after the run finished (all its pods had cloned), shared by the run's followers
            String tip = run.tip().commitSince(finishSeen(followed.get()));
            if (!tip.equals(followed.get().getSpec().getCommit())) {
                markSourceMoved(followed.get(), tip);
                return Optional.of(tip);
            }
        }
        mirror(build, run, followed.isPresent() ? followed.get()
                : findOrCreate(build, run, inputsOf(build, run), name != null ? name
                        : RunNames.of(build.getStatus().getCacheKey(), Optional.empty(), 1)));
        return Optional.empty();
    }

    /**
     * When this operator first saw the run finished: after every clone of its pods. A run's status has whole seconds
     * only, so the moment is kept here, per run, for the followers that check the ref after it (a restarted operator
     * sees it anew, later: still after the clones).
     */
    private Instant finishSeen(DevContainerBuildRun run) {
        Instant now = Instant.now(clock);
        if (finishedSeen.size() > FINISHED_SEEN_LIMIT) {
            finishedSeen.values().removeIf(seen -> seen.isBefore(now.minus(FINISHED_SEEN_KEPT)));
        }
        return finishedSeen.computeIfAbsent(run.getMetadata().getUid(), uid -> now);
    }

    static boolean sourceMoved(DevContainerBuildRun run) {
        Map<String, String> annotations = run.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(DevContainerBuildRun.SOURCE_MOVED_ANNOTATION);
    }

    private void markSourceMoved(DevContainerBuildRun run, String tip) {
        client.resources(DevContainerBuildRun.class).inNamespace(run.getMetadata().getNamespace())
                .withName(run.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\""
                        + DevContainerBuildRun.SOURCE_MOVED_ANNOTATION + "\":\"" + tip + "\"}}}");
    }

    /**
     * Creates (or finds) the refresh run of the build's cache key for {@code request}: a forced build, its pods
     * rendered from {@code run}'s settings (see {@link KeepWarm}). The build does not follow it: it stays Ready.
     *
     * @return the run's name
     */
    public String beginRefresh(DevContainerBuild build, RunContext run, String request) {
        BuildRun inputs = inputsOf(build, run);
        String name = RunNames.of(inputs.cacheKey(), Optional.of(request), 1);
        findOrCreate(build, run, inputs, name);
        return name;
    }

    /**
     * The run a build of this key would follow now, as the informer has it, if one exists that did not fail: its
     * creator's preflight passed for the same commit, settings and policies, and it records what that found.
     */
    public Optional<DevContainerBuildRun> existing(String cacheKey, Optional<String> rebuildRequest, RunContext run) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<DevContainerBuildRun> found = run.runs().apply(RunNames.of(cacheKey, rebuildRequest, attempt));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            if ((found.get().getStatus() == null || found.get().getStatus().getPhase() != RunPhase.Failed)
                    && !sourceMoved(found.get())) {
                return found.filter(r -> cacheKey.equals(r.getSpec().getCacheKey()));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the registry serves {@code image}, an image recorded for the run's cache key, today. A registry that
     * refuses the build's credentials (401, 403) is not an outage: the build stalls until its credentials change
     * (a change of the Secret, or of a policy, re-evaluates it), instead of being retried without end.
     */
    public boolean isServed(String image, RunContext run) throws Exception {
        if (image == null || !image.startsWith(run.settings().cacheRepo() + "@")) {
            return false;
        }
        try {
            return verifier.isServed(image, run.secrets(), run.egress());
        } catch (RegistryAuthenticationException e) {
            throw new BuildBlockedException("RegistryAuthenticationFailed", "the registry refused the credentials "
                    + "this build reaches " + run.settings().cacheRepo() + " with ("
                    + run.settings().registryCredentialsSecret().map(name -> "spec.registryCredentialsSecretRef "
                            + name).orElse("a policy's registryCredentials, or none") + ") when the operator "
                    + "checked " + image + ": " + e.getMessage() + "; they need pull rights on the cache "
                    + "repository (and push rights for builds)", e);
        }
    }

    /** Ends the run Ready with {@code image}, recorded for its cache key and served ({@link #isServed}): no pod. */
    public void recordReused(DevContainerBuild build, String image, RunContext run) {
        recordReady(build, run, image, true, "CacheHit",
                "recorded for this cache key in the namespace and served by the registry: ");
    }

    /** The image of a Succeeded run is served ({@link #begin} checked it) when this is called. */
    private void mirror(DevContainerBuild build, RunContext run, DevContainerBuildRun followed) {
        DevContainerBuildRunStatus status = followed.getStatus();
        String name = followed.getMetadata().getName();
        boolean joinedFinished = !name.equals(build.getStatus().getRun())
                && status != null && status.getPhase() == RunPhase.Succeeded;
        build.getStatus().setRun(name);
        if (joinedFinished) {
            recordReady(build, run, status.getImage(), true, "CacheHit", "recorded by run " + name
                    + " and served by the registry: ");
            return;
        }
        // a run the run controller has not started yet is about to enter its first step
        RunPhase runPhase = status != null && status.getPhase() != null ? status.getPhase()
                : followed.getSpec().isForceBuild() ? RunPhase.Building : RunPhase.Probing;
        build.getStatus().setBuilderPod(status == null ? null : status.getPod());
        switch (runPhase) {
            case Probing, Building, Verifying -> {
                // one message per phase, not the run's every word: a run's progress would otherwise write every
                // follower's status on each pod update (the run's own status has the pod's details); the pod of a
                // phase is named by the run, known before the run controller records it
                BuildPhase phase = BuildPhase.valueOf(runPhase.name());
                String pod = RunNames.pod(followed, STEP_ROLE.get(runPhase));
                build.getStatus().setBuilderPod(pod);
                boolean retrying = status != null && status.getStepAttempt() != null && status.getStepAttempt() > 1
                        && status.getNextAttemptAt() != null;
                run.recorder().inProgress(phase, phase.name(), "run " + name + " " + STEP.get(runPhase)
                        + " commit " + shortCommit(followed) + " (pod " + pod + ")"
                        + (retrying ? "; " + status.getMessage() : ""));
            }
            case Succeeded -> recordReady(build, run, status.getImage(), Boolean.TRUE.equals(status.getCacheHit()),
                    Boolean.TRUE.equals(status.getCacheHit()) ? "CacheHit" : "Built",
                    (Boolean.TRUE.equals(status.getCacheHit()) ? "found in the cache by run " : "built by run ")
                            + name + ": ");
            case Failed -> {
                String log = status.getPod() == null ? "" : logs.tail(namespace(build), status.getPod());
                run.recorder().failed(status.getReason(), "run " + name + ": " + status.getMessage()
                        + (log.isBlank() ? "" : "; its log ends with:\n"
                                + LogTail.of(log, failureLogLines, run.secrets().values())));
            }
            default -> throw new IllegalStateException("unknown run phase " + runPhase);
        }
    }

    private DevContainerBuildRun findOrCreate(DevContainerBuild build, RunContext run, BuildRun inputs, String name) {
        Optional<DevContainerBuildRun> cached = run.runs().apply(name);
        if (cached.isPresent()) {
            return checked(cached.get(), inputs);
        }
        DevContainerBuildRun desired = desired(build, run, inputs, name);
        try {
            return client.resource(desired).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // another build of this key created it first (the informer had not seen it yet): follow that one
            return checked(client.resources(DevContainerBuildRun.class).inNamespace(namespace(build))
                    .withName(name).require(), inputs);
        }
    }

    private static DevContainerBuildRun checked(DevContainerBuildRun existing, BuildRun inputs) {
        if (!inputs.cacheKey().equals(existing.getSpec().getCacheKey())) {
            throw new IllegalStateException("run " + existing.getMetadata().getName() + " belongs to cache key "
                    + existing.getSpec().getCacheKey() + ", not " + inputs.cacheKey());
        }
        return existing;
    }

    private DevContainerBuildRun desired(DevContainerBuild build, RunContext run, BuildRun inputs, String name) {
        DevContainerBuildRun desired = new DevContainerBuildRun();
        desired.getMetadata().setName(name);
        desired.getMetadata().setNamespace(namespace(build));
        desired.getMetadata().setLabels(new HashMap<>(Map.of(
                BuildLabels.MANAGED_BY, BuildLabels.MANAGED_BY_VALUE,
                BuildLabels.CACHE_KEY, inputs.cacheKey().substring(0, 32))));
        DevContainerBuildRunSpec spec = new DevContainerBuildRunSpec();
        spec.setCacheKey(inputs.cacheKey());
        spec.setCommit(inputs.commit());
        spec.setGitRef(inputs.gitRef());
        spec.setCacheRepo(run.settings().cacheRepo());
        spec.setForceBuild(RunNames.isRebuild(name));
        spec.setRequestedBy(build.getMetadata().getName());
        spec.setPods(podFactory.templates(run.settings(), inputs, run.derived()));
        spec.setReferences(new ArrayList<>(build.getStatus().getReferences()));
        desired.setSpec(spec);
        return desired;
    }

    private void recordReady(DevContainerBuild build, RunContext run, String image, boolean cacheHit, String reason,
            String messagePrefix) {
        ImageHistory.record(build.getStatus(), image, cacheHit, now(), run.settings().historyLimit());
        run.recorder().ready(reason, messagePrefix + image);
    }

    private static BuildRun inputsOf(DevContainerBuild build, RunContext run) {
        String gitRef = build.getStatus().getGitRef() != null ? build.getStatus().getGitRef() : run.settings().ref();
        return new BuildRun(build.getStatus().getCacheKey(), build.getStatus().getCommit(), gitRef);
    }

    private static String shortCommit(DevContainerBuildRun run) {
        String commit = run.getSpec().getCommit();
        return commit.substring(0, Math.min(12, commit.length()));
    }

    private static String namespace(DevContainerBuild build) {
        return build.getMetadata().getNamespace();
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
