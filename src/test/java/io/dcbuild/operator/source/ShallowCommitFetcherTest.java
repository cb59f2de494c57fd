package io.dcbuild.operator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dcbuild.operator.testing.GitHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partial fetch: the commit's trees without blobs, then only the blobs of the files read, against
 * {@link GitHttpServer} with and without partial fetch support. What the fetch received is read off the memory
 * budget, which counts every response body of an in-memory fetch, blobs fetched later included.
 */
class ShallowCommitFetcherTest {

    /** Random bytes do not compress: a fetch that receives this file receives about as many bytes. */
    private static final int LARGE_FILE_BYTES = 20 * 1024 * 1024;

    private static final String DEVCONTAINER_JSON = """
            { "build": { "dockerfile": "Dockerfile" } }
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
    void readsTheDevcontainerFolderWithoutReceivingALargeFileElsewhere() throws Exception {
        server = GitHttpServer.start();
        String commit = commitWithLargeFile(Map.of(
                ".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                ".devcontainer/Dockerfile", "FROM debian:12\n",
                ".devcontainer/scripts/setup.sh", "#!/bin/sh\n"));

        long received = readAndMeasure(commit, report -> {
            assertThat(report.devcontainerFile()).contains(".devcontainer/devcontainer.json");
            assertThat(report.dockerfile()).contains(".devcontainer/Dockerfile");
            assertThat(report.requirements()).extracting(ImageRequirement::reference).containsExactly("debian:12");
        });

        assertThat(received).isPositive().isLessThan(LARGE_FILE_BYTES / 100);
        assertThat(server.requests()).as("the commit's trees, then the folder's files together")
                .filteredOn(line -> line.startsWith("GET /git/app.git/info/refs")).hasSize(2);
        assertThat(temporaryRepositories()).isEmpty();
    }

    @Test
    void aDockerfileOutsideTheFolderIsFetchedOnItsOwn() throws Exception {
        server = GitHttpServer.start();
        String commit = commitWithLargeFile(Map.of(
                ".devcontainer/devcontainer.json", "{ \"build\": { \"dockerfile\": \"../Dockerfile\" } }",
                "Dockerfile", "FROM alpine:3.20\n"));

        long received = readAndMeasure(commit, report -> assertThat(report.requirements())
                .extracting(ImageRequirement::reference).containsExactly("alpine:3.20"));

        assertThat(received).isLessThan(LARGE_FILE_BYTES / 100);
        assertThat(server.requests()).as("the trees, the folder, the Dockerfile next to the large file")
                .filteredOn(line -> line.startsWith("GET /git/app.git/info/refs")).hasSize(3);
    }

    @Test
    void aServerWithoutFilterSupportGetsTheWholeCommitFetched() throws Exception {
        server = GitHttpServer.builder().withoutFilter().start();
        String commit = commitWithLargeFile(Map.of(
                ".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                ".devcontainer/Dockerfile", "FROM debian:12\n"));

        long received = readAndMeasure(commit, report -> assertThat(report.requirements())
                .extracting(ImageRequirement::reference).containsExactly("debian:12"));

        assertThat(received).isGreaterThan(LARGE_FILE_BYTES);
    }

    @Test
    void aServerThatRefusesBlobWantsGetsTheWholeCommitFetchedWhenAFileIsRead() throws Exception {
        server = GitHttpServer.builder().refusingTreeAndBlobWants().start();
        String commit = commitWithLargeFile(Map.of(
                ".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                ".devcontainer/Dockerfile", "FROM debian:12\n"));

        long received = readAndMeasure(commit, report -> assertThat(report.requirements())
                .extracting(ImageRequirement::reference).containsExactly("debian:12"));

        assertThat(received).isGreaterThan(LARGE_FILE_BYTES);
        assertThat(memory.inUse()).isZero();
    }

    @Test
    void aServerGoneWhenAFileIsReadIsReportedUnreachable() throws Exception {
        server = GitHttpServer.start();
        String commit = commitWithLargeFile(Map.of(".devcontainer/devcontainer.json", "{ \"image\": \"debian:12\" }"));

        try (CommitSnapshot snapshot = fetcher(PreflightReader.DEFAULT_MAX_FILE_BYTES).fetch(server.url("app"),
                new ResolvedRef("refs/heads/main", commit), Optional.empty())) {
            server.refuseConnections();
            assertThatThrownBy(() -> snapshot.read(".devcontainer/devcontainer.json"))
                    .isInstanceOfSatisfying(UncheckedGitSourceException.class, e -> {
                        assertThat(e.getCause().kind()).isEqualTo(GitSourceException.Kind.UNREACHABLE);
                        assertThat(e.getCause().getSuppressed()).singleElement()
                                .isInstanceOf(PartialFetchUnavailable.class);
                    });
        }
        assertThat(memory.inUse()).isZero();
    }

    @Test
    void aFileLargerThanTheCapIsNotReceivedWhole() throws Exception {
        server = GitHttpServer.start();
        int maxFileBytes = 64 * 1024;
        String url = server.createRepository("app");
        String commit = server.commitBytes("app", "main", Map.of(
                ".devcontainer/devcontainer.json", DEVCONTAINER_JSON.getBytes(StandardCharsets.UTF_8),
                ".devcontainer/Dockerfile", randomBytes(2 * 1024 * 1024)), "large Dockerfile");

        try (CommitSnapshot snapshot = fetcher(maxFileBytes).fetch(url, new ResolvedRef("refs/heads/main", commit),
                Optional.empty())) {
            assertThatThrownBy(() -> new BuildReferenceReader().read(snapshot, commit, null, null))
                    .isInstanceOfSatisfying(DevcontainerContentException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DevcontainerContentException.Kind.TOO_LARGE);
                        assertThat(e.getMessage()).isEqualTo(".devcontainer/Dockerfile: the file has more than "
                                + "65536 bytes; the preflight reads files of at most 65536 bytes");
                    });
            assertThat(memory.inUse()).isLessThan(4L * maxFileBytes);
        }
    }

    @Test
    void aPartialFetchThatDoesNotFitInMemoryGoesOnFromDisk() throws Exception {
        server = GitHttpServer.start();
        String commit = commitWithLargeFile(Map.of(
                ".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                ".devcontainer/Dockerfile", "FROM debian:12\n"));
        memory = new FetchMemoryBudget(256);

        try (CommitSnapshot snapshot = fetcher(PreflightReader.DEFAULT_MAX_FILE_BYTES).fetch(server.url("app"),
                new ResolvedRef("refs/heads/main", commit), Optional.empty())) {
            PreflightReport report = new BuildReferenceReader().read(snapshot, commit, null, null);
            assertThat(report.requirements()).extracting(ImageRequirement::reference).containsExactly("debian:12");
            assertThat(temporaryRepositories()).singleElement()
                    .satisfies(repository -> assertThat(sizeOf(repository)).isLessThan(LARGE_FILE_BYTES / 100));
        }
        assertThat(temporaryRepositories()).isEmpty();
    }

    /** A repository {@code app} whose main branch holds {@code files} and a large random file at the root. */
    private String commitWithLargeFile(Map<String, String> files) {
        server.createRepository("app");
        String large = server.commitBytes("app", "main", Map.of("large.bin", randomBytes(LARGE_FILE_BYTES)),
                "large file");
        assertThat(large).isNotBlank();
        return server.commit("app", "main", files);
    }

    /** Reads the commit as the preflight does; the bytes its fetches received, read before the snapshot closes. */
    private long readAndMeasure(String commit, ReportCheck check) throws Exception {
        try (CommitSnapshot snapshot = fetcher(PreflightReader.DEFAULT_MAX_FILE_BYTES).fetch(server.url("app"),
                new ResolvedRef("refs/heads/main", commit), Optional.empty())) {
            check.accept(new BuildReferenceReader().read(snapshot, commit, null, null));
            return memory.inUse();
        } finally {
            assertThat(memory.inUse()).isZero();
        }
    }

    @FunctionalInterface
    private interface ReportCheck {
        void accept(PreflightReport report);
    }

    private ShallowCommitFetcher fetcher(long maxFileBytes) {
        return new ShallowCommitFetcher(10, workDirectory, maxFileBytes, memory);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private List<Path> temporaryRepositories() throws IOException {
        try (Stream<Path> children = Files.list(workDirectory)) {
            return children.toList();
        }
    }

    private static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
