package io.dcbuild.operator.runs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CachedImageLineTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void findsTheLineEnvbuilderPrints() {
        String log = "#1: cloning\nsome output\nENVBUILDER_CACHED_IMAGE=127.0.0.1:5000/team/cache@" + DIGEST + "\n";
        assertThat(CachedImageLine.find(log)).contains("127.0.0.1:5000/team/cache@" + DIGEST);
    }

    @Test
    void ignoresMentionsInsideOtherLines() {
        assertThat(CachedImageLine.find("echo ENVBUILDER_CACHED_IMAGE=x@" + DIGEST)).isEmpty();
        assertThat(CachedImageLine.find("ENVBUILDER_CACHED_IMAGE=x@sha256:short")).isEmpty();
        assertThat(CachedImageLine.find(null)).isEmpty();
    }
}
