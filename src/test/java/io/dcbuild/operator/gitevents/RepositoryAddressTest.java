package io.dcbuild.operator.gitevents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepositoryAddressTest {

    @Test
    void theSpellingsOfOneRepositoryAreOneAddress() {
        assertThat(RepositoryAddress.of("https://github.com/org/repo")).contains("github.com/org/repo");
        assertThat(RepositoryAddress.of("https://github.com/org/repo.git")).contains("github.com/org/repo");
        assertThat(RepositoryAddress.of("https://GitHub.COM/Org/Repo.git/")).contains("github.com/org/repo");
        assertThat(RepositoryAddress.of("HTTPS://github.com/org/repo//")).contains("github.com/org/repo");
        assertThat(RepositoryAddress.of("https://user:token@github.com/org/repo.git")).contains("github.com/org/repo");
        assertThat(RepositoryAddress.of("https://github.com:443/org/repo")).contains("github.com/org/repo");
        assertThat(RepositoryAddress.of("http://github.com:80/org/repo")).contains("github.com/org/repo");
        assertThat(RepositoryAddress.of(" https://github.com/org/repo ")).contains("github.com/org/repo");
    }

    @Test
    void sshAddressesDropTheirPort() {
        assertThat(RepositoryAddress.of("git@github.com:org/repo.git")).contains("github.com/org/repo");
        assertThat(RepositoryAddress.of("ssh://git@github.com/org/repo.git")).contains("github.com/org/repo");
        assertThat(RepositoryAddress.of("ssh://git@gitea.example.com:2222/org/repo.git"))
                .contains("gitea.example.com/org/repo");
        assertThat(RepositoryAddress.of("git@bitbucket.org:workspace/repo.git"))
                .contains("bitbucket.org/workspace/repo");
    }

    @Test
    void webPortsOtherThanTheDefaultAreKept() {
        assertThat(RepositoryAddress.of("http://127.0.0.1:38211/git/team.git")).contains("127.0.0.1:38211/git/team");
        assertThat(RepositoryAddress.of("https://gitea.example.com:3000/org/repo"))
                .contains("gitea.example.com:3000/org/repo");
        assertThat(RepositoryAddress.of("https://gitlab.example.com/group/sub/project.git"))
                .contains("gitlab.example.com/group/sub/project");
    }

    @Test
    void whatIsNoRepositoryAddressIsNone() {
        assertThat(RepositoryAddress.of(null)).isEmpty();
        assertThat(RepositoryAddress.of("")).isEmpty();
        assertThat(RepositoryAddress.of("https://github.com")).isEmpty();
        assertThat(RepositoryAddress.of("https://github.com/")).isEmpty();
        assertThat(RepositoryAddress.of("file:///srv/git/repo.git")).isEmpty();
        assertThat(RepositoryAddress.of("not a url")).isEmpty();
        assertThat(RepositoryAddress.of("https://exa mple.com/repo")).isEmpty();
    }
}
