package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The last cache retention run of a policy. */
public class RetentionStatus {

    @JsonPropertyDescription("When the last run started (RFC 3339).")
    private String lastRunStarted;
    @JsonPropertyDescription("When the last run finished (RFC 3339).")
    private String lastRunFinished;
    @JsonPropertyDescription("Whether the last run was a dry run (nothing deleted; the figures say what would be).")
    private Boolean dryRun;
    @JsonPropertyDescription("The value of the dcbuild.io/retention-run annotation the last run answered.")
    private String runRequest;
    @JsonPropertyDescription("Tags listed by the last run, over all repositories.")
    private Integer tagsScanned;
    @JsonPropertyDescription("Manifests the last run deleted (in a dry run: would delete), over all repositories.")
    private Integer deletedManifests;
    @JsonPropertyDescription("Estimated bytes the registry's own blob garbage collection can free after the last "
            + "run, over all repositories.")
    private Long bytesReclaimable;
    @JsonPropertyDescription("In a dry run, the first 50 manifests that would be deleted, as repo@sha256:<hex>.")
    private List<String> wouldDelete = new ArrayList<>();
    @JsonPropertyDescription("What the last run found and did, per cache repository.")
    private List<RetentionRepositoryStatus> repositories = new ArrayList<>();

    public String getLastRunStarted() {
        return lastRunStarted;
    }

    public void setLastRunStarted(String lastRunStarted) {
        this.lastRunStarted = lastRunStarted;
    }

    public String getLastRunFinished() {
        return lastRunFinished;
    }

    public void setLastRunFinished(String lastRunFinished) {
        this.lastRunFinished = lastRunFinished;
    }

    public Boolean getDryRun() {
        return dryRun;
    }

    public void setDryRun(Boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getRunRequest() {
        return runRequest;
    }

    public void setRunRequest(String runRequest) {
        this.runRequest = runRequest;
    }

    public Integer getTagsScanned() {
        return tagsScanned;
    }

    public void setTagsScanned(Integer tagsScanned) {
        this.tagsScanned = tagsScanned;
    }

    public Integer getDeletedManifests() {
        return deletedManifests;
    }

    public void setDeletedManifests(Integer deletedManifests) {
        this.deletedManifests = deletedManifests;
    }

    public Long getBytesReclaimable() {
        return bytesReclaimable;
    }

    public void setBytesReclaimable(Long bytesReclaimable) {
        this.bytesReclaimable = bytesReclaimable;
    }

    public List<String> getWouldDelete() {
        return wouldDelete;
    }

    public void setWouldDelete(List<String> wouldDelete) {
        this.wouldDelete = wouldDelete;
    }

    public List<RetentionRepositoryStatus> getRepositories() {
        return repositories;
    }

    public void setRepositories(List<RetentionRepositoryStatus> repositories) {
        this.repositories = repositories;
    }
}
