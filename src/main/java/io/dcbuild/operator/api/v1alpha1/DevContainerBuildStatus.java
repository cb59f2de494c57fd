package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dcbuild.operator.api.v1alpha1.schema.ConditionSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed and did. Written only by the operator. */
public class DevContainerBuildStatus {

    @JsonPropertyDescription("Where the build stands: Pending (resolving the ref), Probing (asking the cache for "
            + "the image), Building, Verifying (learning the digest that was pushed), Ready (status.image is set), "
            + "Failed (the builder failed; retried on a new generation, commit or rebuild request) or Stalled (the "
            + "spec or what it refers to needs a fix; see the Ready condition).")
    private BuildPhase phase;

    @JsonPropertyDescription("The metadata.generation of the spec this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("The DevContainerBuildPolicy governing this build (the strongest selecting its "
            + "namespace), if any.")
    private String policy;

    @JsonPropertyDescription("The commit the ref resolved to for the latest run.")
    private String commit;

    @JsonPropertyDescription("The full ref (refs/heads/... or refs/tags/...) the latest run builds.")
    private String gitRef;

    @JsonPropertyDescription("When a resolution of the ref on the git server last changed something: a new commit, "
            + "or a new run (RFC 3339). Polls that find the recorded commit write nothing.")
    private String refCheckedAt;

    @JsonPropertyDescription("The cache key of the latest run: a SHA-256 of the commit, git URL, devcontainer "
            + "location, builder image, cache repository and TTL, and the settings of the governing policies. "
            + "Builds with equal keys in one namespace share one run (status.run).")
    private String cacheKey;

    @JsonPropertyDescription("The latest recorded image, as <cache repo>@sha256:<hex>. While a new run is under way "
            + "it still names the previous image.")
    private String image;

    @JsonPropertyDescription("Whether the latest recorded image was found in the cache by the probe (true) or had "
            + "to be built (false).")
    private Boolean cacheHit;

    @JsonPropertyDescription("The name of the probe, builder or verify pod of the latest run.")
    private String builderPod;

    @JsonPropertyDescription("The DevContainerBuildRun this build follows for its latest cache key: the one object "
            + "that runs the pods of that key in the namespace, shared by every build of the key. Empty when the "
            + "image was already recorded and no pod was needed.")
    private String run;

    @JsonPropertyDescription("The value of the dcbuild.io/rebuild annotation that the latest run answered.")
    private String rebuildRequest;

    @JsonPropertyDescription("The images and Features the latest run pulls, as the preflight read them from the "
            + "repository at the commit.")
    private List<SourceReference> references = new ArrayList<>();

    @JsonPropertyDescription("The images this build recorded, newest first; the first is the current image. Holds "
            + "at most the governing policy's retention.historyLimit entries, else 10. Cache retention never "
            + "deletes these images.")
    private List<HistoryEntry> history = new ArrayList<>();

    @JsonPropertyDescription("Keep-warm (spec.cache.keepWarm): when the cache of the recorded image expires and "
            + "when it is refreshed next. Absent for builds that do not keep their cache warm.")
    private CacheWarmth cache;

    @SchemaFrom(type = ConditionSchema[].class)
    @JsonPropertyDescription("Ready, Reconciling and Stalled in the kstatus sense, and PolicyCompliant (whether "
            + "the build keeps to the policies of its namespace). Each carries the observedGeneration it was set "
            + "for.")
    private List<Condition> conditions = new ArrayList<>();

    public BuildPhase getPhase() {
        return phase;
    }

    public void setPhase(BuildPhase phase) {
        this.phase = phase;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getPolicy() {
        return policy;
    }

    public void setPolicy(String policy) {
        this.policy = policy;
    }

    public String getCommit() {
        return commit;
    }

    public void setCommit(String commit) {
        this.commit = commit;
    }

    public String getGitRef() {
        return gitRef;
    }

    public void setGitRef(String gitRef) {
        this.gitRef = gitRef;
    }

    public String getRefCheckedAt() {
        return refCheckedAt;
    }

    public void setRefCheckedAt(String refCheckedAt) {
        this.refCheckedAt = refCheckedAt;
    }

    public String getCacheKey() {
        return cacheKey;
    }

    public void setCacheKey(String cacheKey) {
        this.cacheKey = cacheKey;
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

    public String getBuilderPod() {
        return builderPod;
    }

    public void setBuilderPod(String builderPod) {
        this.builderPod = builderPod;
    }

    public String getRun() {
        return run;
    }

    public void setRun(String run) {
        this.run = run;
    }

    public String getRebuildRequest() {
        return rebuildRequest;
    }

    public void setRebuildRequest(String rebuildRequest) {
        this.rebuildRequest = rebuildRequest;
    }

    public List<SourceReference> getReferences() {
        return references;
    }

    public void setReferences(List<SourceReference> references) {
        this.references = references;
    }

    public List<HistoryEntry> getHistory() {
        return history;
    }

    public void setHistory(List<HistoryEntry> history) {
        this.history = history;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public CacheWarmth getCache() {
        return cache;
    }

    public void setCache(CacheWarmth cache) {
        this.cache = cache;
    }
}
