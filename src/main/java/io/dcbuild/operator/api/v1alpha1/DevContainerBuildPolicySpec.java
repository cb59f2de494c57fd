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

    @JsonPropertyDescription("HTTP proxies for builder pods and for the operator's traffic on behalf of builds.")
    private ProxySpec proxy;

    @JsonPropertyDescription("A PEM bundle of CA certificates (ConfigMap or Secret) trusted for git, registries and "
            + "the proxy. Builder pods get it as ENVBUILDER_SSL_CERT_BASE64 and as a file named by SSL_CERT_FILE; "
            + "it replaces the system roots there, so include public roots if builds pull from public registries.")
    private NamespacedKeyReference caBundle;

    @JsonPropertyDescription("Registry credentials for governed builds.")
    private PolicyRegistryCredentials registryCredentials;

    @JsonPropertyDescription("Pre-approved git repositories, images, Features and cache repositories.")
    private AllowedSources allowedSources;

    @JsonPropertyDescription("Builder pod settings for governed builds.")
    private PolicyBuilderSpec builder;

    @JsonPropertyDescription("Defaults for governed builds: cache repository and TTL.")
    private BuildDefaults defaults;

    @JsonPropertyDescription("Cache retention: garbage collection of the cache repositories of governed builds.")
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
