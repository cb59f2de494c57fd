package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Garbage collection of cache repositories. Recorded images are never deleted. */
public class RetentionSpec {

    @JsonPropertyDescription("Whether the operator cleans the cache repositories of the builds this policy governs. "
            + "Defaults to false.")
    private Boolean enabled;

    @Min(1)
    @Max(365)
    @JsonPropertyDescription("Cache layers older than this many days, and recorded by no build, are deleted. "
            + "Also the longest cache TTL a build may ask for. Defaults to 7, Envbuilder's default.")
    private Integer ttlDays;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription("How many images each build keeps in status.history (and so protects from "
            + "deletion). Defaults to 10.")
    private Integer historyLimit;

    @Pattern("^([0-9]+(m|h))+$")
    @JsonPropertyDescription("How often retention runs, as a duration such as 30m, 6h or 24h. Defaults to 24h. "
            + "The annotation dcbuild.io/retention-run with a new value runs it at once.")
    private String interval;

    @JsonPropertyDescription("Report what would be deleted without deleting anything. Defaults to false.")
    private Boolean dryRun;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public Integer getTtlDays() {
        return ttlDays;
    }

    public void setTtlDays(Integer ttlDays) {
        this.ttlDays = ttlDays;
    }

    public Integer getHistoryLimit() {
        return historyLimit;
    }

    public void setHistoryLimit(Integer historyLimit) {
        this.historyLimit = historyLimit;
    }

    public String getInterval() {
        return interval;
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }

    public Boolean getDryRun() {
        return dryRun;
    }

    public void setDryRun(Boolean dryRun) {
        this.dryRun = dryRun;
    }
}
