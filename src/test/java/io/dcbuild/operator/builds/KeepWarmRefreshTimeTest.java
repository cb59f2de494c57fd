package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeepWarmRefreshTimeTest {

    private static final Instant EXPIRES = Instant.parse("2026-12-10T06:00:00Z");
    private static final Instant LONG_BEFORE = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aRefreshFallsInTheDayBeforeExpiryNoLaterThanHalfADayBefore() {
        for (int i = 0; i < 200; i++) {
            Instant at = KeepWarm.refreshTime(EXPIRES, key(i), LONG_BEFORE);
            assertThat(at).isAfter(EXPIRES.minus(Duration.ofDays(1)))
                    .isBefore(EXPIRES.minus(Duration.ofHours(12)));
        }
    }

    @Test
    void buildsOfOneMomentAreSpreadByCacheKeyAndOneKeyAlwaysGetsTheSameTime() {
        Set<Instant> times = new HashSet<>();
        IntStream.range(0, 50).forEach(i -> times.add(KeepWarm.refreshTime(EXPIRES, key(i), LONG_BEFORE)));
        assertThat(times).as("50 keys").hasSizeGreaterThan(45);
        assertThat(KeepWarm.refreshTime(EXPIRES, key(7), LONG_BEFORE))
                .isEqualTo(KeepWarm.refreshTime(EXPIRES, key(7), LONG_BEFORE.plusSeconds(3600)));
    }

    @Test
    void aWindowThatHasPassedMeansNow() {
        Instant now = EXPIRES.minus(Duration.ofHours(3));
        assertThat(KeepWarm.refreshTime(EXPIRES, key(1), now)).isEqualTo(now);
    }

    private static String key(int i) {
        return CacheKey.sha256("key " + i);
    }
}
