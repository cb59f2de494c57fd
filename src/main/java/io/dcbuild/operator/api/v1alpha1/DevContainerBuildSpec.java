package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** What to build, where the layer cache lives and how builder pods run. */
public class DevContainerBuildSpec {

    @Required
    @JsonPropertyDescription("The git repository and ref holding the dev container definition. Required.")
    private GitSource source;

    @JsonPropertyDescription("The remote layer cache: Envbuilder pushes one image per cached step and the whole "
            + "image to this repository, and the recorded digest refers to it. May be left out when a policy of "
            + "the namespace sets defaults.cacheRepo.")
    private CacheSpec cache;

    @JsonPropertyDescription("A Secret of type kubernetes.io/dockerconfigjson in the build's namespace with the "
            + "credentials for the cache repository and the registries of base images. Pods receive it through a "
            + "derived Secret, never as a literal value. When left out, the registry credentials of the governing "
            + "policy apply, if any; a policy with registryCredentials.enforce: true replaces it.")
    private SecretReference registryCredentialsSecretRef;

    @JsonPropertyDescription("How the probe, builder and verify pods run: Envbuilder image, resources, deadline. "
            + "Each field defaults to the governing policy's value, else to the operator's configuration.")
    private BuilderSpec builder;

    @Pattern("^([0-9]+(s|m|h))+$")
    @JsonPropertyDescription("How often the ref is resolved again to detect new commits, as a duration of s, m and "
            + "h parts such as 30s, 5m or 1h30m; at least 10s. Defaults to 5m (operator setting "
            + "dcbuild.build.default-poll-interval).")
    private String pollInterval;

    public GitSource getSource() {
        return source;
    }

    public void setSource(GitSource source) {
        this.source = source;
    }

    public CacheSpec getCache() {
        return cache;
    }

    public void setCache(CacheSpec cache) {
        this.cache = cache;
    }

    public SecretReference getRegistryCredentialsSecretRef() {
        return registryCredentialsSecretRef;
    }

    public void setRegistryCredentialsSecretRef(SecretReference registryCredentialsSecretRef) {
        this.registryCredentialsSecretRef = registryCredentialsSecretRef;
    }

    public BuilderSpec getBuilder() {
        return builder;
    }

    public void setBuilder(BuilderSpec builder) {
        this.builder = builder;
    }

    public String getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(String pollInterval) {
        this.pollInterval = pollInterval;
    }
}
