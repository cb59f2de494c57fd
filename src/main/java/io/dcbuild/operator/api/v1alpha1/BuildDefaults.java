package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Values governed builds get when they name none. */
public class BuildDefaults {

    @Pattern("^[a-zA-Z0-9.-]+(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)+$")
    @JsonPropertyDescription("The cache repository of governed builds that name none (spec.cache.repo), for "
            + "example artifactory.example.com/devcontainer-cache. Envbuilder's layer cache is content-addressed, "
            + "so builds may share one repository.")
    private String cacheRepo;

    @Min(1)
    @Max(365)
    @JsonPropertyDescription("The cache TTL in days (1 to 365) of governed builds that name none "
            + "(spec.cache.ttlDays). Defaults to 7; never more than the retention TTL (retention.ttlDays) of the "
            + "namespace's policies.")
    private Integer cacheTtlDays;

    @JsonInclude(JsonInclude.Include.NON_NULL) // absent, it leaves the policy fingerprint of older policies as it was
    @JsonPropertyDescription("Whether governed builds that do not say (spec.cache.keepWarm) keep their cache warm: "
            + "refreshed by a builder run before the cache TTL ends. Defaults to false.")
    private Boolean cacheKeepWarm;

    public String getCacheRepo() {
        return cacheRepo;
    }

    public void setCacheRepo(String cacheRepo) {
        this.cacheRepo = cacheRepo;
    }

    public Integer getCacheTtlDays() {
        return cacheTtlDays;
    }

    public void setCacheTtlDays(Integer cacheTtlDays) {
        this.cacheTtlDays = cacheTtlDays;
    }

    public Boolean getCacheKeepWarm() {
        return cacheKeepWarm;
    }

    public void setCacheKeepWarm(Boolean cacheKeepWarm) {
        this.cacheKeepWarm = cacheKeepWarm;
    }
}
