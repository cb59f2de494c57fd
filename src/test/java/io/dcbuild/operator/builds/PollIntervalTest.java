package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollIntervalTest {

    @Test
    void parsesKubernetesStyleDurations() {
        assertThat(PollInterval.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(PollInterval.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void refusesNonsenseAndTooShortIntervals() {
        assertThatThrownBy(() -> PollInterval.parse("5 minutes")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> PollInterval.parse("1s")).hasMessageContaining("minimum");
        assertThatThrownBy(() -> PollInterval.parse("99999999999999999999999h"))
                .hasMessageContaining("longer than the maximum poll interval of 366 days");
        assertThatThrownBy(() -> PollInterval.parse("9000h")).hasMessageContaining("maximum");
        assertThat(PollInterval.parse("8760h")).isEqualTo(Duration.ofDays(365));
        assertThat(PollInterval.parse("0005m")).isEqualTo(Duration.ofMinutes(5));
    }
}
