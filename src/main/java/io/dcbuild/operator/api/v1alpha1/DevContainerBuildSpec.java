package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** What to build, where the layer cache lives and how builder pods run. */
@JsonClassDescription("What to build: the git source and ref, the layer cache repository, credentials, builder pod settings.")
public class DevContainerBuildSpec {

    @Required
    @JsonPropertyDescription("The git repository and ref holding the dev container definition.")
    private GitSource source;

    @JsonPropertyDescription("The remote layer cache: Envbuilder pushes one image per cached step and the whole "
            + "image to this repository, and the recorded digest refers to it. May be left out when a policy of "
            + "the namespace sets defaults.cacheRepo.")
    private CacheSpec cache;

    @JsonPropertyDescription("A Secret of type kubernetes.io/dockerconfigjson in the build's namespace with the "
            + "credentials for the cache repository and the registries of base images. Builder pods receive it "
            + "through a derived Secret, never as a literal value.")
    private SecretReference registryCredentialsSecretRef;

    @JsonPropertyDescription("How builder and probe pods run: image, resources, deadline.")
    private BuilderSpec builder;

    @Pattern("^([0-9]+(s|m|h))+$")
    @JsonPropertyDescription("How often the ref is resolved again to detect new commits, as a duration such as "
            + "30s, 5m or 1h. Defaults to 5m.")
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
