package io.dcbuild.operator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dcbuild.operator.source.ImageRequirement.Kind;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerfileReferencesTest {

    @Test
    void unresolvedReferenceKeepsTheRawTextAndSaysWhichArgumentIsMissing() throws Exception {
        ReferenceFindings found = find("ARG BASE\nFROM ${BASE}:1\n", Map.of());

        assertThat(found.requirements()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(Kind.BASE_IMAGE);
            assertThat(r.reference()).isEqualTo("${BASE}:1");
            assertThat(r.resolution()).isEqualTo(ImageRequirement.Resolution.UNRESOLVED);
            assertThat(r.problem()).contains("the argument BASE has no value");
            assertThat(r.image()).isEmpty();
        });
    }

    @Test
    void buildArgsReachFromOnlyThroughGlobalArgs() throws Exception {
        ReferenceFindings found = find("FROM alpine:${VERSION}\n", Map.of("VERSION", ArgumentValue.known("3.20")));

        assertThat(found.requirements()).singleElement()
                .satisfies(r -> assertThat(r.resolution()).isEqualTo(ImageRequirement.Resolution.UNRESOLVED));
    }

    @Test
    void stageArgumentsExpandCopyFrom() throws Exception {
        ReferenceFindings found = find("""
                ARG TOOLS=ghcr.io/example/tools:1
                FROM debian:12
                ARG TOOLS
                ARG LOCAL=ghcr.io/example/other:2
                COPY --from=${TOOLS} /bin/a /bin/a
                COPY --from=$LOCAL /bin/b /bin/b
                """, Map.of());

        assertThat(found.requirements()).extracting(ImageRequirement::kind, ImageRequirement::reference)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.BASE_IMAGE, "debian:12"),
                        org.assertj.core.groups.Tuple.tuple(Kind.COPY_FROM_IMAGE, "ghcr.io/example/tools:1"),
                        org.assertj.core.groups.Tuple.tuple(Kind.COPY_FROM_IMAGE, "ghcr.io/example/other:2"));
    }

    @Test
    void invalidReferenceNamesTheGrammarProblem() throws Exception {
        ReferenceFindings found = find("FROM Ubuntu:22.04\n", Map.of());

        assertThat(found.requirements()).singleElement().satisfies(r -> {
            assertThat(r.resolution()).isEqualTo(ImageRequirement.Resolution.INVALID);
            assertThat(r.problem()).get().asString().contains("Ubuntu");
        });
    }

    @Test
    void dockerfileWithoutFromIsMalformed() {
        assertThatThrownBy(() -> find("# nothing\nRUN echo\n", Map.of()))
                .isInstanceOfSatisfying(DevcontainerContentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DevcontainerContentException.Kind.MALFORMED);
                    assertThat(e.getMessage()).isEqualTo("Dockerfile: the Dockerfile has no FROM instruction");
                });
    }

    @Test
    void malformedFromNamesItsLine() {
        assertThatThrownBy(() -> find("FROM alpine\n\nFROM alpine AS\n", Map.of()))
                .isInstanceOfSatisfying(DevcontainerContentException.class,
                        e -> assertThat(e.location()).hasToString("Dockerfile:3"));
    }

    @Test
    void unknownTargetIsNotedAndTheLastStageIsTheBase() throws Exception {
        ReferenceFindings found = DockerfileReferences.find("Dockerfile", "FROM a:1 AS one\nFROM b:1 AS two\n",
                Map.of(), Optional.of(new DevcontainerConfig.Value("three", 4)));

        assertThat(found.requirements()).extracting(ImageRequirement::kind)
                .containsExactly(Kind.STAGE_IMAGE, Kind.BASE_IMAGE);
        assertThat(found.notes()).singleElement().satisfies(n -> assertThat(n.message()).contains("'three'"));
    }

    private static ReferenceFindings find(String dockerfile, Map<String, ArgumentValue> args)
            throws DevcontainerContentException {
        return DockerfileReferences.find("Dockerfile", dockerfile, args, Optional.empty());
    }
}
