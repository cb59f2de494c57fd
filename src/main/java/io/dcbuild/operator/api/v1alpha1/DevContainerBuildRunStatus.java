package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Where a run stands and what it found. Written only by the operator's run controller. */
public class DevContainerBuildRunStatus {

    @JsonPropertyDescription("Probing, Building or Verifying while pods work; Succeeded (status.image is set) or "
            + "Failed (see reason and message) at the end.")
    private RunPhase phase;

    @JsonPropertyDescription("The pod of the current step (the failed pod, kept for its log, once Failed).")
    private String pod;

    @JsonPropertyDescription("The image of this cache key, as <cache repo>@sha256:<hex>, once Succeeded.")
    private String image;

    @JsonPropertyDescription("Whether the probe found the image in the cache (true) or the run built it (false).")
    private Boolean cacheHit;

    @JsonPropertyDescription("Why the run failed: BuildFailed or ImageNotFoundAfterBuild.")
    private String reason;

    @JsonPropertyDescription("What the current step is doing, or why the run failed. Pod logs are not copied here.")
    private String message;

    @JsonPropertyDescription("When the run started (RFC 3339).")
    private String startedAt;

    @JsonPropertyDescription("When the run ended (RFC 3339). A run no build follows any more is deleted a while "
            + "after it ended (the operator's dcbuild.runs.retention setting).")
    private String finishedAt;

    @JsonPropertyDescription("The attempt of the current step, when it is not the first: a step whose pod could not "
            + "reach the registry or the git server is tried again with a new pod, with backoff and without end.")
    private Integer stepAttempt;

    @JsonPropertyDescription("When the next attempt of the current step starts (RFC 3339), while it waits.")
    private String nextAttemptAt;

    @JsonPropertyDescription("The cache keys (tags of the cache repository) of the layers the image was made of, "
            + "as the probe or verify pod that found it looked them up; read by builds that keep their cache warm.")
    private List<String> cacheLayers = new ArrayList<>();

    public RunPhase getPhase() {
        return phase;
    }

    public void setPhase(RunPhase phase) {
        this.phase = phase;
    }

    public String getPod() {
        return pod;
    }

    public void setPod(String pod) {
        this.pod = pod;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public Boolean getCacheHit() {
        return cacheHit;
    }

    public void setCacheHit(Boolean cacheHit) {
        this.cacheHit = cacheHit;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(String finishedAt) {
        this.finishedAt = finishedAt;
    }

    public Integer getStepAttempt() {
        return stepAttempt;
    }

    public void setStepAttempt(Integer stepAttempt) {
        this.stepAttempt = stepAttempt;
    }

    public String getNextAttemptAt() {
        return nextAttemptAt;
    }

    public void setNextAttemptAt(String nextAttemptAt) {
        this.nextAttemptAt = nextAttemptAt;
    }

    public List<String> getCacheLayers() {
        return cacheLayers;
    }

    public void setCacheLayers(List<String> cacheLayers) {
        this.cacheLayers = cacheLayers;
    }
}
