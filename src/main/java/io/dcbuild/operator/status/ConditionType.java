package io.dcbuild.operator.status;

/** The condition types this operator writes, in the kstatus sense. */
public enum ConditionType {
    /** The resource reached what its spec asks for. */
    Ready,
    /** The operator is working towards the spec. */
    Reconciling,
    /** The operator cannot make progress without a change by a person. */
    Stalled
}
