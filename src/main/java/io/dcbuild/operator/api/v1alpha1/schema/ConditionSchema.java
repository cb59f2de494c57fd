package io.dcbuild.operator.api.v1alpha1.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The schema of {@link io.fabric8.kubernetes.api.model.Condition}, with descriptions. */
public class ConditionSchema {

    @JsonPropertyDescription("The condition type, in CamelCase, such as Ready; the types this resource uses are "
            + "listed in the description of conditions.")
    public String type;

    @JsonPropertyDescription("True, False or Unknown.")
    public String status;

    @JsonPropertyDescription("Why the condition last changed, as a CamelCase word such as Built or "
            + "PolicyViolation, for tools and alerts.")
    public String reason;

    @JsonPropertyDescription("A human-readable sentence with the details of the last change; may be empty.")
    public String message;

    @JsonPropertyDescription("When the condition last changed from one status to another (RFC 3339).")
    public String lastTransitionTime;

    @JsonPropertyDescription("The metadata.generation the condition was set for. Lower than metadata.generation "
            + "means the operator has not yet acted on the latest spec.")
    public Long observedGeneration;
}
