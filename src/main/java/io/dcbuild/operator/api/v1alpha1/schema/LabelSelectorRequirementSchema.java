package io.dcbuild.operator.api.v1alpha1.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The schema of {@link io.fabric8.kubernetes.api.model.LabelSelectorRequirement}, with descriptions, and the rules the
 * API server enforces on the selectors of its own objects (as CEL rules, so that {@code kubectl apply} refuses such a
 * policy at once; the operator checks them too, for objects stored before the rules existed).
 */
@ValidationRule(value = "self.operator in ['In', 'NotIn', 'Exists', 'DoesNotExist']",
        message = "operator must be In, NotIn, Exists or DoesNotExist")
@ValidationRule(value = "self.operator in ['In', 'NotIn'] ? (has(self.values) && size(self.values) > 0)"
        + " : (!has(self.values) || size(self.values) == 0)",
        message = "In and NotIn need at least one value; Exists and DoesNotExist take none")
public class LabelSelectorRequirementSchema {

    @Required
    @Size(max = 317)
    @JsonPropertyDescription("The label key the requirement applies to.")
    public String key;

    @Required
    @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.")
    public String operator;

    @JsonPropertyDescription("The label values for In and NotIn; leave empty for Exists and DoesNotExist.")
    @Size(max = 256)
    public List<String> values;
}
