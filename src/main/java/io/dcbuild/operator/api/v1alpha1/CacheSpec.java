package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** The registry repository that holds Envbuilder's layer cache and the built image. */
public class CacheSpec {

    @Pattern("^[a-zA-Z0-9.-]+(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)+$")
    @JsonPropertyDescription("The registry repository, without tag or digest, for example "
            + "registry.example.com/devcontainers/cache, where Envbuilder pushes the cached layers and the image. "
            + "Required unless a policy of the namespace sets defaults.cacheRepo; must be allowed by the policies' "
            + "allowedSources.cacheRepos.")
    private String repo;

    @Min(1)
    @Max(365)
    @JsonPropertyDescription("Days a cached layer may be reused before Envbuilder rebuilds it "
            + "(ENVBUILDER_CACHE_TTL_DAYS), 1 to 365. Defaults to the policy's defaults.cacheTtlDays, else 7, "
            + "capped at the policy's retention.ttlDays; a value above retention.ttlDays breaks the policy.")
    private Integer ttlDays;

    @JsonPropertyDescription("Keep the cache warm: before the oldest cached layer of the recorded image reaches the "
            + "TTL, the operator runs the builder again for the current commit so that Envbuilder pushes the layers "
            + "that would expire anew, and the next workspace start is a cache hit. Needs a cache TTL of at least 2 "
            + "days. Defaults to the policy's defaults.cacheKeepWarm, else false. status.cache shows when the cache "
            + "expires and the next refresh.")
    private Boolean keepWarm;

    public String getRepo() {
        return repo;
    }

    public void setRepo(String repo) {
        this.repo = repo;
    }

    public Integer getTtlDays() {
        return ttlDays;
    }

    public void setTtlDays(Integer ttlDays) {
        this.ttlDays = ttlDays;
    }

    public Boolean getKeepWarm() {
        return keepWarm;
    }

    public void setKeepWarm(Boolean keepWarm) {
        this.keepWarm = keepWarm;
    }
}
