package io.dcbuild.operator.status;

/**
 * Ready, Reconciling and Stalled of one resource, always written together so that they follow kstatus (the
 * convention Flux and kpt read; Argo CD's health checks in {@code deploy/argocd/} read the same):
 *
 * <ul>
 *   <li>exactly one of them is True: Ready (done), Reconciling (the operator is working on it, or retrying) or
 *       Stalled (it cannot go on until a person changes something);</li>
 *   <li>all three carry the same reason; Ready always carries the message (it is the condition people and
 *       {@code kubectl wait} read), Reconciling and Stalled only when they are True;</li>
 *   <li>each carries the generation it was decided for, which is also {@code status.observedGeneration}.</li>
 * </ul>
 *
 * <p>Reconciling and Stalled are "abnormal-true": their absence means nothing is wrong, which is why an object
 * with no status yet is told apart by {@code status.observedGeneration}, not by them.
 */
public final class KstatusConditions {

    private final Conditions conditions;

    /**
     * Conditions written for {@code conditions}' generation. The three that are there already now hold for it:
     * a reconcile that writes none of them decided that they stay as they are.
     */
    public KstatusConditions(Conditions conditions) {
        this.conditions = conditions;
        conditions.stillHold(ConditionType.Ready, ConditionType.Reconciling, ConditionType.Stalled);
    }

    /** What the spec asks for is there. */
    public void ready(String reason, String message) {
        write(ConditionType.Ready, reason, message);
    }

    /** The operator is working towards the spec, or retrying after an error that may heal by itself. */
    public void reconciling(String reason, String message) {
        write(ConditionType.Reconciling, reason, message);
    }

    /** The operator cannot make progress until a person changes the spec or what it refers to. */
    public void stalled(String reason, String message) {
        write(ConditionType.Stalled, reason, message);
    }

    private void write(ConditionType trueOne, String reason, String message) {
        for (ConditionType type : ConditionType.values()) {
            boolean holds = type == trueOne;
            conditions.set(type, holds, reason, holds || type == ConditionType.Ready ? message : "");
        }
    }
}
