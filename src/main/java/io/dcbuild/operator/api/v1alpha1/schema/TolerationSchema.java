package io.dcbuild.operator.api.v1alpha1.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The schema of {@link io.fabric8.kubernetes.api.model.Toleration}, with descriptions. */
public class TolerationSchema {

    @JsonPropertyDescription("The taint key to tolerate. Empty with operator Exists tolerates every taint.")
    public String key;

    @JsonPropertyDescription("Equal (the default: the taint's value must equal value) or Exists (any value).")
    public String operator;

    @JsonPropertyDescription("The taint value to match with operator Equal; empty with Exists.")
    public String value;

    @JsonPropertyDescription("The taint effect to tolerate: NoSchedule, PreferNoSchedule or NoExecute; empty "
            + "tolerates every effect.")
    public String effect;

    @JsonPropertyDescription("With effect NoExecute, how many seconds the pod keeps running after the taint is "
            + "added; unset means forever.")
    public Long tolerationSeconds;
}
