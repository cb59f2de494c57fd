package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A Secret in the namespace of the resource that names it. */
public class SecretReference {

    @Required
    @JsonPropertyDescription("The name of the Secret, in the same namespace.")
    private String name;

    public SecretReference() {
    }

    public SecretReference(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
