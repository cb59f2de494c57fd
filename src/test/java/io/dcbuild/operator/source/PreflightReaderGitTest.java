package io.dcbuild.operator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dcbuild.operator.testing.GitHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preflight against real repositories served over smart HTTP by {@link GitHttpServer}. */
class PreflightReaderGitTest {

    private static final String DEVCONTAINER_JSON = """
            {
              // built from the Dockerfile next to this file
              "build": { "dockerfile": "Dockerfile", },
              "features": { "ghcr.io/devcontainers/features/node:1": {} },
            }
            """;

    @TempDir
    Path workDirectory;

    private GitHttpServer server;

    private FetchMemoryBudget memory = new FetchMemoryBudget(FetchMemoryBudget.DEFAULT_BYTES);

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void readsTheResolvedCommitEvenWhenTheBranchHasMovedOn() throws Exception {
        server = GitHttpServer.start();
        String url = server.createRepository("app");
        String first = server.commit("app", "main", Map.of(
                ".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                ".devcontainer/Dockerfile", "FROM debian:12\n"));
        String second = server.commit("app", "main", Map.of(
                ".devcontainer/Dockerfile", "ARG V=3.20\nFROM alpine:${V}\n"));

        PreflightReport atFirst = reader().read(url, new ResolvedRef("refs/heads/main", first), null, null,
                Optional.empty());
        PreflightReport atSecond = reader().read(url, new ResolvedRef("refs/heads/main", second), null, null,
                Optional.empty());

        assertThat(atFirst.commit()).isEqualTo(first);
        assertThat(atFirst.requirements()).extracting(ImageRequirement::reference)
                .containsExactly("debian:12", "ghcr.io/devcontainers/features/node:1");
        assertThat(atSecond.requirements()).extracting(ImageRequirement::reference)
                .containsExactly("alpine:3.20", "ghcr.io/devcontainers/features/node:1");
        assertThat(atSecond.requirements().get(0).source()).hasToString(".devcontainer/Dockerfile:2");
        assertThat(temporaryRepositories()).isEmpty();
    }

    @Test
    void fetchesOnlyTheTipAtDepthOneWhenTheRefStillPointsAtTheCommit() throws Exception {
        server = GitHttpServer.start();
        String url = server.createRepository("app");
        server.commit("app", "main", Map.of(".devcontainer/devcontainer.json", "{\"image\": \"debian:11\"}"));
        String second = server.commit("app", "main", Map.of(".devcontainer/devcontainer.json",
                "{\"image\": \"debian:12\"}"));
        server.annotatedTag("app", "v2", second, "release 2");
        ShallowCommitFetcher fetcher = fetcher(PreflightReader.DEFAULT_MAX_FILE_BYTES);

        try (CommitSnapshot snapshot = fetcher.fetch(url, new ResolvedRef("refs/tags/v2", second),
                Optional.empty())) {
            assertThat(server.requests()).as("one fetch, none of the commit by its SHA")
                    .filteredOn(line -> line.startsWith("GET /git/app.git/info/refs")).hasSize(1);
            assertThat(snapshot.isShallow()).isTrue();
            assertThat(snapshot.read(".devcontainer/devcontainer.json")).contains("{\"image\": \"debian:12\"}");
            assertThat(snapshot.read("README.md")).isEmpty();
        }
        assertThat(temporaryRepositories()).isEmpty();
    }

    @Test
    void readsTheCommitInMemoryAndGivesTheMemoryBackWhenClosed() throws Exception {
        server = GitHttpServer.start();
        String url = server.createRepository("app");
        String commit = server.commit("app", "main", Map.of(".devcontainer/devcontainer.json",
                "{\"image\": \"debian:12\"}"));

        try (CommitSnapshot snapshot = fetcher(PreflightReader.DEFAULT_MAX_FILE_BYTES).fetch(url,
                new ResolvedRef("refs/heads/main", commit), Optional.empty())) {
            assertThat(snapshot.read(".devcontainer/devcontainer.json")).contains("{\"image\": \"debian:12\"}");
            assertThat(temporaryRepositories()).isEmpty();
            assertThat(memory.inUse()).isPositive();
        }
        assertThat(memory.inUse()).isZero();
    }

    @Test
    void aCommitThatDoesNotFitTheMemoryBudgetIsReadFromATemporaryRepositoryOnDisk() throws Exception {
        // without partial fetches the whole commit is received, the random file with it
        server = GitHttpServer.builder().withoutFilter().start();
        String url = server.createRepository("app");
        String commit = server.commit("app", "main", Map.of(".devcontainer/devcontainer.json",
                "{\"image\": \"debian:12\"}", "random.txt", randomText(64 * 1024)));
        memory = new FetchMemoryBudget(1024);

        try (CommitSnapshot snapshot = fetcher(PreflightReader.DEFAULT_MAX_FILE_BYTES).fetch(url,
                new ResolvedRef("refs/heads/main", commit), Optional.empty())) {
            assertThat(snapshot.read(".devcontainer/devcontainer.json")).contains("{\"image\": \"debian:12\"}");
            assertThat(snapshot.isShallow()).isTrue();
            assertThat(temporaryRepositories()).hasSize(1);
            assertThat(memory.inUse()).isZero();
        }
        assertThat(temporaryRepositories()).isEmpty();
    }

    @Test
    void privateRepositoryNeedsItsCredentials() throws Exception {
        server = GitHttpServer.builder().basicAuth("alice", "s3cret").start();
        String url = server.createRepository("private");
        String commit = server.commit("private", "main", Map.of(
                ".devcontainer/devcontainer.json", "{ \"image\": \"registry.example.com/team/dev:1\" }"));
        ResolvedRef ref = new ResolvedRef("refs/heads/main", commit);

        PreflightReport report = reader().read(url, ref, null, null,
                Optional.of(new GitCredentials("alice", "s3cret")));

        assertThat(report.requirements()).singleElement()
                .satisfies(r -> assertThat(r.image()).get().hasToString("registry.example.com/team/dev:1"));
        for (Optional<GitCredentials> wrong : java.util.List.of(Optional.<GitCredentials>empty(),
                Optional.of(new GitCredentials("alice", "wrong")))) {
            assertThatThrownBy(() -> reader().read(url, ref, null, null, wrong))
                    .isInstanceOfSatisfying(GitSourceException.class, e -> {
                        assertThat(e.kind()).isEqualTo(GitSourceException.Kind.AUTHENTICATION_FAILED);
                        assertThat(e.isPermanent()).isTrue();
                        assertThat(e.getMessage()).doesNotContain("s3cret", "wrong");
                    });
        }
        assertThat(temporaryRepositories()).isEmpty();
    }

    @Test
    void missingRepositoryRefAndCommitAreTold() throws Exception {
        server = GitHttpServer.start();
        String url = server.createRepository("app");
        String commit = server.commit("app", "main", Map.of("README.md", "hi"));

        assertThatThrownBy(() -> reader().read(server.url("nope"), new ResolvedRef("refs/heads/main", commit),
                null, null, Optional.empty()))
                .isInstanceOfSatisfying(GitSourceException.class,
                        e -> assertThat(e.kind()).isEqualTo(GitSourceException.Kind.REPOSITORY_NOT_FOUND));
        assertThatThrownBy(() -> reader().read(url, new ResolvedRef("refs/heads/gone", commit), null, null,
                Optional.empty()))
                .isInstanceOfSatisfying(GitSourceException.class,
                        e -> assertThat(e.kind()).isEqualTo(GitSourceException.Kind.REF_NOT_FOUND));
        String unknown = "0123456789abcdef0123456789abcdef01234567";
        assertThatThrownBy(() -> reader().read(url, new ResolvedRef("refs/heads/main", unknown), null, null,
                Optional.empty()))
                .isInstanceOfSatisfying(GitSourceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GitSourceException.Kind.COMMIT_NOT_FETCHABLE);
                    assertThat(e.isPermanent()).isFalse();
                    assertThat(e.getMessage()).contains("refs/heads/main", unknown);
                });
        assertThatThrownBy(() -> reader().read(url, new ResolvedRef("refs/heads/main", commit), null, null,
                Optional.empty()))
                .isInstanceOfSatisfying(DevcontainerContentException.class,
                        e -> assertThat(e.kind()).isEqualTo(DevcontainerContentException.Kind.MISSING));
        assertThat(temporaryRepositories()).isEmpty();
    }

    @Test
    void refusesFilesLargerThanTheCap() throws Exception {
        server = GitHttpServer.start();
        String url = server.createRepository("app");
        String commit = server.commit("app", "main", Map.of(
                ".devcontainer/devcontainer.json", "{ \"build\": { \"dockerfile\": \"Dockerfile\" } }",
                ".devcontainer/Dockerfile", "FROM alpine\n" + "# padding\n".repeat(200)));
        PreflightReader reader = new PreflightReader(fetcher(1024));

        assertThatThrownBy(() -> reader.read(url, new ResolvedRef("refs/heads/main", commit), null, null,
                Optional.empty()))
                .isInstanceOfSatisfying(DevcontainerContentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DevcontainerContentException.Kind.TOO_LARGE);
                    assertThat(e.getMessage()).isEqualTo(".devcontainer/Dockerfile: the file has 2012 bytes; the "
                            + "preflight reads files of at most 1024 bytes");
                });
        assertThat(temporaryRepositories()).isEmpty();
    }

    @Test
    void followsSymbolicLinksInsideTheRepository() throws Exception {
        server = GitHttpServer.start();
        String url = server.createRepository("mono");
        server.commit("mono", "main", Map.of(
                "shared/devcontainer/devcontainer.json", "{ \"build\": { \"dockerfile\": \"Dockerfile\" } }",
                "shared/devcontainer/Dockerfile", "FROM ghcr.io/example/base:7\n"));
        String commit = commitSymlinks(server.repository("mono"), Map.of(
                ".devcontainer", "shared/devcontainer",
                "escape", "../../etc/passwd"));

        try (CommitSnapshot snapshot = fetcher(PreflightReader.DEFAULT_MAX_FILE_BYTES).fetch(url,
                new ResolvedRef("refs/heads/main", commit), Optional.empty())) {
            PreflightReport report = new BuildReferenceReader().read(snapshot, commit, null, null);
            assertThat(report.devcontainerFile()).contains(".devcontainer/devcontainer.json");
            assertThat(report.requirements()).singleElement()
                    .satisfies(r -> assertThat(r.reference()).isEqualTo("ghcr.io/example/base:7"));
            assertThat(snapshot.read("escape")).isEmpty();
        }
    }

    /** Text that does not compress much: the pack of a commit holding it is about as large. */
    private static String randomText(int length) {
        java.util.Random random = new java.util.Random(length);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(Long.toString(random.nextLong(), 36));
        }
        return text.toString();
    }

    private PreflightReader reader() {
        return new PreflightReader(fetcher(PreflightReader.DEFAULT_MAX_FILE_BYTES));
    }

    private ShallowCommitFetcher fetcher(long maxFileBytes) {
        return new ShallowCommitFetcher(10, workDirectory, maxFileBytes, memory);
    }

    private java.util.List<Path> temporaryRepositories() throws IOException {
        try (Stream<Path> children = Files.list(workDirectory)) {
            return children.toList();
        }
    }

    /** Adds symbolic links (path to target) on top of main, as {@code git} stores them: a blob holding the target. */
    private static String commitSymlinks(Repository repository, Map<String, String> links) throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter();
                ObjectReader reader = repository.newObjectReader();
                RevWalk walk = new RevWalk(reader)) {
            ObjectId parent = repository.exactRef("refs/heads/main").getObjectId();
            DirCache index = DirCache.newInCore();
            DirCacheBuilder copy = index.builder();
            copy.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, walk.parseCommit(parent).getTree());
            copy.finish();
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, String> link : links.entrySet()) {
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB,
                        link.getValue().getBytes(StandardCharsets.UTF_8));
                editor.add(new DirCacheEditor.PathEdit(link.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(FileMode.SYMLINK);
                        entry.setObjectId(blob);
                    }
                });
            }
            editor.finish();
            CommitBuilder commit = new CommitBuilder();
            PersonIdent author = new PersonIdent("Test", "test@dcbuild.test");
            commit.setAuthor(author);
            commit.setCommitter(author);
            commit.setMessage("links");
            commit.setTreeId(index.writeTree(inserter));
            commit.setParentId(parent);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef("refs/heads/main");
            update.setNewObjectId(id);
            update.setExpectedOldObjectId(parent);
            assertThat(update.update()).isEqualTo(RefUpdate.Result.FAST_FORWARD);
            return id.name();
        }
    }
}
