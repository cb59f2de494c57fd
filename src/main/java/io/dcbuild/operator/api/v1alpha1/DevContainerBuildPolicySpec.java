package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** What a platform team enforces for the namespaces it selects. */
@JsonClassDescription("What a platform team enforces for the DevContainerBuilds of the namespaces it selects.")
public class DevContainerBuildPolicySpec {

    @JsonPropertyDescription("The namespaces this policy governs. An empty selector selects every namespace; "
            + "a missing one selects none.")
    private LabelSelector namespaceSelector;

    @JsonPropertyDescription("When several policies select a namespace, single values (proxy, CA, credentials, "
            + "builder settings, defaults, retention) come from the one with the highest priority (ties: the name "
            + "first in alphabetical order); allow-lists of all of them apply together. Defaults to 0.")
    private Integer priority;

    @JsonPropertyDescription("Cache retention: garbage collection of the cache repositories of governed builds.")
    private RetentionSpec retention;

    public LabelSelector getNamespaceSelector() {
        return namespaceSelector;
    }

    public void setNamespaceSelector(LabelSelector namespaceSelector) {
        this.namespaceSelector = namespaceSelector;
    }

    public Integer getPriority() {
        return priority;
    }

    public void setPriority(Integer priority) {
        this.priority = priority;
    }

    public RetentionSpec getRetention() {
        return retention;
    }

    public void setRetention(RetentionSpec retention) {
        this.retention = retention;
    }
}
