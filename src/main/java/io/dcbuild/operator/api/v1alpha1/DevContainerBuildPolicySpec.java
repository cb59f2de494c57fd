package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dcbuild.operator.api.v1alpha1.schema.LabelSelectorSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** What a platform team enforces for the namespaces it selects. */
public class DevContainerBuildPolicySpec {

    @SchemaFrom(type = LabelSelectorSchema.class)
    @JsonPropertyDescription("The namespaces whose DevContainerBuilds this policy governs, selected by namespace "
            + "labels. An empty selector ({}) selects every namespace; a missing one selects none.")
    private LabelSelector namespaceSelector;

    @JsonPropertyDescription("Decides between policies that select the same namespace: each single value (proxy, "
            + "CA bundle, registry credentials, builder settings, defaults, retention) comes from the strongest "
            + "policy that sets it, the one with the highest priority (on a tie, the name first in alphabetical "
            + "order). The allow-lists of all of them apply together: a source must be allowed by each. Defaults "
            + "to 0.")
    private Integer priority;

    @JsonPropertyDescription("HTTP proxies for the pods of governed builds and for the operator's own traffic on "
            + "their behalf (git ls-remote, the preflight fetch, registry checks, retention).")
    private ProxySpec proxy;

    @JsonPropertyDescription("A PEM bundle of CA certificates in a ConfigMap (default) or Secret, trusted for git, "
            + "registries and the proxy, by the pods and by the operator's own traffic (besides the JVM's roots); "
            + "the key defaults to ca.crt. Pods get it as ENVBUILDER_SSL_CERT_BASE64 and as the file named by "
            + "SSL_CERT_FILE, which replaces the system roots there: include the public roots if builds pull from "
            + "public registries.")
    private NamespacedKeyReference caBundle;

    @JsonPropertyDescription("Registry credentials for governed builds that name none, or for every governed build "
            + "with enforce: true.")
    private PolicyRegistryCredentials registryCredentials;

    @JsonPropertyDescription("Pre-approved git repositories, images, Features and cache repositories, as globs. A "
            + "build using a source that is not allowed gets PolicyCompliant=False and Stalled=True, and no pod "
            + "starts.")
    private AllowedSources allowedSources;

    @JsonPropertyDescription("Settings of the probe, builder and verify pods of governed builds: Envbuilder image, "
            + "resources, deadline, node selector, tolerations.")
    private PolicyBuilderSpec builder;

    @JsonPropertyDescription("Values governed builds get when they name none: the cache repository and the cache "
            + "TTL.")
    private BuildDefaults defaults;

    @JsonPropertyDescription("Cache retention: periodic garbage collection of the cache repositories of the builds "
            + "this policy governs. Images recorded by any build are never deleted.")
    private RetentionSpec retention;

    public BuildDefaults getDefaults() {
        return defaults;
    }

    public void setDefaults(BuildDefaults defaults) {
        this.defaults = defaults;
    }

    public ProxySpec getProxy() {
        return proxy;
    }

    public void setProxy(ProxySpec proxy) {
        this.proxy = proxy;
    }

    public NamespacedKeyReference getCaBundle() {
        return caBundle;
    }

    public void setCaBundle(NamespacedKeyReference caBundle) {
        this.caBundle = caBundle;
    }

    public PolicyRegistryCredentials getRegistryCredentials() {
        return registryCredentials;
    }

    public void setRegistryCredentials(PolicyRegistryCredentials registryCredentials) {
        this.registryCredentials = registryCredentials;
    }

    public AllowedSources getAllowedSources() {
        return allowedSources;
    }

    public void setAllowedSources(AllowedSources allowedSources) {
        this.allowedSources = allowedSources;
    }

    public PolicyBuilderSpec getBuilder() {
        return builder;
    }

    public void setBuilder(PolicyBuilderSpec builder) {
        this.builder = builder;
    }

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
