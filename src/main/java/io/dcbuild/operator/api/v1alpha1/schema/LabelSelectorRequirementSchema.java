package io.dcbuild.operator.api.v1alpha1.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The schema of {@link io.fabric8.kubernetes.api.model.LabelSelectorRequirement}, with descriptions. */
public class LabelSelectorRequirementSchema {

    @JsonPropertyDescription("The label key the requirement applies to.")
    public String key;

    @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist. Another operator makes the policy invalid "
            + "(Ready=False) and it then selects no namespace.")
    public String operator;

    @JsonPropertyDescription("The label values for In and NotIn; leave empty for Exists and DoesNotExist.")
    public List<String> values;
}
