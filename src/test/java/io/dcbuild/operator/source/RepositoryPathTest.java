package io.dcbuild.operator.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepositoryPathTest {

    @Test
    void resolvesRelativeToAFolderWithoutLeavingTheRepository() {
        assertThat(RepositoryPath.resolve(".devcontainer", "Dockerfile")).contains(".devcontainer/Dockerfile");
        assertThat(RepositoryPath.resolve(".devcontainer", "../Dockerfile")).contains("Dockerfile");
        assertThat(RepositoryPath.resolve(".devcontainer", "..")).contains("");
        assertThat(RepositoryPath.resolve(".devcontainer", "./a/./b//c")).contains(".devcontainer/a/b/c");
        assertThat(RepositoryPath.resolve(".devcontainer", "/Dockerfile")).contains(".devcontainer/Dockerfile");
        assertThat(RepositoryPath.resolve(".devcontainer", "../../etc/passwd")).isEmpty();
        assertThat(RepositoryPath.resolve("", "..")).isEmpty();
    }

    @Test
    void parentAndDisplay() {
        assertThat(RepositoryPath.parent(".devcontainer/devcontainer.json")).isEqualTo(".devcontainer");
        assertThat(RepositoryPath.parent(".devcontainer.json")).isEmpty();
        assertThat(RepositoryPath.display("")).isEqualTo(".");
    }
}
