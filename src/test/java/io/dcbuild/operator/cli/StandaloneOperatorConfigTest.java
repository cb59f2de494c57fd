package io.dcbuild.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.config.OperatorConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandaloneOperatorConfigTest {

    @Test
    void defaultsComeFromTheMappingAnnotationsWithQuarkusDurations() throws Exception {
        OperatorConfig config = StandaloneOperatorConfig.create(List.of());

        assertThat(config.builder().defaultImage()).startsWith("ghcr.io/coder/envbuilder@sha256:");
        assertThat(config.builder().requireDigest()).isTrue();
        assertThat(config.build().defaultPollInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.registry().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.git().timeoutSeconds()).isEqualTo(30);
        assertThat(config.registry().plainHttpHosts()).isEmpty();
    }

    @Test
    void plainHttpHostsComeFromTheCommandLine() throws Exception {
        OperatorConfig config = StandaloneOperatorConfig.create(List.of("127.0.0.1", "registry.local"));

        assertThat(config.registry().plainHttpHosts()).contains(List.of("127.0.0.1", "registry.local"));
    }
}
