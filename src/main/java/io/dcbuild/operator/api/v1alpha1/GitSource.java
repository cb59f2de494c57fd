package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A git repository, a ref in it and where the dev container definition lives. */
public class GitSource {

    @Required
    @Pattern("^https?://[^\\s/@]+(/\\S*)?$")
    @JsonPropertyDescription("The http(s) URL of the git repository, without credentials, for example "
            + "https://git.example.com/team/app.git. Required; must be allowed by the policies' "
            + "allowedSources.gitUrls.")
    private String url;

    @Required
    @Pattern("^[^\\s~^:?*\\[\\\\]+$")
    @JsonPropertyDescription("The branch or tag to build: a short name (main, v1.2.0) or a full ref "
            + "(refs/heads/main, refs/tags/v1.2.0). Required. Commit SHAs are not accepted: Envbuilder clones refs.")
    private String ref;

    @JsonPropertyDescription("The folder of the repository holding devcontainer.json, relative to the repository "
            + "root. Defaults to .devcontainer.")
    private String devcontainerDir;

    @JsonPropertyDescription("A Dockerfile to build instead of devcontainer.json, relative to the repository root.")
    private String dockerfilePath;

    @JsonPropertyDescription("A Secret in the build's namespace with the keys username and password (type "
            + "kubernetes.io/basic-auth) used to read the repository. Leave out for public repositories.")
    private SecretReference credentialsSecretRef;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getRef() {
        return ref;
    }

    public void setRef(String ref) {
        this.ref = ref;
    }

    public String getDevcontainerDir() {
        return devcontainerDir;
    }

    public void setDevcontainerDir(String devcontainerDir) {
        this.devcontainerDir = devcontainerDir;
    }

    public String getDockerfilePath() {
        return dockerfilePath;
    }

    public void setDockerfilePath(String dockerfilePath) {
        this.dockerfilePath = dockerfilePath;
    }

    public SecretReference getCredentialsSecretRef() {
        return credentialsSecretRef;
    }

    public void setCredentialsSecretRef(SecretReference credentialsSecretRef) {
        this.credentialsSecretRef = credentialsSecretRef;
    }
}
