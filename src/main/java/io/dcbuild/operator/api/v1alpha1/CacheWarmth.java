package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How long the layer cache of the recorded image stays usable, and its refreshes (spec.cache.keepWarm). */
public class CacheWarmth {

    @JsonPropertyDescription("When the oldest cached layer of the recorded image reaches the cache TTL (its "
            + "push time in the registry plus the TTL): from then on Envbuilder rebuilds it.")
    private String expiresAt;

    @JsonPropertyDescription("The cached layer that expires first, as <cache repo>:<cache key>.")
    private String oldestLayer;

    @JsonPropertyDescription("When the next refresh run is due: a day to half a day before expiresAt, spread by "
            + "cache key so that builds made at the same time are not refreshed at the same time.")
    private String nextRefreshAt;

    @JsonPropertyDescription("The DevContainerBuildRun refreshing the cache now, if any.")
    private String refreshRun;

    @JsonPropertyDescription("When a refresh run last pushed the layers that were about to expire.")
    private String refreshedAt;

    @JsonPropertyDescription("Why no refresh is planned or what the last one did, in a sentence.")
    private String message;

    public String getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(String expiresAt) {
        this.expiresAt = expiresAt;
    }

    public String getOldestLayer() {
        return oldestLayer;
    }

    public void setOldestLayer(String oldestLayer) {
        this.oldestLayer = oldestLayer;
    }

    public String getNextRefreshAt() {
        return nextRefreshAt;
    }

    public void setNextRefreshAt(String nextRefreshAt) {
        this.nextRefreshAt = nextRefreshAt;
    }

    public String getRefreshRun() {
        return refreshRun;
    }

    public void setRefreshRun(String refreshRun) {
        this.refreshRun = refreshRun;
    }

    public String getRefreshedAt() {
        return refreshedAt;
    }

    public void setRefreshedAt(String refreshedAt) {
        this.refreshedAt = refreshedAt;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
