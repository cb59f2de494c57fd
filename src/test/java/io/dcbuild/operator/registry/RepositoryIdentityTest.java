package io.dcbuild.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryIdentityTest {

    @Test
    void everySpellingOfOneRepositoryHasOneIdentity() {
        assertOneIdentity("127.0.0.1:5000/team/cache", "localhost:5000/team/cache", "LOCALHOST:5000/team/cache",
                "[::1]:5000/team/cache", "127.0.0.2:5000/team/cache");
        assertOneIdentity("registry.example.com/team/cache", "registry.example.com:443/team/cache",
                "Registry.Example.COM/team/cache", "registry.example.com:80/team/cache");
        assertOneIdentity("ubuntu", "docker.io/library/ubuntu", "index.docker.io/library/ubuntu",
                "registry-1.docker.io/library/ubuntu");
    }

    @Test
    void differentPortsPathsAndHostsStayDifferent() {
        assertThat(identity("localhost:5000/x")).isNotEqualTo(identity("localhost:5001/x"));
        assertThat(identity("registry.example.com/x")).isNotEqualTo(identity("registry.example.com:5000/x"));
        assertThat(identity("registry.example.com/x")).isNotEqualTo(identity("registry.example.org/x"));
        assertThat(identity("registry.example.com/x")).isNotEqualTo(identity("registry.example.com/y"));
    }

    private static void assertOneIdentity(String... spellings) {
        assertThat(List.of(spellings).stream().map(RepositoryIdentityTest::identity).distinct()).as(
                String.join(", ", spellings)).hasSize(1);
    }

    private static String identity(String reference) {
        return RepositoryIdentity.of(ImageReference.parse(reference));
    }
}
