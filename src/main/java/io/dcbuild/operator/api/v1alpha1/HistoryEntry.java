package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One image this build recorded. */
public class HistoryEntry {

    @JsonPropertyDescription("The image, as repo@sha256:<hex>.")
    private String image;

    @JsonPropertyDescription("The commit it was built from.")
    private String commit;

    @JsonPropertyDescription("The cache key of the run that recorded it.")
    private String cacheKey;

    @JsonPropertyDescription("When it was recorded (RFC 3339).")
    private String recordedAt;

    public HistoryEntry() {
    }

    public HistoryEntry(String image, String commit, String cacheKey, String recordedAt) {
        this.image = image;
        this.commit = commit;
        this.cacheKey = cacheKey;
        this.recordedAt = recordedAt;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getCommit() {
        return commit;
    }

    public void setCommit(String commit) {
        this.commit = commit;
    }

    public String getCacheKey() {
        return cacheKey;
    }

    public void setCacheKey(String cacheKey) {
        this.cacheKey = cacheKey;
    }

    public String getRecordedAt() {
        return recordedAt;
    }

    public void setRecordedAt(String recordedAt) {
        this.recordedAt = recordedAt;
    }
}
