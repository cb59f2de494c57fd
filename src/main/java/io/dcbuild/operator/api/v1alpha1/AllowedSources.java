package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Pre-approved sources. Patterns are globs: {@code *} matches within one path segment, {@code **} matches across
 * segments. A missing list allows everything of its kind; an empty list allows nothing.
 */
public class AllowedSources {

    @JsonPropertyDescription("Globs of the git repository URLs builds may use, such as https://git.example.com/** "
            + "(* matches within one path segment, ** across segments). A missing list allows every URL; an empty "
            + "list allows none.")
    private List<String> gitUrls;

    @JsonPropertyDescription("Globs of the image repositories builds may pull base images from: the FROM of every "
            + "Dockerfile stage, COPY --from and RUN --mount from= images and the image of devcontainer.json, "
            + "without tag or digest, such as registry.example.com/** or mcr.microsoft.com/devcontainers/* (Docker "
            + "Hub images are docker.io/library/<name>). A missing list allows every image; an empty list allows "
            + "none.")
    private List<String> images;

    @JsonPropertyDescription("Globs of the Dev Container Feature references (OCI repositories, without tag) builds "
            + "may use, such as ghcr.io/devcontainers/features/* . A missing list allows every Feature; an empty "
            + "list allows none.")
    private List<String> features;

    @JsonPropertyDescription("Globs of the cache repositories builds may use (spec.cache.repo), such as "
            + "registry.example.com/devcontainers/** . A missing list allows every repository; an empty list "
            + "allows none.")
    private List<String> cacheRepos;

    public List<String> getGitUrls() {
        return gitUrls;
    }

    public void setGitUrls(List<String> gitUrls) {
        this.gitUrls = gitUrls;
    }

    public List<String> getImages() {
        return images;
    }

    public void setImages(List<String> images) {
        this.images = images;
    }

    public List<String> getFeatures() {
        return features;
    }

    public void setFeatures(List<String> features) {
        this.features = features;
    }

    public List<String> getCacheRepos() {
        return cacheRepos;
    }

    public void setCacheRepos(List<String> cacheRepos) {
        this.cacheRepos = cacheRepos;
    }
}
