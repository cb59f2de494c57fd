package io.dcbuild.operator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dcbuild.operator.testing.GitHttpServer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Ref resolution and its error kinds (shared with the preflight fetch through {@link GitSourceFailure}). */
class GitRefResolverTest {

    private final GitRefResolver resolver = new GitRefResolver(10);

    @Test
    void resolvesBranchesAndPeelsAnnotatedTags() throws Exception {
        try (GitHttpServer server = GitHttpServer.start()) {
            String url = server.createRepository("app");
            String commit = server.commit("app", "main", Map.of("a", "1"));
            server.annotatedTag("app", "v1", commit, "one");

            assertThat(resolver.resolve(url, "main", Optional.empty()))
                    .isEqualTo(new ResolvedRef("refs/heads/main", commit));
            assertThat(resolver.resolve(url, "v1", Optional.empty()))
                    .isEqualTo(new ResolvedRef("refs/tags/v1", commit));
            assertThatThrownBy(() -> resolver.resolve(url, "nope", Optional.empty()))
                    .isInstanceOfSatisfying(GitSourceException.class,
                            e -> assertThat(e.kind()).isEqualTo(GitSourceException.Kind.REF_NOT_FOUND));
        }
    }

    @Test
    void refusedCredentialsAndMissingRepositoriesArePermanent() throws Exception {
        try (GitHttpServer server = GitHttpServer.builder().basicAuth("alice", "s3cret").start()) {
            String url = server.createRepository("private");
            server.commit("private", "main", Map.of("a", "1"));

            assertThat(resolver.resolve(url, "main", Optional.of(new GitCredentials("alice", "s3cret"))).fullName())
                    .isEqualTo("refs/heads/main");
            assertThatThrownBy(() -> resolver.resolve(url, "main", Optional.empty()))
                    .isInstanceOfSatisfying(GitSourceException.class, e -> {
                        assertThat(e.kind()).isEqualTo(GitSourceException.Kind.AUTHENTICATION_FAILED);
                        assertThat(e.isPermanent()).isTrue();
                    });
        }
        try (GitHttpServer server = GitHttpServer.start()) {
            assertThatThrownBy(() -> resolver.resolve(server.url("missing"), "main", Optional.empty()))
                    .isInstanceOfSatisfying(GitSourceException.class,
                            e -> assertThat(e.kind()).isEqualTo(GitSourceException.Kind.REPOSITORY_NOT_FOUND));
        }
    }

    @Test
    void theServerIsAskedForTheRequestedRefAloneNotForEveryBranchAndTag() throws Exception {
        try (GitHttpServer server = GitHttpServer.start()) {
            String url = server.createRepository("many-refs");
            String commit = server.commit("many-refs", "main", Map.of("a", "1"));
            for (int i = 0; i < 200; i++) {
                server.commit("many-refs", "feature-" + i, Map.of("f", Integer.toString(i)));
            }

            Map<String, org.eclipse.jgit.lib.Ref> advertised = resolver.advertisedRefs(url,
                    GitRefResolver.candidateNames("main"), GitAccess.of(Optional.empty()));

            // git protocol v2 ls-refs with ref-prefix: only refs/heads/main (and a tag of that name, if any)
            assertThat(advertised.keySet()).containsExactly("refs/heads/main");
            assertThat(resolver.resolve(url, "main", Optional.empty()).commit()).isEqualTo(commit);
        }
    }
}
