package io.dcbuild.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.builds.SecretForms;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.TestCertificateAuthority;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the preflight reaches the git server: credentials from a file, the policy's CA from --ca-file. */
class PreflightGitAccessTest {

    /** With characters that base64, URL and JSON encode differently, so that every form is swept for. */
    private static final String GIT_PASSWORD = "tok-3d1f9c27/never+printed\"x";
    private static final Map<String, String> REPOSITORY_FILES = Map.of(
            ".devcontainer/devcontainer.json", "{ \"image\": \"mcr.microsoft.com/devcontainers/base:bookworm\" }");

    @TempDir
    Path dir;

    private String[] arguments(String gitUrl, String... extra) {
        Path build = PreflightManifests.write(dir, "build.yaml", PreflightManifests.build(gitUrl));
        Path policies = PreflightManifests.write(dir, "policies.yaml", PreflightManifests.policies());
        String[] base = {"--build", build.toString(), "--policy", policies.toString(),
                "--namespace-labels", "dcbuild.io/tenant=true"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void privateRepositoryIsReadWithThePasswordFileWhichIsNeverPrinted() {
        try (GitHttpServer server = GitHttpServer.builder().basicAuth("ci-bot", GIT_PASSWORD).start()) {
            String url = server.createRepository("private");
            server.commit("private", "main", REPOSITORY_FILES);
            Path passwordFile = PreflightManifests.write(dir, "git-token", GIT_PASSWORD + "\n");

            PreflightInvocation anonymous = PreflightInvocation.of(arguments(url));
            PreflightInvocation wrong = PreflightInvocation.of(arguments(url, "--git-username", "ci-bot",
                    "--git-password-file", PreflightManifests.write(dir, "wrong", "nope").toString()));
            PreflightInvocation authenticated = PreflightInvocation.of(arguments(url, "--git-username", "ci-bot",
                    "--git-password-file", passwordFile.toString()));

            assertThat(anonymous.exitCode()).as(anonymous.all()).isEqualTo(2);
            assertThat(anonymous.stderr()).contains("refused access to " + url).hasLineCount(1);
            assertThat(wrong.exitCode()).as(wrong.all()).isEqualTo(2);
            assertThat(authenticated.exitCode()).as(authenticated.all()).isZero();
            assertThat(authenticated.stdout())
                    .containsPattern("DEVCONTAINER_IMAGE +mcr\\.microsoft\\.com/devcontainers/base:bookworm +"
                            + "\\.devcontainer/devcontainer\\.json")
                    .contains("[6/6] Verdict: ALLOWED");
            for (PreflightInvocation run : new PreflightInvocation[] {anonymous, wrong, authenticated}) {
                for (String form : SecretForms.ofBasicAuth("ci-bot", GIT_PASSWORD)) {
                    assertThat(run.all()).as("the password in the form " + form).doesNotContain(form);
                }
            }
        }
    }

    @Test
    void httpsServerWithAPrivateCaNeedsTheCaFile() {
        try (TestCertificateAuthority ca = TestCertificateAuthority.create();
                GitHttpServer server = GitHttpServer.builder().https(ca).start()) {
            String url = server.createRepository("tls");
            server.commit("tls", "main", REPOSITORY_FILES);
            Path caFile = PreflightManifests.write(dir, "ca.pem", ca.caCertificatePem());

            PreflightInvocation untrusted = PreflightInvocation.of(arguments(url));
            PreflightInvocation trusted = PreflightInvocation.of(arguments(url, "--ca-file", caFile.toString()));

            assertThat(untrusted.exitCode()).as(untrusted.all()).isEqualTo(2);
            assertThat(untrusted.stderr()).startsWith("preflight: the TLS certificate of the git server of " + url
                    + " is not trusted").hasLineCount(1);
            assertThat(untrusted.stdout()).contains("without --ca-file this run trusts only the JVM's roots");
            assertThat(trusted.exitCode()).as(trusted.all()).isZero();
            assertThat(trusted.stdout()).contains("resolved refs/heads/main to commit ")
                    .doesNotContain("without --ca-file");
        }
    }
}
