package io.dcbuild.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CacheKeyChainTest {

    @Test
    void joinsContinuationsDropsCommentsAndKeepsOnlyCachedSteps() throws Exception {
        DockerfileInstructions dockerfile = DockerfileInstructions.parse("""
                # syntax=docker/dockerfile:1
                from debian:12 AS base
                ENV A=b
                run apt-get update && \\
                    # a comment inside a continuation
                    apt-get install -y git
                COPY . /src
                ADD https://example.test/x /x
                FROM base
                RUN echo done
                """);

        assertThat(dockerfile.fromLine()).isEqualTo("FROM debian:12 AS base");
        assertThat(dockerfile.cachedSteps()).extracting(DockerfileInstructions.Instruction::text).containsExactly(
                "RUN apt-get update && apt-get install -y git",
                "COPY . /src",
                "ADD https://example.test/x /x",
                "RUN echo done");
    }

    @Test
    void keysChainFromTheBaseAndCopyStepsDependOnTheContext() throws Exception {
        DockerfileInstructions dockerfile = DockerfileInstructions.parse("FROM alpine:3\nRUN a\nCOPY . /s\nRUN b\n");

        List<CacheStep> one = CacheKeyChain.compute(dockerfile, "context-1");
        List<CacheStep> again = CacheKeyChain.compute(dockerfile, "context-1");
        List<CacheStep> otherContext = CacheKeyChain.compute(dockerfile, "context-2");
        List<CacheStep> otherBase = CacheKeyChain.compute(
                DockerfileInstructions.parse("FROM alpine:3.20\nRUN a\nCOPY . /s\nRUN b\n"), "context-1");

        assertThat(one).isEqualTo(again);
        assertThat(one).extracting(CacheStep::key).allMatch(key -> key.matches("[0-9a-f]{64}")).doesNotHaveDuplicates();
        assertThat(one.get(0).key()).isEqualTo(Sha256Hex.of(Sha256Hex.of("FROM alpine:3") + "RUN a"));
        assertThat(one.get(1).key()).isEqualTo(Sha256Hex.of(one.get(0).key() + "COPY . /s" + "context-1"));
        assertThat(otherContext.get(0).key()).isEqualTo(one.get(0).key());
        assertThat(otherContext.get(1).key()).isNotEqualTo(one.get(1).key());
        assertThat(otherContext.get(2).key()).isNotEqualTo(one.get(2).key());
        assertThat(otherBase).extracting(CacheStep::key).doesNotContainAnyElementsOf(
                one.stream().map(CacheStep::key).toList());
    }

    @Test
    void aDockerfileWithoutFromIsABuildFailure() {
        assertThatThrownBy(() -> DockerfileInstructions.parse("RUN echo\n"))
                .isInstanceOf(EnvbuilderFailure.class)
                .hasMessage("error: parse dockerfile: RUN before FROM");
    }

    @Test
    void dockerConfigCredentialsMatchTheRegistryWithOrWithoutScheme() {
        DockerConfigCredentials config = DockerConfigCredentials.parse("""
                {"auths": {
                  "http://127.0.0.1:5000/v2/": {"auth": "dXNlcjpwYTpzcw=="},
                  "127.0.0.1:6000": {"username": "u2", "password": "p2"}
                }}""");

        assertThat(config.forRegistry("127.0.0.1:5000")).contains(new RegistryCredential("user", "pa:ss"));
        assertThat(config.forRegistry("127.0.0.1:6000")).contains(new RegistryCredential("u2", "p2"));
        assertThat(config.forRegistry("127.0.0.1:7000")).isEmpty();
    }
}
