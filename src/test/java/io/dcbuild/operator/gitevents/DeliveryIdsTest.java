package io.dcbuild.operator.gitevents;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryIdsTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));

    @Test
    void anIdSeenWithinTheWindowIsAReplay() {
        DeliveryIds ids = new DeliveryIds(10, Duration.ofHours(24), clock);
        assertThat(ids.firstSeen(GitHost.GITHUB, "a")).isTrue();
        assertThat(ids.firstSeen(GitHost.GITHUB, "a")).isFalse();
        assertThat(ids.firstSeen(GitHost.GITLAB, "a")).as("ids are per host").isTrue();
        clock.advance(Duration.ofHours(23));
        assertThat(ids.firstSeen(GitHost.GITHUB, "a")).isFalse();
        clock.advance(Duration.ofHours(2));
        assertThat(ids.firstSeen(GitHost.GITHUB, "a")).as("forgotten after the window").isTrue();
    }

    @Test
    void atMostCapacityIdsAreKeptTheOldestGoFirst() {
        DeliveryIds ids = new DeliveryIds(3, Duration.ofHours(24), clock);
        for (String id : new String[] {"1", "2", "3", "4"}) {
            assertThat(ids.firstSeen(GitHost.GITEA, id)).isTrue();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(ids.size()).isEqualTo(3);
        assertThat(ids.firstSeen(GitHost.GITEA, "4")).isFalse();
        assertThat(ids.firstSeen(GitHost.GITEA, "1")).as("the oldest was forgotten").isTrue();
    }

    @Test
    void aForgottenIdMayBeDeliveredAgain() {
        DeliveryIds ids = new DeliveryIds(3, Duration.ofHours(24), clock);
        assertThat(ids.firstSeen(GitHost.BITBUCKET, "x")).isTrue();
        ids.forget(GitHost.BITBUCKET, "x");
        assertThat(ids.firstSeen(GitHost.BITBUCKET, "x")).isTrue();
    }
}
