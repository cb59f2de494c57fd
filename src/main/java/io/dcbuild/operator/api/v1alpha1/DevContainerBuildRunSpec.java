package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** What a run produces an image for. Written once, by the build that creates the run; never changed. */
public class DevContainerBuildRunSpec {

    @Required
    @Pattern("^[0-9a-f]{64}$")
    @JsonPropertyDescription("The cache key: a SHA-256 of the commit and every setting that changes the image.")
    private String cacheKey;

    @Required
    @JsonPropertyDescription("The commit the pods build.")
    private String commit;

    @Required
    @JsonPropertyDescription("The full ref (refs/heads/... or refs/tags/...) the pods clone.")
    private String gitRef;

    @Required
    @JsonPropertyDescription("The registry repository of the layer cache; the image is recorded as "
            + "<cacheRepo>@sha256:...")
    private String cacheRepo;

    @JsonPropertyDescription("Build without asking the cache first (a rebuild request).")
    private boolean forceBuild;

    @JsonPropertyDescription("The DevContainerBuild that created this run. Builds of the same cache key in the "
            + "namespace follow the run too; it outlives them all as the record of the key's image.")
    private String requestedBy;

    @Required
    @JsonPropertyDescription("The pods of the run, as rendered by the build that created it.")
    private RunPodTemplates pods;

    @JsonPropertyDescription("The images and Features the run pulls, as the preflight of the build that created it "
            + "read them at the commit (and the governing policies allowed them). Builds that follow the run take "
            + "them from here instead of reading the repository again: the same cache key means the same commit, "
            + "settings and policies, so the same verdict.")
    private List<SourceReference> references = new ArrayList<>();

    public String getCacheKey() {
        return cacheKey;
    }

    public void setCacheKey(String cacheKey) {
        this.cacheKey = cacheKey;
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

    public String getCacheRepo() {
        return cacheRepo;
    }

    public void setCacheRepo(String cacheRepo) {
        this.cacheRepo = cacheRepo;
    }

    public boolean isForceBuild() {
        return forceBuild;
    }

    public void setForceBuild(boolean forceBuild) {
        this.forceBuild = forceBuild;
    }

    public String getRequestedBy() {
        return requestedBy;
    }

    public void setRequestedBy(String requestedBy) {
        this.requestedBy = requestedBy;
    }

    public List<SourceReference> getReferences() {
        return references;
    }

    public void setReferences(List<SourceReference> references) {
        this.references = references;
    }

    public RunPodTemplates getPods() {
        return pods;
    }

    public void setPods(RunPodTemplates pods) {
        this.pods = pods;
    }
}
