package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildStatus;
import io.dcbuild.operator.clusterproxy.ClusterProxy;
import io.dcbuild.operator.clusterproxy.ClusterProxyEvents;
import io.dcbuild.operator.clusterproxy.ClusterProxySource;
import io.dcbuild.operator.clusterproxy.ProxyChoice;
import io.dcbuild.operator.config.OperatorConfig;
import io.dcbuild.operator.config.WatchedNamespaces;
import io.dcbuild.operator.metrics.BuildMetrics;
import io.dcbuild.operator.policy.EffectivePolicy;
import io.dcbuild.operator.policy.NamespacePolicies;
import io.dcbuild.operator.policy.PolicyDirectory;
import io.dcbuild.operator.policy.PolicySpecValidator;
import io.dcbuild.operator.source.GitSourceException;
import io.dcbuild.operator.source.ResolvedRef;
import io.dcbuild.operator.source.SharedRefResolutions;
import io.dcbuild.operator.status.BuildStatusRecorder;
import io.dcbuild.operator.status.KubernetesEvents;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reconciles a DevContainerBuild, top to bottom: validate the spec, read its Secrets, resolve the ref when a run
 * may start, start a run when the inputs changed, move the run one step, record status.
 *
 * <p>Event processing is not generation-aware: the rebuild annotation changes no generation. Status is patched
 * only when it changed, so the operator's own patches end in a reconcile that changes nothing.
 *
 * <p>Pods are not the build's: the run of its cache key (a DevContainerBuildRun, shared by every build of the key in
 * the namespace) is their only writer, and the build follows it. No finalizer: what a build owns (its derived
 * Secret and ConfigMap) carries an owner reference, and the cluster's garbage collector deletes it with the build.
 * A deleted build never waits for the operator.
 */
@ControllerConfiguration(name = DevContainerBuildReconciler.NAME, generationAwareEventProcessing = false)
public class DevContainerBuildReconciler implements Reconciler<DevContainerBuild> {

    public static final String NAME = "devcontainerbuild";
    static final String RUNS = "runs";
    /** A safety net while pods run: their events normally bring the next reconcile much earlier. */
    private static final Duration ACTIVE_RUN_RECHECK = Duration.ofMinutes(1);
    /** How soon a run is decided again when a policy had not reached the operator's cache yet. */
    private static final Duration POLICY_CACHE_WAIT = Duration.ofMillis(500);
    private static final Logger LOG = Logger.getLogger(DevContainerBuildReconciler.class);

    private final BuildSpecValidator validator;
    private final BuildInputsLoader inputsLoader;
    private final BuildPreflight preflight;
    private final SharedRefResolutions refResolver;
    private final RunFollower runs;
    private final NamedSecretWatches secrets;
    private final PolicySpecValidator policyValidator;
    private final OperatorConfig config;
    private final WatchedNamespaces watched;
    private final BuildMetrics metrics;
    private final KubernetesEvents events;
    private final PushedRefs pushes;
    private final Clock clock;
    private final ClusterProxySource clusterProxy;
    private final KeepWarm keepWarm;
    private final RefPolls polls = new RefPolls();

    @Inject
    public DevContainerBuildReconciler(BuildSpecValidator validator, BuildInputsLoader inputsLoader,
            BuildPreflight preflight, SharedRefResolutions refResolver, RunFollower runs, NamedSecretWatches secrets,
            PushedRefs pushes, OperatorConfig config, WatchedNamespaces watched, BuildMetrics metrics,
            KubernetesEvents events, Clock clock, ClusterProxySource clusterProxy, KeepWarm keepWarm) {
        this.validator = validator;
        this.keepWarm = keepWarm;
        this.clusterProxy = clusterProxy;
        this.metrics = metrics;
        this.events = events;
        this.policyValidator = new PolicySpecValidator(config.builder().requireDigest());
        this.secrets = secrets;
        this.pushes = pushes;
        this.inputsLoader = inputsLoader;
        this.preflight = preflight;
        this.refResolver = refResolver;
        this.runs = runs;
        this.config = config;
        this.watched = watched;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, DevContainerBuild>> prepareEventSources(EventSourceContext<DevContainerBuild> context) {
        watched.requireWatchedBy(context.getControllerConfiguration());
        // A run's progress moves the builds that follow it (status.run names it) or that it refreshes the cache of
        // (status.cache.refreshRun). Runs live in the namespaces of their builds: this informer watches the
        // controller's namespaces.
        var runs = InformerEventSourceConfiguration.from(DevContainerBuildRun.class, DevContainerBuild.class)
                .withName(RUNS)
                .withSecondaryToPrimaryMapper((DevContainerBuildRun run) -> context.getPrimaryCache()
                        .list(run.getMetadata().getNamespace(),
                                build -> runsOf(build).contains(run.getMetadata().getName()))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((DevContainerBuild build) -> runsOf(build).stream()
                        .map(name -> new ResourceID(name, build.getMetadata().getNamespace()))
                        .collect(Collectors.toSet()))
                .build();
        // A policy change may change what every build in its namespaces may do: re-evaluate them (no polling).
        // Policies and namespaces are cluster-scoped: watched cluster-wide, also when the controller watches only some
        // namespaces (one informer per watched namespace would list them all once each).
        var policies = InformerEventSourceConfiguration.from(DevContainerBuildPolicy.class, DevContainerBuild.class)
                .withName(PolicyDirectory.POLICIES)
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper((DevContainerBuildPolicy policy) -> context.getPrimaryCache().list()
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        // Namespace labels select policies: a label change re-evaluates the builds of that namespace.
        var namespaces = InformerEventSourceConfiguration.from(Namespace.class, DevContainerBuild.class)
                .withName(PolicyDirectory.NAMESPACES)
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper((Namespace namespace) -> context.getPrimaryCache()
                        .list(namespace.getMetadata().getName())
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        // The OpenShift cluster proxy (where the API exists): a change re-evaluates every build, as a policy's does.
        var proxy = new ClusterProxyEvents<DevContainerBuild>(clusterProxy, () -> context.getPrimaryCache().list()
                .map(ResourceID::fromResource));
        // The Secrets builds name: one that appears or changes reconciles the builds that read it (see the class).
        // Pushes the git push receiver was told of wake the builds that follow the pushed ref (matched in this cache).
        pushes.followFrom(context.getPrimaryCache());
        return List.of(new InformerEventSource<>(runs, context), new InformerEventSource<>(policies, context),
                new InformerEventSource<>(namespaces, context), secrets, proxy, pushes);
    }

    /** The runs whose progress concerns the build: the one it follows and the one refreshing its cache. */
    private static Set<String> runsOf(DevContainerBuild build) {
        DevContainerBuildStatus status = build.getStatus();
        if (status == null) {
            return Set.of();
        }
        Set<String> names = new java.util.HashSet<>();
        if (status.getRun() != null) {
            names.add(status.getRun());
        }
        if (status.getCache() != null && status.getCache().getRefreshRun() != null) {
            names.add(status.getCache().getRefreshRun());
        }
        return names;
    }

    @Override
    public UpdateControl<DevContainerBuild> reconcile(DevContainerBuild build, Context<DevContainerBuild> context)
            throws Exception {
        BuildPhase phaseBefore = build.getStatus() == null ? null : build.getStatus().getPhase();
        String reasonBefore = readyReason(build);
        try {
            UpdateControl<DevContainerBuild> control = reconcileSteps(build, context);
            metrics.transition(phaseBefore, build.getStatus().getPhase(), readyReason(build));
            announce(build, reasonBefore);
            return control;
        } catch (StackOverflowError | LinkageError | AssertionError bug) {
            // an Error would escape the SDK's handling and leave the build unreconciled for good: make it a
            // failure that ends in a condition (InternalError) and is retried like any other
            throw new IllegalStateException(bug.toString(), bug);
        }
    }

    private UpdateControl<DevContainerBuild> reconcileSteps(DevContainerBuild build, Context<DevContainerBuild> context)
            throws Exception {
        String before = StatusFingerprint.of(build.getStatus());
        if (build.getStatus() == null) {
            build.setStatus(new DevContainerBuildStatus());
        }
        RunTrigger trigger = RunTrigger.of(build, clock, polls, pushes);
        BuildStatusRecorder recorder = new BuildStatusRecorder(build, clock);

        // what this reconcile decides with: checked against the API server before a run is started (see beginRun)
        NamespacePolicies policies = PolicyDirectory.viewOf(build.getMetadata().getNamespace(), context);
        // the admission webhook judges with the same verdict (admission.BuildAdmission)
        BuildSpecVerdict verdict = BuildSpecVerdict.of(build.getSpec(), policies, validator, policyValidator);
        verdict.policy().ifPresent(p -> build.getStatus().setPolicy(p.governing().orElse(null)));
        if (verdict.refusal().isPresent()) {
            BuildSpecVerdict.Refusal refusal = verdict.refusal().get();
            if (refusal.policyViolation()) {
                recorder.policyViolated(refusal.message());
            } else {
                recorder.stalled(refusal.reason(), refusal.message());
            }
            return respond(build, recorder, before, trigger, config.build().defaultPollInterval());
        }
        EffectivePolicy policy = verdict.policy().orElseThrow();
        ProxyChoice proxy = clusterProxy.choose(policy.proxy());
        recorder.policyCompliant(policy.governing().map(p -> "complies with policy " + p)
                .orElse("no policy selects this namespace") + (proxy.fromCluster() ? "; proxy: the cluster's ("
                        + ClusterProxy.DESCRIPTION + "), as no policy of this namespace sets one" : ""));
        BuildSettings settings = BuildSettings.of(build.getSpec(), config, policy, proxy);
        try {
            BuildInputs inputs = inputsLoader.load(build, settings);
            recorder.redacting(inputs.secrets().values());
            if (trigger.shouldResolveRef(settings.pollInterval())) {
                ResolvedRef ref = resolve(settings, inputs, trigger.pushSeenAt());
                recorder.refChecked(ref.fullName(), ref.commit());
                String cacheKey = CacheKey.of(ref.commit(), settings);
                metrics.refPolled(build.getStatus().getCommit() != null
                        && !ref.commit().equals(build.getStatus().getCommit()));
                if (!trigger.startsRun(cacheKey, build.getStatus())) {
                    polls.polled(build, trigger.now()); // the same commit: nothing to write
                } else {
                    return newRun(build, context, trigger, ref, settings, inputs, recorder, policies, before);
                }
            }
            if (RunTrigger.isActive(build.getStatus().getPhase())) {
                Optional<String> movedTo = runs.advance(build, runContext(build, settings, inputs, recorder,
                        context));
                if (movedTo.isPresent()) {
                    LOG.infof("%s/%s: %s moved from %s to %s while run %s ran: its image is not recorded (the "
                            + "pods may have built the new commit); the run of the new commit starts",
                            build.getMetadata().getNamespace(), build.getMetadata().getName(), build.getStatus().getGitRef(),
                            build.getStatus().getCommit(), movedTo.get(), build.getStatus().getRun());
                    return newRun(build, context, trigger, resolve(settings, inputs, Optional.empty()), settings,
                            inputs, recorder, policies, before);
                }
            }
            Optional<Instant> keepWarmNext = keepWarm.tend(build, KeepWarm.wanted(build.getSpec(), policy),
                    runContext(build, settings, inputs, recorder, context), () -> context.getPrimaryCache().list());
            return respond(build, recorder, before, trigger, settings.pollInterval(), keepWarmNext);
        } catch (BuildBlockedException e) {
            recorder.stalled(e.reason(), e.getMessage());
        } catch (GitSourceException e) {
            throw e.redacted(recorder::redact); // retried; its message reaches the status and the log
        }
        return respond(build, recorder, before, trigger, settings.pollInterval());
    }

    /** Records the ref as checked now and begins the run of its commit (see beginRun). */
    private UpdateControl<DevContainerBuild> newRun(DevContainerBuild build, Context<DevContainerBuild> context,
            RunTrigger trigger, ResolvedRef ref, BuildSettings settings, BuildInputs inputs,
            BuildStatusRecorder recorder, NamespacePolicies policies, String before) throws Exception {
        String checkedBefore = build.getStatus().getRefCheckedAt();
        build.getStatus().setRefCheckedAt(trigger.now().truncatedTo(ChronoUnit.SECONDS).toString());
        try {
            beginRun(build, context, trigger, ref, CacheKey.of(ref.commit(), settings),
                    runContext(build, settings, inputs, recorder, context), inputs, policies);
        } catch (PolicyCacheBehind e) {
            // decided again in a moment, with the policy the cache has not received yet; meanwhile the build is not
            // done (a Ready build of an older generation must not look Current to kstatus readers)
            build.getStatus().setRefCheckedAt(checkedBefore);
            recorder.waiting("WaitingForPolicies", "a policy of this namespace is newer on the API server than in "
                    + "the operator's cache; the run starts once the cache has it");
            return respond(build, recorder, before, trigger, settings.pollInterval())
                    .rescheduleAfter(POLICY_CACHE_WAIT);
        }
        polls.polled(build, trigger.now()); // to the instant, unlike refCheckedAt: a push seen since is still pending
        return respond(build, recorder, before, trigger, settings.pollInterval());
    }

    /**
     * Begins the run of a new cache key. When a Ready build of this namespace records the key (same commit, settings
     * and policies), its preflight verdict and references hold and the registry's word on its image is enough: no
     * preflight, no run. When a run of the key exists, its creator's preflight verdict and references hold too.
     * Otherwise the preflight decides; then an image in a build's history that the registry still serves ends the
     * run at once, and else the build follows the key's run (created if absent).
     */
    private void beginRun(DevContainerBuild build, Context<DevContainerBuild> context, RunTrigger trigger,
            ResolvedRef ref, String cacheKey, RunFollower.RunContext run, BuildInputs inputs,
            NamespacePolicies policies) throws Exception {
        // read from the informer cache of builds, not the API server
        Optional<RecordedImages.RecordedImage> recorded = trigger.rebuildRequest().isPresent() ? Optional.empty()
                : RecordedImages.forKey(cacheKey, context.getPrimaryCache().list(build.getMetadata().getNamespace()));
        boolean served = recorded.isPresent() && runs.isServed(recorded.get().image(), run);
        if (served && recorded.get().references().isPresent()) {
            startRun(build, trigger, ref, cacheKey, run.recorder());
            build.getStatus().setReferences(new ArrayList<>(recorded.get().references().get()));
            runs.recordReused(build, recorded.get().image(), run);
            return;
        }
        Optional<DevContainerBuildRun> keyRun = runs.existing(cacheKey, trigger.rebuildRequest(), run);
        if (keyRun.isPresent()) {
            // its creator's preflight passed for this very key: take what it found instead of reading it again
            build.getStatus().setReferences(new ArrayList<>(keyRun.get().getSpec().getReferences()));
        } else {
            if (!policies.isCurrent(context.getClient())) {
                throw new PolicyCacheBehind();
            }
            List<String> refused = preflight.evaluate(build, inputs, ref);
            if (!refused.isEmpty()) {
                refuseRun(build, ref, cacheKey, refused, run.recorder());
                return;
            }
        }
        startRun(build, trigger, ref, cacheKey, run.recorder());
        if (served) {
            runs.recordReused(build, recorded.get().image(), run);
            return;
        }
        runs.begin(build, run, trigger.rebuildRequest());
    }

    @SuppressWarnings("unchecked")
    private RunFollower.RunContext runContext(DevContainerBuild build, BuildSettings settings,
            BuildInputs inputs, BuildStatusRecorder recorder, Context<DevContainerBuild> context) {
        InformerEventSource<DevContainerBuildRun, DevContainerBuild> runs = (InformerEventSource<DevContainerBuildRun,
                DevContainerBuild>) context.eventSourceRetriever().getEventSourceFor(DevContainerBuildRun.class, RUNS);
        String namespace = build.getMetadata().getNamespace();
        return new RunFollower.RunContext(settings, inputs.secrets(), inputs.derived(), inputs.egress(), recorder,
                name -> runs.get(new ResourceID(name, namespace)),
                notBefore -> refResolver.resolveSince(settings.gitUrl(), settings.ref(), inputs.gitAccess(), notBefore)
                        .commit());
    }

    /**
     * The ref's commit, as listed now or by a listing shared with builds of the same repository and ref; after a
     * push ({@code pushSeenAt}), only by a listing begun after the push was seen.
     */
    private ResolvedRef resolve(BuildSettings settings, BuildInputs inputs, Optional<Instant> pushSeenAt)
            throws BuildBlockedException, GitSourceException {
        try {
            return pushSeenAt.isPresent()
                    ? refResolver.resolveSince(settings.gitUrl(), settings.ref(), inputs.gitAccess(), pushSeenAt.get())
                    : refResolver.resolve(settings.gitUrl(), settings.ref(), inputs.gitAccess());
        } catch (GitSourceException e) {
            if (!e.isPermanent()) {
                throw e;
            }
            String reason = switch (e.kind()) {
                case AUTHENTICATION_FAILED -> "GitAuthenticationFailed";
                case REPOSITORY_NOT_FOUND -> "GitRepositoryNotFound";
                case TLS_UNTRUSTED -> "GitTlsUntrusted";
                case UNSUPPORTED_SERVER -> "GitServerUnsupported";
                default -> "GitRefNotFound";
            };
            throw new BuildBlockedException(reason, e.getMessage(), e);
        }
    }

    /** A policy the API server has is not in the operator's cache yet: no run is started without it. */
    private static final class PolicyCacheBehind extends RuntimeException {
        PolicyCacheBehind() {
            super("the operator's cache of policies is behind the API server", null, false, false);
        }
    }

    /** The preflight found references the policies refuse: no pod starts; the inputs are recorded. */
    private void refuseRun(DevContainerBuild build, ResolvedRef ref, String cacheKey, List<String> refused,
            BuildStatusRecorder recorder) {
        build.getStatus().setCommit(ref.commit());
        build.getStatus().setGitRef(ref.fullName());
        build.getStatus().setCacheKey(cacheKey);
        recorder.policyViolated(String.join("; ", refused));
    }

    /** A new run: the inputs it builds are recorded; the run itself is found or created by the follower. */
    private void startRun(DevContainerBuild build, RunTrigger trigger, ResolvedRef ref, String cacheKey,
            BuildStatusRecorder recorder) {
        DevContainerBuildStatus status = build.getStatus();
        status.setCommit(ref.commit());
        status.setGitRef(ref.fullName());
        status.setCacheKey(cacheKey);
        status.setBuilderPod(null);
        status.setRun(null);
        keepWarm.forget(build);
        trigger.rebuildRequest().ifPresent(status::setRebuildRequest);
        boolean forceBuild = trigger.rebuildRequest().isPresent();
        BuildPhase phase = forceBuild ? BuildPhase.Building : BuildPhase.Probing;
        recorder.inProgress(phase, forceBuild ? "RebuildRequested" : "RunStarted",
                (forceBuild ? "rebuild requested: building " : "asking the cache for ") + ref.fullName() + " at "
                        + ref.commit());
        LOG.infof("%s/%s: run started for %s at %s (cache key %s)", build.getMetadata().getNamespace(),
                build.getMetadata().getName(), ref.fullName(), ref.commit(), cacheKey.substring(0, 12));
    }

    private UpdateControl<DevContainerBuild> respond(DevContainerBuild build, BuildStatusRecorder recorder,
            String before, RunTrigger trigger, Duration pollInterval) {
        return respond(build, recorder, before, trigger, pollInterval, Optional.empty());
    }

    /** @param keepWarmNext when keep-warm has something to do, if before the next poll of the ref */
    private UpdateControl<DevContainerBuild> respond(DevContainerBuild build, BuildStatusRecorder recorder,
            String before, RunTrigger trigger, Duration pollInterval, Optional<Instant> keepWarmNext) {
        recorder.reconciled();
        UpdateControl<DevContainerBuild> control = StatusFingerprint.of(build.getStatus()).equals(before)
                ? UpdateControl.noUpdate()
                : UpdateControl.patchStatus(build);
        if (RunTrigger.isActive(build.getStatus().getPhase())) {
            return control.rescheduleAfter(ACTIVE_RUN_RECHECK);
        }
        Instant checkedAt = polls.lastPoll(build).orElse(trigger.now());
        Duration untilPoll = trigger.untilNextPoll(pollInterval, checkedAt);
        Duration untilKeepWarm = keepWarmNext.map(at -> Duration.between(trigger.now(), at))
                .map(left -> left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left).orElse(untilPoll);
        return control.rescheduleAfter(untilKeepWarm.compareTo(untilPoll) < 0 ? untilKeepWarm : untilPoll);
    }

    @Override
    public ErrorStatusUpdateControl<DevContainerBuild> updateErrorStatus(DevContainerBuild build,
            Context<DevContainerBuild> context, Exception thrown) {
        Exception e = ReconcileFailureReason.unwrapped(thrown);
        String before = StatusFingerprint.of(build.getStatus());
        if (build.getStatus() == null) {
            build.setStatus(new DevContainerBuildStatus());
        }
        String reason = ReconcileFailureReason.of(e);
        metrics.reconcileError("DevContainerBuild", reason);
        String attempt = context.getRetryInfo().map(r -> " (attempt " + r.getAttemptCount() + ")").orElse("");
        String what = reason.equals(ReconcileFailureReason.INTERNAL_ERROR)
                ? "an internal error of the operator (" + e.getClass().getName() + "), please report it; " : "";
        BuildStatusRecorder.afterFailedReconcile(build, clock).retrying(reason, what + "retrying with backoff"
                + attempt + ": " + describe(e));
        LOG.warnf("%s/%s: %s: %s", build.getMetadata().getNamespace(), build.getMetadata().getName(), reason,
                describe(e));
        return StatusFingerprint.of(build.getStatus()).equals(before)
                ? ErrorStatusUpdateControl.noStatusUpdate()
                : ErrorStatusUpdateControl.patchStatus(build);
    }

    private static String readyReason(DevContainerBuild build) {
        return readyCondition(build).map(Condition::getReason).orElse(null);
    }

    private static Optional<Condition> readyCondition(DevContainerBuild build) {
        return build.getStatus() == null ? Optional.empty() : build.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    /**
     * An Event when the reason of the build's Ready condition changed in this reconcile (run started, cache hit,
     * building, built, failed, refused by a policy, ...): a Warning when the build ended Failed or Stalled. Its
     * message is the condition's, redacted like it.
     */
    private void announce(DevContainerBuild build, String reasonBefore) {
        Optional<Condition> ready = readyCondition(build);
        if (ready.isEmpty() || ready.get().getReason() == null || ready.get().getReason().equals(reasonBefore)) {
            return;
        }
        BuildPhase phase = build.getStatus().getPhase();
        if (phase == BuildPhase.Failed || phase == BuildPhase.Stalled) {
            events.warning(build, ready.get().getReason(), ready.get().getMessage());
        } else {
            events.normal(build, ready.get().getReason(), ready.get().getMessage());
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
