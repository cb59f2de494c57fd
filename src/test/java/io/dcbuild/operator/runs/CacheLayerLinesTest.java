package io.dcbuild.operator.runs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheLayerLinesTest {

    private static final String A = "a".repeat(64);
    private static final String B = "0123456789abcdef".repeat(4);

    @Test
    void theLayersAProbeLookedUpInTheCacheRepositoryInLogOrderEachOnce() {
        String log = String.join("\n",
                "envbuilder v1.3.0 - Build development environments from repositories in a container",
                "#2: Checking for cached layer registry.example.com/team/cache:" + B + "...",
                "#2: Using caching version of cmd: RUN apt-get update",
                "#2: Checking for cached layer registry.example.com/team/cache:" + A + "...",
                "#3: Checking for cached layer registry.example.com/team/cache:" + B + "...",
                "#2: Checking for cached layer registry.example.com/other/cache:" + "c".repeat(64) + "...",
                "ENVBUILDER_CACHED_IMAGE=registry.example.com/team/cache@sha256:" + A);

        assertThat(CacheLayerLines.find(log, "registry.example.com/team/cache")).containsExactly(B, A);
    }

    @Test
    void kanikosFormAndColourCodesAndDockerHubsImplicitRegistry() {
        String log = "INFO[0000] Checking for cached layer index.docker.io/team/cache:" + A + "...\n"
                + "#1: \u001b[90mChecking for cached layer index.docker.io/team/cache:" + B + "...\u001b[0m\n";

        assertThat(CacheLayerLines.find(log, "team/cache")).containsExactly(A, B);
        assertThat(CacheLayerLines.find(log, "index.docker.io/team/cache")).containsExactly(A, B);
    }

    @Test
    void noLinesNoLayers() {
        assertThat(CacheLayerLines.find("", "r/c")).isEmpty();
        assertThat(CacheLayerLines.find(null, "r/c")).isEmpty();
        assertThat(CacheLayerLines.find("Checking for cached layer r/c:notakey...", "r/c")).isEmpty();
    }
}
