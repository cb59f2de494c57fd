package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the last retention run found and did in one cache repository. */
public class RetentionRepositoryStatus {

    @JsonPropertyDescription("The cache repository, as registry/path.")
    private String repository;
    @JsonPropertyDescription("Tags listed in the repository.")
    private Integer tagsScanned;
    @JsonPropertyDescription("Of those, Envbuilder cache-key tags (64 hex digits), the only kind of tag retention "
            + "considers for deletion.")
    private Integer cacheKeyTags;
    @JsonPropertyDescription("Cache-key tags older than the TTL.")
    private Integer staleTags;
    @JsonPropertyDescription("Manifests deleted (in a dry run: that would be deleted).")
    private Integer deletedManifests;
    @JsonPropertyDescription("Tags removed with those manifests.")
    private Integer deletedTags;
    @JsonPropertyDescription("Stale manifests kept because a build records them (status.image or status.history).")
    private Integer keptBecauseRecorded;
    @JsonPropertyDescription("Pin tags put on recorded images (in a dry run: that would be put), so that a "
            + "registry job deleting untagged manifests keeps them.")
    private Integer pinned;
    @JsonPropertyDescription("Estimated bytes the registry's own blob garbage collection can free in this "
            + "repository afterwards.")
    private Long bytesReclaimable;
    @JsonPropertyDescription("True when the registry refused manifest deletes (deletes disabled); no further "
            + "delete was tried in this repository.")
    private Boolean deletesUnsupported;
    @JsonPropertyDescription("Whether the sweep of this repository went to the end; when false, errors says why "
            + "and the next run continues.")
    private Boolean completed;
    @JsonPropertyDescription("HTTP requests sent to the registry for this repository.")
    private Integer requests;
    @JsonPropertyDescription("What went wrong in this repository, one sentence each.")
    private List<String> errors = new ArrayList<>();

    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository;
    }

    public Integer getTagsScanned() {
        return tagsScanned;
    }

    public void setTagsScanned(Integer tagsScanned) {
        this.tagsScanned = tagsScanned;
    }

    public Integer getCacheKeyTags() {
        return cacheKeyTags;
    }

    public void setCacheKeyTags(Integer cacheKeyTags) {
        this.cacheKeyTags = cacheKeyTags;
    }

    public Integer getStaleTags() {
        return staleTags;
    }

    public void setStaleTags(Integer staleTags) {
        this.staleTags = staleTags;
    }

    public Integer getDeletedManifests() {
        return deletedManifests;
    }

    public void setDeletedManifests(Integer deletedManifests) {
        this.deletedManifests = deletedManifests;
    }

    public Integer getDeletedTags() {
        return deletedTags;
    }

    public void setDeletedTags(Integer deletedTags) {
        this.deletedTags = deletedTags;
    }

    public Integer getKeptBecauseRecorded() {
        return keptBecauseRecorded;
    }

    public void setKeptBecauseRecorded(Integer keptBecauseRecorded) {
        this.keptBecauseRecorded = keptBecauseRecorded;
    }

    public Integer getPinned() {
        return pinned;
    }

    public void setPinned(Integer pinned) {
        this.pinned = pinned;
    }

    public Long getBytesReclaimable() {
        return bytesReclaimable;
    }

    public void setBytesReclaimable(Long bytesReclaimable) {
        this.bytesReclaimable = bytesReclaimable;
    }

    public Boolean getDeletesUnsupported() {
        return deletesUnsupported;
    }

    public void setDeletesUnsupported(Boolean deletesUnsupported) {
        this.deletesUnsupported = deletesUnsupported;
    }

    public Boolean getCompleted() {
        return completed;
    }

    public void setCompleted(Boolean completed) {
        this.completed = completed;
    }

    public Integer getRequests() {
        return requests;
    }

    public void setRequests(Integer requests) {
        this.requests = requests;
    }

    public List<String> getErrors() {
        return errors;
    }

    public void setErrors(List<String> errors) {
        this.errors = errors;
    }
}
