package io.dcbuild.operator.status;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildStatus;
import java.time.Clock;
import java.util.Collection;
import java.util.List;

/**
 * Moves a build's phase and its Ready, Reconciling and Stalled conditions together, so that they never disagree.
 */
public final class BuildStatusRecorder {

    public static final String POLICY_COMPLIANT = "PolicyCompliant";

    private final DevContainerBuildStatus status;
    private final Conditions conditions;
    private Collection<String> secrets = List.of();

    public BuildStatusRecorder(DevContainerBuild build, Clock clock) {
        this.status = build.getStatus();
        long generation = build.getMetadata().getGeneration() == null ? 0 : build.getMetadata().getGeneration();
        this.conditions = new Conditions(status.getConditions(), generation, clock);
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
        conditions.set(ConditionType.Ready, false, reason, redact(message));
        conditions.set(ConditionType.Reconciling, true, reason, redact(message));
        conditions.set(ConditionType.Stalled, false, reason, "");
    }

    /** The image is recorded. */
    public void ready(String reason, String message) {
        status.setPhase(BuildPhase.Ready);
        conditions.set(ConditionType.Ready, true, reason, redact(message));
        conditions.set(ConditionType.Reconciling, false, reason, "");
        conditions.set(ConditionType.Stalled, false, reason, "");
    }

    /** The builder failed; nothing is retried until the spec, the commit or a rebuild request changes. */
    public void failed(String reason, String message) {
        status.setPhase(BuildPhase.Failed);
        conditions.set(ConditionType.Ready, false, reason, redact(message));
        conditions.set(ConditionType.Reconciling, false, reason, "");
        conditions.set(ConditionType.Stalled, true, reason, redact(message));
    }

    /** The spec or what it refers to is wrong: a person must act. */
    public void stalled(String reason, String message) {
        status.setPhase(BuildPhase.Stalled);
        conditions.set(ConditionType.Ready, false, reason, redact(message));
        conditions.set(ConditionType.Reconciling, false, reason, "");
        conditions.set(ConditionType.Stalled, true, reason, redact(message));
    }

    /** The build breaks its policies: nothing runs until the build or a policy changes. */
    public void policyViolated(String message) {
        conditions.set(POLICY_COMPLIANT, false, "PolicyViolation", redact(message));
        stalled("PolicyViolation", message);
    }

    public void policyCompliant(String message) {
        conditions.set(POLICY_COMPLIANT, true, "Compliant", redact(message));
    }

    /** A transient error: the operator retries with backoff; the phase stays where it was. */
    public void retrying(String reason, String message) {
        conditions.set(ConditionType.Ready, status.getPhase() == BuildPhase.Ready, reason, redact(message));
        conditions.set(ConditionType.Reconciling, true, reason, redact(message));
        conditions.set(ConditionType.Stalled, false, reason, "");
    }

    public DevContainerBuildStatus status() {
        return status;
    }
}
