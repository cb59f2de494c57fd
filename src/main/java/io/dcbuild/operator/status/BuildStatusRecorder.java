package io.dcbuild.operator.status;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildStatus;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Moves a build's phase and its Ready, Reconciling and Stalled conditions ({@link KstatusConditions}) together, so
 * that they never disagree, and records the generation they were decided for.
 */
public final class BuildStatusRecorder {

    public static final String POLICY_COMPLIANT = "PolicyCompliant";
    /**
     * Whether the latest check of a finished build's ref succeeded. Only written once a check failed: a Ready or
     * Failed build keeps its kstatus conditions through an outage of the git server (see {@link #retrying}).
     */
    public static final String POLL_SUCCEEDED = "PollSucceeded";

    private final DevContainerBuild build;
    private final DevContainerBuildStatus status;
    private final long generation;
    private final Conditions conditions;
    private final KstatusConditions kstatus;
    private Collection<String> secrets = List.of();

    /**
     * The recorder of a reconcile: what it writes holds for the build's current generation, which becomes
     * status.observedGeneration when the reconcile finishes ({@link #reconciled}).
     */
    public BuildStatusRecorder(DevContainerBuild build, Clock clock) {
        this(build, clock, generationOf(build));
    }

    private BuildStatusRecorder(DevContainerBuild build, Clock clock, long generation) {
        this.build = build;
        this.status = build.getStatus();
        this.generation = generation;
        this.conditions = new Conditions(status.getConditions(), generation, clock);
        this.kstatus = new KstatusConditions(conditions);
    }

    /**
     * The recorder of a reconcile that threw: it observed nothing, so status.observedGeneration stays where the last
     * reconcile that finished left it (a build that never had one gets its generation), and so do the conditions'.
     * The next reconcile then still sees a new generation as new.
     */
    public static BuildStatusRecorder afterFailedReconcile(DevContainerBuild build, Clock clock) {
        DevContainerBuildStatus status = build.getStatus();
        if (status.getObservedGeneration() == null) {
            status.setObservedGeneration(generationOf(build));
        }
        return new BuildStatusRecorder(build, clock, status.getObservedGeneration());
    }

    /** The reconcile finished: the status describes the generation it reconciled. */
    public void reconciled() {
        status.setObservedGeneration(generation);
    }

    /** From now on every message is written with these secret values (in all their forms) replaced. */
    public void redacting(Collection<String> secretValues) {
        this.secrets = List.copyOf(secretValues);
    }

    /** {@code text} as this recorder would write it. */
    public String redact(String text) {
        return SecretRedaction.redact(text, secrets);
    }

    /** A run is under way: not ready yet, the operator is working on it. */
    public void inProgress(BuildPhase phase, String reason, String message) {
        status.setPhase(phase);
        kstatus.reconciling(reason, redact(message));
    }

    /** The image is recorded. */
    public void ready(String reason, String message) {
        status.setPhase(BuildPhase.Ready);
        kstatus.ready(reason, redact(message));
    }

    /** The builder failed; nothing is retried until the spec, the commit or a rebuild request changes. */
    public void failed(String reason, String message) {
        status.setPhase(BuildPhase.Failed);
        kstatus.stalled(reason, redact(message));
    }

    /** The spec or what it refers to is wrong: a person must act. */
    public void stalled(String reason, String message) {
        status.setPhase(BuildPhase.Stalled);
        kstatus.stalled(reason, redact(message));
    }

    /** The build breaks its policies: nothing runs until the build or a policy changes. */
    public void policyViolated(String message) {
        conditions.set(POLICY_COMPLIANT, false, "PolicyViolation", redact(message));
        stalled("PolicyViolation", message);
    }

    public void policyCompliant(String message) {
        conditions.set(POLICY_COMPLIANT, true, "Compliant", redact(message));
    }

    /**
     * A reconcile failed with an error that may heal by itself; the operator retries with backoff. The phase, and an
     * image recorded before, stay.
     *
     * <p>A build that is done with its current generation (Ready or Failed, no rebuild asked for) only failed to
     * check its ref again: it stays as it is, Ready or Stalled, and {@link #POLL_SUCCEEDED} says what went wrong. Any
     * other build is Reconciling, and not Ready, until a reconcile succeeds.
     */
    public void retrying(String reason, String message) {
        if (settled()) {
            conditions.set(POLL_SUCCEEDED, false, reason, redact(message));
        } else {
            kstatus.reconciling(reason, redact(message));
        }
    }

    /** The operator holds the build back for a moment (the phase stays): not done, nothing wrong. */
    public void waiting(String reason, String message) {
        kstatus.reconciling(reason, redact(message));
    }

    /** The ref was checked: a failed check before it is over. */
    public void refChecked(String gitRef, String commit) {
        if (conditions.find(POLL_SUCCEEDED).isPresent()) {
            conditions.set(POLL_SUCCEEDED, true, "RefResolved", gitRef + " names commit " + commit);
        }
    }

    private boolean settled() {
        boolean finished = status.getPhase() == BuildPhase.Ready || status.getPhase() == BuildPhase.Failed;
        boolean reconciling = conditions.find(ConditionType.Reconciling.name())
                .map(c -> "True".equals(c.getStatus())).orElse(true);
        String request = build.getMetadata().getAnnotations() == null ? null
                : build.getMetadata().getAnnotations().get(DevContainerBuild.REBUILD_ANNOTATION);
        boolean rebuildAsked = request != null && !request.isBlank()
                && !Objects.equals(request, status.getRebuildRequest());
        return finished && !reconciling && !rebuildAsked
                && Objects.equals(status.getObservedGeneration(), build.getMetadata().getGeneration());
    }

    private static long generationOf(DevContainerBuild build) {
        return build.getMetadata().getGeneration() == null ? 0 : build.getMetadata().getGeneration();
    }

    public DevContainerBuildStatus status() {
        return status;
    }
}
