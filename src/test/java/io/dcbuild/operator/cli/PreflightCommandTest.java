package io.dcbuild.operator.cli;

import static io.dcbuild.operator.cli.PreflightManifests.NOT_LISTENING_PROXY;
import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.testing.GitHttpServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preflight command end to end against real repositories served over smart HTTP on 127.0.0.1. */
class PreflightCommandTest {

    private static final String DEVCONTAINER_JSON = """
            {
              // the image is built from the Dockerfile next to this file
              "build": { "dockerfile": "Dockerfile", },
              "features": { "ghcr.io/devcontainers/features/node:1": {} },
            }
            """;
    private static final String ALLOWED_DOCKERFILE = """
            ARG VARIANT=bookworm
            FROM mcr.microsoft.com/devcontainers/base:${VARIANT}
            RUN apt-get update && apt-get install -y make
            """;
    private static final String DISALLOWED_LATER_STAGE = """
            FROM mcr.microsoft.com/devcontainers/base:bookworm AS base
            RUN apt-get update
            FROM quay.io/unvetted/tools:1.4 AS tools
            FROM base
            COPY --from=tools /usr/local/bin/tool /usr/local/bin/tool
            """;

    private static GitHttpServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startGitServer() {
        server = GitHttpServer.start();
    }

    @AfterAll
    static void stopGitServer() {
        server.close();
    }

    private static String repository(String name, String dockerfile) {
        String url = server.createRepository(name);
        server.commit(name, "main", Map.of(
                ".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                ".devcontainer/Dockerfile", dockerfile));
        return url;
    }

    private PreflightInvocation preflight(String gitUrl, String... extra) {
        Path build = PreflightManifests.write(dir, "build.yaml", PreflightManifests.build(gitUrl));
        Path policies = PreflightManifests.write(dir, "policies.yaml", PreflightManifests.policies());
        String[] base = {"--build", build.toString(), "--policy", policies.toString(),
                "--namespace-labels", "dcbuild.io/tenant=true,team=a", "--plain-http-host", "127.0.0.1"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return PreflightInvocation.of(args);
    }

    @Test
    void allowedBuildListsItsReferencesAndPrintsTheBuilderPod() {
        String url = repository("allowed", ALLOWED_DOCKERFILE);

        PreflightInvocation run = preflight(url);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.stdout())
                .contains("- company-baseline (priority 10)")
                .contains("not selecting this namespace: other-tenants")
                .containsPattern("BASE_IMAGE +mcr\\.microsoft\\.com/devcontainers/base:bookworm +"
                        + "\\.devcontainer/Dockerfile:2")
                .containsPattern("FEATURE +ghcr\\.io/devcontainers/features/node:1 +"
                        + "\\.devcontainer/devcontainer\\.json:\\d+")
                .contains("[6/6] Verdict: ALLOWED")
                .contains("resolved refs/heads/main to commit ")
                .contains("name: \"ENVBUILDER_PUSH_IMAGE\"")
                .contains("name: \"HTTP_PROXY\"", "name: \"HTTPS_PROXY\"", "name: \"http_proxy\"",
                        "name: \"NO_PROXY\"", "name: \"ENVBUILDER_GIT_HTTP_PROXY_URL\"")
                .contains("value: \"" + NOT_LISTENING_PROXY + "\"")
                .contains("value: \"" + url + "#refs/heads/main\"")
                .contains("name: \"ENVBUILDER_INSECURE\"")
                .contains("node-pool: \"builders\"")
                .contains("activeDeadlineSeconds: 5400");
        // derived objects are referenced by name: the registry config Secret and the CA bundle ConfigMap
        assertThat(run.stdout())
                .containsPattern("secretKeyRef:\\s+key: \"docker-config-base64\"\\s+name: \"web-app-registry-config\"")
                .containsPattern("configMapKeyRef:\\s+key: \"ca.crt.base64\"\\s+name: \"web-app-ca-bundle\"")
                .containsPattern("secretKeyRef:\\s+key: \"password\"\\s+name: \"web-app-git\"");
        // where this run differs from the operator's, it says so
        assertThat(run.stdout())
                .contains("note: policy company-baseline sets the proxy (httpsProxy " + NOT_LISTENING_PROXY
                        + ", httpProxy " + NOT_LISTENING_PROXY + ", noProxy 127.0.0.1,localhost); its noProxy names "
                        + "the git host, so git traffic goes direct")
                .contains("note: policy company-baseline trusts the CA bundle ConfigMap dcbuild-system/corp-ca-bundle")
                .contains("note: the operator reads the repository with the Secret web-app-git");
    }

    @Test
    void disallowedImageInALaterStageIsRefusedNamingTheReferenceAndTheRule() {
        String url = repository("later-stage", DISALLOWED_LATER_STAGE);

        PreflightInvocation run = preflight(url);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.stdout())
                .containsPattern("STAGE_IMAGE +quay\\.io/unvetted/tools:1\\.4 +\\.devcontainer/Dockerfile:3")
                .contains("[6/6] Verdict: REFUSED")
                .contains("- STAGE_IMAGE quay.io/unvetted/tools:1.4 (.devcontainer/Dockerfile:3) is not allowed by "
                        + "policy company-baseline (allowedSources.images: mcr.microsoft.com/devcontainers/*, "
                        + "docker.io/library/debian)")
                .contains("No builder pod")
                .doesNotContain("ENVBUILDER_PUSH_IMAGE");
        assertThat(run.stdout()).containsOnlyOnce("is not allowed by policy");
        assertThat(run.stderr()).isEqualTo("preflight: REFUSED: 1 violation of the governing policies, "
                + "listed above\n");
    }

    @Test
    void composeBasedDefinitionIsUnsupportedNotRefusedAndItsFeaturesAreListed() {
        String url = server.createRepository("compose");
        server.commit("compose", "main", Map.of(".devcontainer/devcontainer.json", """
                {
                  "dockerComposeFile": "docker-compose.yml",
                  "service": "app",
                  "features": { "ghcr.io/devcontainers/features/node:1": {} }
                }
                """, ".devcontainer/docker-compose.yml", "services:\n  app:\n    image: debian:12\n"));

        PreflightInvocation run = preflight(url);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
        assertThat(run.stdout())
                .containsPattern("FEATURE +ghcr\\.io/devcontainers/features/node:1 +"
                        + "\\.devcontainer/devcontainer\\.json:\\d+")
                .contains("Verdict: UNSUPPORTED")
                .contains("compose-based devcontainers are not supported by Envbuilder")
                .doesNotContain("none found")
                .doesNotContain("violation");
        assertThat(run.stderr()).startsWith("preflight: UNSUPPORTED: compose-based devcontainers");
    }

    @Test
    void invalidSpecExitsOneNamingTheField() {
        Path build = PreflightManifests.write(dir, "build.yaml", """
                apiVersion: dcbuild.io/v1alpha1
                kind: DevContainerBuild
                metadata:
                  name: web-app
                  namespace: team-a
                spec:
                  source:
                    url: http://127.0.0.1:1/git/app.git
                    ref: 0123456789abcdef0123456789abcdef01234567
                  cache:
                    repo: 127.0.0.1:5000/devcontainers/web-app-cache:latest
                """);
        Path policies = PreflightManifests.write(dir, "policies.yaml", PreflightManifests.policies());

        PreflightInvocation run = PreflightInvocation.of("--build", build.toString(), "--policy",
                policies.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.stdout())
                .contains("invalid: spec.source.ref '0123456789abcdef0123456789abcdef01234567' looks like a "
                        + "commit SHA")
                .contains("invalid: spec.cache.repo '127.0.0.1:5000/devcontainers/web-app-cache:latest'")
                .contains("[6/6] Verdict: INVALID")
                .doesNotContain("[4/6]");
        assertThat(run.stderr()).startsWith("preflight: INVALID: spec.source.ref").contains("(and 1 more");
    }

    @Test
    void unknownFieldInTheBuildIsAnInvalidSpecNamingTheField() {
        Path build = PreflightManifests.write(dir, "build.yaml", PreflightManifests.build("http://127.0.0.1:1/x.git")
                .replace("  cache:\n", "  cache:\n    ttlDay: 3\n"));
        Path policies = PreflightManifests.write(dir, "policies.yaml", PreflightManifests.policies());

        PreflightInvocation run = PreflightInvocation.of("--build", build.toString(), "--policy",
                policies.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.stdout()).contains("unknown field spec.cache.ttlDay");
    }

    @Test
    void misspeltAllowListInAPolicyIsAUsageErrorRatherThanAllowingEverything() {
        Path build = PreflightManifests.write(dir, "build.yaml", PreflightManifests.build("http://127.0.0.1:1/x.git"));
        Path policies = PreflightManifests.write(dir, "policies.yaml", PreflightManifests.policies()
                .replace("    images: [\"mcr", "    image: [\"mcr"));

        PreflightInvocation run = PreflightInvocation.of("--build", build.toString(), "--policy",
                policies.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).isEqualTo("preflight: " + policies + ": unknown field spec.allowedSources.image\n");
    }

    @Test
    void missingRepositoryIsExitTwoWithOneSentence() {
        PreflightInvocation run = preflight(server.url("does-not-exist"));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.stdout()).contains("[6/6] Verdict: UNDETERMINED");
        assertThat(run.stderr()).startsWith("preflight: the repository " + server.url("does-not-exist")
                + " was not found");
        assertThat(run.stderr().lines()).hasSize(1);
        assertThat(run.stderr()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void gitUrlOutsideTheAllowListIsRefusedWithoutReadingTheRepository() {
        PreflightInvocation run = preflight("http://localhost:1/git/app.git");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.stdout())
                .contains("violation: git repository http://localhost:1/git/app.git is not allowed by policy "
                        + "company-baseline (allowedSources.gitUrls:")
                .contains("not read: the policies do not allow its git URL");
    }
}
