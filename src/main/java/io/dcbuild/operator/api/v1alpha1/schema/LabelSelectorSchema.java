package io.dcbuild.operator.api.v1alpha1.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** The schema of {@link io.fabric8.kubernetes.api.model.LabelSelector}, with descriptions. */
public class LabelSelectorSchema {

    @JsonPropertyDescription("Labels a namespace must carry, as key: value pairs; every pair must match. "
            + "ANDed with matchExpressions.")
    public Map<String, String> matchLabels;

    @JsonPropertyDescription("Requirements on the labels of a namespace; every requirement must hold. ANDed with "
            + "matchLabels.")
    @Size(max = 64)
    public List<LabelSelectorRequirementSchema> matchExpressions;
}
