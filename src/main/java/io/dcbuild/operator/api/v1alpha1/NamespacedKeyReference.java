package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A key of a ConfigMap or Secret in a named namespace (policies are cluster-scoped). */
public class NamespacedKeyReference {

    @JsonPropertyDescription("ConfigMap or Secret. Defaults to ConfigMap for caBundle and to Secret for "
            + "registryCredentials.secretRef.")
    private String kind;

    @Required
    @JsonPropertyDescription("The namespace of the object, for example the operator's namespace.")
    private String namespace;

    @Required
    @JsonPropertyDescription("The name of the object.")
    private String name;

    @JsonPropertyDescription("The key holding the value. Defaults to ca.crt for CA bundles and .dockerconfigjson "
            + "for registry credentials.")
    private String key;

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
