package io.dcbuild.operator.status;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicyStatus;
import java.time.Clock;
import java.util.List;

/**
 * A policy's conditions: Ready, Reconciling and Stalled ({@link KstatusConditions}) for the policy itself, and
 * RetentionSucceeded for its last cache retention run; with the generation they were decided for.
 */
public final class PolicyStatusRecorder {

    public static final String RETENTION_SUCCEEDED = "RetentionSucceeded";

    private final DevContainerBuildPolicyStatus status;
    private final long generation;
    private final Conditions conditions;
    private final KstatusConditions kstatus;

    /**
     * The recorder of a reconcile: what it decides holds for the policy's current generation, which becomes
     * status.observedGeneration once it has decided whether the policy is valid.
     */
    public PolicyStatusRecorder(DevContainerBuildPolicy policy, Clock clock) {
        this(policy, clock, generationOf(policy));
    }

    private PolicyStatusRecorder(DevContainerBuildPolicy policy, Clock clock, long generation) {
        if (policy.getStatus() == null) {
            policy.setStatus(new DevContainerBuildPolicyStatus());
        }
        this.status = policy.getStatus();
        this.generation = generation;
        this.conditions = new Conditions(status.getConditions(), generation, clock);
        this.kstatus = new KstatusConditions(conditions);
    }

    /**
     * The recorder of a reconcile that threw: it observed nothing, so status.observedGeneration stays where the last
     * reconcile that finished left it (a policy that never had one gets its generation).
     */
    public static PolicyStatusRecorder afterFailedReconcile(DevContainerBuildPolicy policy, Clock clock) {
        if (policy.getStatus() == null) {
            policy.setStatus(new DevContainerBuildPolicyStatus());
        }
        if (policy.getStatus().getObservedGeneration() == null) {
            policy.getStatus().setObservedGeneration(generationOf(policy));
        }
        return new PolicyStatusRecorder(policy, clock, policy.getStatus().getObservedGeneration());
    }

    /** The policy is valid: the builds of the namespaces it selects are held to it. */
    public void applied(String message) {
        status.setObservedGeneration(generation);
        kstatus.ready("Applied", message);
    }

    /**
     * The policy is invalid: a person must fix it. Meanwhile it holds the builds of every namespace it could
     * govern (running them without it would bypass it).
     */
    public void invalid(List<String> problems) {
        status.setObservedGeneration(generation);
        kstatus.stalled("InvalidSpec", "this policy is invalid, and the builds of every namespace it could govern "
                + "are held until it is fixed: " + String.join("; ", problems));
    }

    /** The operator could not finish applying the policy (an error that may heal by itself) and retries. */
    public void retrying(String reason, String message) {
        kstatus.reconciling(reason, message);
    }

    public void retentionSucceeded(String reason, String message) {
        conditions.set(RETENTION_SUCCEEDED, true, reason, message);
    }

    public void retentionFailed(String reason, String message) {
        conditions.set(RETENTION_SUCCEEDED, false, reason, message);
    }

    private static long generationOf(DevContainerBuildPolicy policy) {
        return policy.getMetadata().getGeneration() == null ? 0 : policy.getMetadata().getGeneration();
    }
}
