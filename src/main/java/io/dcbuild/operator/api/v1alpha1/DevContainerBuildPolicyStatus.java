package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dcbuild.operator.api.v1alpha1.schema.ConditionSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of a policy. */
public class DevContainerBuildPolicyStatus {

    @JsonPropertyDescription("The metadata.generation of the spec this status describes.")
    private Long observedGeneration;
    @JsonPropertyDescription("The namespaces the selector matches, sorted.")
    private List<String> selectedNamespaces = new ArrayList<>();
    @JsonPropertyDescription("How many DevContainerBuilds this policy governs (it has the highest priority among "
            + "the policies selecting their namespace).")
    private Integer governedBuilds;
    @JsonPropertyDescription("The last cache retention run.")
    private RetentionStatus retention;
    @SchemaFrom(type = ConditionSchema[].class)
    @JsonPropertyDescription("Ready (the policy is valid and applied), Reconciling (a reconcile that failed is "
            + "retried) and Stalled (the policy is invalid: a person must fix it) in the kstatus sense, and "
            + "RetentionSucceeded (the last cache retention run finished without errors). Each carries the "
            + "observedGeneration it was set for.")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<String> getSelectedNamespaces() {
        return selectedNamespaces;
    }

    public void setSelectedNamespaces(List<String> selectedNamespaces) {
        this.selectedNamespaces = selectedNamespaces;
    }

    public Integer getGovernedBuilds() {
        return governedBuilds;
    }

    public void setGovernedBuilds(Integer governedBuilds) {
        this.governedBuilds = governedBuilds;
    }

    public RetentionStatus getRetention() {
        return retention;
    }

    public void setRetention(RetentionStatus retention) {
        this.retention = retention;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
