package io.dcbuild.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHttpServerTest {

    @TempDir
    Path workDir;

    @Test
    void servesCommitsAndTagsOverSmartHttp() throws Exception {
        try (GitHttpServer server = GitHttpServer.start()) {
            String url = server.createRepository("app");
            assertThat(url).isEqualTo("http://127.0.0.1:" + server.port() + "/git/app.git");

            String first = server.commit("app", "main", Map.of(
                    ".devcontainer/devcontainer.json", "{ \"image\": \"debian:12\" }",
                    "README.md", "hello"));
            String second = server.commit("app", "main", Map.of("README.md", "hello again"));
            server.tag("app", "v1", first);
            server.annotatedTag("app", "v2", second, "release 2");
            String feature = server.commit("app", "feature", Map.of("feature.txt", "x"));

            Collection<Ref> refs = Git.lsRemoteRepository().setRemote(url).setTags(true).setHeads(true).call();
            Map<String, Ref> byName = new java.util.HashMap<>();
            refs.forEach(ref -> byName.put(ref.getName(), ref));
            assertThat(byName.get("refs/heads/main").getObjectId().name()).isEqualTo(second);
            assertThat(byName.get("refs/heads/feature").getObjectId().name()).isEqualTo(feature);
            assertThat(byName.get("refs/tags/v1").getObjectId().name()).isEqualTo(first);
            assertThat(byName.get("refs/tags/v2").getPeeledObjectId().name()).isEqualTo(second);

            Path clone = workDir.resolve("clone");
            try (Git git = Git.cloneRepository().setURI(url).setDirectory(clone.toFile())
                    .setBranch("refs/heads/main").setDepth(1).call()) {
                assertThat(git.getRepository().resolve("HEAD").name()).isEqualTo(second);
            }
            assertThat(Files.readString(clone.resolve("README.md"), StandardCharsets.UTF_8)).isEqualTo("hello again");
            assertThat(clone.resolve(".devcontainer/devcontainer.json")).exists();
            assertThat(clone.resolve("feature.txt")).doesNotExist();
            assertThat(server.requests()).anyMatch(line -> line.startsWith("GET /git/app.git/info/refs"));
        }
    }

    @Test
    void requiresBasicAuthWhenConfigured() throws Exception {
        try (GitHttpServer server = GitHttpServer.builder().basicAuth("alice", "s3cret").start()) {
            String url = server.createRepository("private");
            String sha = server.commit("private", "main", Map.of("a.txt", "a"));

            assertThatThrownBy(() -> Git.lsRemoteRepository().setRemote(url).call())
                    .isInstanceOf(TransportException.class);
            assertThatThrownBy(() -> Git.lsRemoteRepository().setRemote(url)
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("alice", "wrong")).call())
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("not authorized");

            Collection<Ref> refs = Git.lsRemoteRepository().setRemote(url)
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("alice", "s3cret")).call();
            assertThat(refs).extracting(ref -> ref.getObjectId().name()).contains(sha);

            Path clone = workDir.resolve("private");
            try (Git git = Git.cloneRepository().setURI(url).setDirectory(clone.toFile())
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("alice", "s3cret")).call()) {
                assertThat(git.getRepository().resolve("HEAD").name()).isEqualTo(sha);
            }
        }
    }

    @Test
    void unknownRepositoryIsNotFound() {
        try (GitHttpServer server = GitHttpServer.start()) {
            assertThatThrownBy(() -> Git.lsRemoteRepository().setRemote(server.url("missing")).call())
                    .isInstanceOf(TransportException.class);
        }
    }
}
