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
    @JsonPropertyDescription("Cache layers older than this many days (1 to 365), and recorded by no build, are "
            + "deleted. Also the longest cache TTL (spec.cache.ttlDays) a governed build may ask for. Defaults to "
            + "7, Envbuilder's default.")
    private Integer ttlDays;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription("How many images each governed build keeps in status.history (and so protects from "
            + "deletion), 1 to 100. Defaults to 10.")
    private Integer historyLimit;

    @Pattern("^([0-9]+(m|h))+$")
    @JsonPropertyDescription("How often retention runs, as a duration of m and h parts such as 30m, 6h or 1h30m. "
            + "Defaults to 24h. A new value of the annotation dcbuild.io/retention-run on the policy starts a run "
            + "at once.")
    private String interval;

    @JsonPropertyDescription("Report what a run would delete and pin (status.retention) without deleting or "
            + "pinning anything. Defaults to false.")
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
