package io.dcbuild.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class DockerConfigJsonTest {

    @Test
    void readsAuthAndUsernamePasswordEntriesUnderEveryKeyStyle() {
        DockerConfigJson config = DockerConfigJson.parse("""
                {"auths": {
                  "registry.example.com": {"auth": "%s"},
                  "127.0.0.1:5000": {"username": "ci", "password": "pw:with:colons"},
                  "https://harbor.example.com/v1/": {"auth": "%s", "email": "ops@example.com"},
                  "https://index.docker.io/v1/": {"username": "hubuser", "password": "hubpass"}
                }}
                """.formatted(base64("alice:s3cret"), base64("robot$harbor:tok")));

        assertThat(config.credentialsFor("registry.example.com"))
                .hasValue(new RegistryCredentials("alice", "s3cret"));
        assertThat(config.credentialsFor("127.0.0.1:5000")).hasValue(new RegistryCredentials("ci", "pw:with:colons"));
        assertThat(config.credentialsFor("harbor.example.com")).hasValue(new RegistryCredentials("robot$harbor", "tok"));
        assertThat(config.credentialsFor("docker.io")).hasValue(new RegistryCredentials("hubuser", "hubpass"));
        assertThat(config.credentialsFor("registry-1.docker.io")).hasValue(new RegistryCredentials("hubuser", "hubpass"));
        assertThat(config.credentialsFor("REGISTRY.example.com")).isPresent();
    }

    @Test
    void aPortIsPartOfTheRegistryIdentity() {
        DockerConfigJson config = DockerConfigJson.parse(
                "{\"auths\":{\"registry.example.com:5000\":{\"auth\":\"" + base64("a:b") + "\"}}}");

        assertThat(config.credentialsFor("registry.example.com:5000")).isPresent();
        assertThat(config.credentialsFor("registry.example.com")).isEmpty();
        assertThat(config.credentialsFor("other.example.com:5000")).isEmpty();
    }

    @Test
    void documentsWithoutAuthsOrWithoutUsableEntriesHaveNoCredentials() {
        assertThat(DockerConfigJson.parse("{}").credentialsFor("ghcr.io")).isEmpty();
        assertThat(DockerConfigJson.parse("{\"auths\":{\"ghcr.io\":{\"email\":\"x@y\"}}}").credentialsFor("ghcr.io"))
                .isEmpty();
    }

    @Test
    void malformedJsonIsReportedWithAPositionButWithoutItsContent() {
        String document = "{\"auths\":{\"ghcr.io\":{\"auth\": Zm9vOmJhcg== }}}";

        assertThatThrownBy(() -> DockerConfigJson.parse(document))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("docker config JSON is malformed at line 1, column")
                .hasMessageNotContaining("Zm9vOmJhcg")
                .hasNoCause();
    }

    @Test
    void badEntriesNameTheRegistryButNotTheSecret() {
        assertThatThrownBy(() -> DockerConfigJson.parse("{\"auths\":{\"ghcr.io\":{\"auth\":\"%%not-base64%%\"}}}"))
                .hasMessage("docker config JSON: \"auth\" of \"ghcr.io\" is not valid base64");
        assertThatThrownBy(() -> DockerConfigJson.parse(
                "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + base64("no-colon-secret") + "\"}}}"))
                .hasMessage("docker config JSON: \"auth\" of \"ghcr.io\" does not decode to user:password")
                .hasMessageNotContaining("no-colon-secret");
        assertThatThrownBy(() -> DockerConfigJson.parse("{\"auths\":{\"ghcr.io\":{\"username\":\"u\"}}}"))
                .hasMessageContaining("has a username but no password");
        assertThatThrownBy(() -> DockerConfigJson.parse("{\"auths\":[\"ghcr.io\"]}"))
                .hasMessage("docker config JSON: \"auths\" must be an object");
        assertThatThrownBy(() -> DockerConfigJson.parse("")).hasMessage("docker config JSON is empty");
    }

    @Test
    void credentialsNeverPrintThePassword() {
        RegistryCredentials credentials = new RegistryCredentials("alice", "s3cret");

        assertThat(credentials.toString()).contains("alice").doesNotContain("s3cret");
        assertThat(DockerConfigJson.parse("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + base64("alice:s3cret") + "\"}}}")
                .toString()).contains("ghcr.io").doesNotContain("s3cret").doesNotContain(base64("alice:s3cret"));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
