package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Pre-approved sources. Patterns are globs: {@code *} matches within one path segment, {@code **} matches across
 * segments. A missing list allows everything of its kind; an empty list allows nothing.
 */
public class AllowedSources {

    @JsonPropertyDescription("Git repository URLs, such as https://git.example.com/** .")
    private List<String> gitUrls;

    @JsonPropertyDescription("Image repositories for base images: the FROM of every Dockerfile stage, COPY --from "
            + "images and the image of devcontainer.json, without tag or digest, such as registry.example.com/** "
            + "or mcr.microsoft.com/devcontainers/* (Docker Hub images are docker.io/library/<name>).")
    private List<String> images;

    @JsonPropertyDescription("Dev Container Feature references (OCI repositories without tag), such as "
            + "ghcr.io/devcontainers/features/* .")
    private List<String> features;

    @JsonPropertyDescription("Cache repositories builds may use, such as registry.example.com/devcontainers/** .")
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
