package io.dcbuild.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {

    private static final String HEX = "0123456789abcdef".repeat(4);
    private static final String DIGEST = "sha256:" + HEX;

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
        // reference,                                  registry,              repository,              tag,    canonical
        "ubuntu,                                       docker.io,             library/ubuntu,          -,      docker.io/library/ubuntu",
        "ubuntu:22.04,                                 docker.io,             library/ubuntu,          22.04,  docker.io/library/ubuntu:22.04",
        "coder/envbuilder:1.0.0,                       docker.io,             coder/envbuilder,        1.0.0,  docker.io/coder/envbuilder:1.0.0",
        "docker.io/ubuntu,                             docker.io,             library/ubuntu,          -,      docker.io/library/ubuntu",
        "index.docker.io/library/ubuntu:24.04,         docker.io,             library/ubuntu,          24.04,  docker.io/library/ubuntu:24.04",
        "ghcr.io/coder/envbuilder,                     ghcr.io,               coder/envbuilder,        -,      ghcr.io/coder/envbuilder",
        "127.0.0.1:5000/cache/team-a/app:latest,       127.0.0.1:5000,        cache/team-a/app,        latest, 127.0.0.1:5000/cache/team-a/app:latest",
        "localhost/app:v_1.2-rc,                       localhost,             app,                     v_1.2-rc, localhost/app:v_1.2-rc",
        "registry.example.com:8443/a/b/c__d.e-f:tag,   registry.example.com:8443, a/b/c__d.e-f,        tag,    registry.example.com:8443/a/b/c__d.e-f:tag",
        "[::1]:5000/app:v1,                            [::1]:5000,            app,                     v1,     [::1]:5000/app:v1",
    })
    void parsesHostRepositoryAndTag(String reference, String registry, String repository, String tag,
            String canonical) {
        ImageReference parsed = ImageReference.parse(reference);

        assertThat(parsed.registry()).isEqualTo(registry);
        assertThat(parsed.repository()).isEqualTo(repository);
        assertThat(parsed.tag()).isEqualTo(tag);
        assertThat(parsed.digest()).isNull();
        assertThat(parsed).hasToString(canonical);
        assertThat(ImageReference.parse(parsed.toString())).isEqualTo(parsed);
    }

    @Test
    void parsesDigestsWithAndWithoutTag() {
        ImageReference pinned = ImageReference.parse("ghcr.io/coder/envbuilder@" + DIGEST);
        assertThat(pinned.digest()).isEqualTo(DIGEST);
        assertThat(pinned.tag()).isNull();
        assertThat(pinned.reference()).isEqualTo(DIGEST);

        ImageReference both = ImageReference.parse("127.0.0.1:5000/cache:latest@" + DIGEST);
        assertThat(both.registry()).isEqualTo("127.0.0.1:5000");
        assertThat(both.repository()).isEqualTo("cache");
        assertThat(both.tag()).isEqualTo("latest");
        assertThat(both).hasToString("127.0.0.1:5000/cache:latest@" + DIGEST);
    }

    @Test
    void dockerHubReferencesCallTheRegistryApiHost() {
        assertThat(ImageReference.parse("ubuntu").apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(ImageReference.parse("ghcr.io/a/b").apiHost()).isEqualTo("ghcr.io");
    }

    @Test
    void withDigestAndWithTagKeepTheOtherPart() {
        ImageReference tagged = ImageReference.parse("registry.example.com/cache/app:latest");

        assertThat(tagged.withDigest(DIGEST)).hasToString("registry.example.com/cache/app:latest@" + DIGEST);
        assertThat(tagged.withTag("v2")).hasToString("registry.example.com/cache/app:v2");
        assertThat(tagged.withDigest(DIGEST).repositoryOnly()).hasToString("registry.example.com/cache/app");
        assertThat(tagged.reference()).isEqualTo("latest");
        assertThat(tagged.repositoryOnly().reference()).isEqualTo("latest");
        assertThatThrownBy(() -> tagged.withDigest("sha256:" + HEX.toUpperCase()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 lowercase hex");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "''                                        | image reference is empty",
        "' ubuntu'                                 | leading or trailing spaces",
        "ubuntu@sha256:abc                         | invalid digest 'sha256:abc': expected sha256: followed by 64 lowercase hex",
        "ubuntu@md5:0123                           | invalid digest 'md5:0123'",
        "Ubuntu                                    | invalid repository name 'Ubuntu'",
        "ghcr.io/Coder/envbuilder                  | invalid repository name 'Coder/envbuilder'",
        "ghcr.io/                                  | repository name is empty",
        "ghcr.io/a//b                              | invalid repository name 'a//b'",
        "ghcr.io/a/b:-bad                          | invalid tag '-bad'",
        "ghcr.io/a/b:                              | invalid tag ''",
        "host:port/a                               | invalid registry host 'host:port'",
        "ghcr.io/a/b@                              | digest is missing",
    })
    void rejectsInvalidReferencesWithAnExplanation(String reference, String message) {
        assertThatThrownBy(() -> ImageReference.parse(reference))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void theMessageQuotesTheWholeReference() {
        assertThatThrownBy(() -> ImageReference.parse("ghcr.io/a/b@sha256:xyz"))
                .hasMessageStartingWith("invalid image reference 'ghcr.io/a/b@sha256:xyz': ");
    }
}
