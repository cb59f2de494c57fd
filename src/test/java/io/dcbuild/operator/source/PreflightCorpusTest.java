package io.dcbuild.operator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case under {@code src/test/resources/preflight-corpus}: each folder is a repository at one commit, and
 * its {@code expected.txt} ({@link CorpusExpectation}) lists what the preflight must report.
 */
class PreflightCorpusTest {

    private final BuildReferenceReader reader = new BuildReferenceReader();

    static Stream<String> cases() throws IOException {
        try (Stream<Path> children = Files.list(corpus())) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList()
                    .stream();
        }
    }

    @Test
    void corpusIsLargeEnough() throws IOException {
        assertThat(cases().count()).isGreaterThanOrEqualTo(15);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsCase(String name) throws Exception {
        Path folder = corpus().resolve(name);
        CorpusExpectation expected = CorpusExpectation.parse(
                Files.readString(folder.resolve("expected.txt"), StandardCharsets.UTF_8));
        RepositoryFiles files = new DirectoryFiles(folder);

        if (expected.error() != null) {
            String[] error = expected.error().split(" ", 3);
            assertThatThrownBy(() -> reader.read(files, "c0ffee", expected.devcontainerDir(),
                    expected.dockerfilePath()))
                    .isInstanceOfSatisfying(DevcontainerContentException.class, e -> {
                        assertThat(e.kind()).hasToString(error[0]);
                        assertThat(e.location()).hasToString(error[1]);
                        assertThat(e.getMessage()).startsWith(error[1] + ": ").contains(error[2]);
                    });
            return;
        }

        PreflightReport report = reader.read(files, "c0ffee", expected.devcontainerDir(),
                expected.dockerfilePath());

        assertThat(report.commit()).isEqualTo("c0ffee");
        List<String> found = report.requirements().stream().map(CorpusExpectation::render).toList();
        assertThat(found).as("requirements of %s (notes: %s)", name, report.notes())
                .containsExactlyElementsOf(expected.requirements());
        for (String note : expected.notes()) {
            assertThat(report.notes()).as("notes of %s", name).anyMatch(n -> n.message().contains(note));
        }
        if (expected.unsupported() != null) {
            assertThat(report.unsupported()).contains(expected.unsupported());
            assertThat(report.isSupported()).isFalse();
        } else {
            assertThat(report.unsupported()).isEmpty();
        }
        if (expected.dockerfile() != null) {
            assertThat(report.dockerfile().orElse("-")).isEqualTo(expected.dockerfile());
        }
        if (expected.context() != null) {
            assertThat(report.buildContext().map(RepositoryPath::display)).contains(expected.context());
        }
        assertThat(report.unresolved()).allSatisfy(r -> assertThat(r.problem()).isPresent());
    }

    private static Path corpus() {
        try {
            return Path.of(PreflightCorpusTest.class.getResource("/preflight-corpus").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
