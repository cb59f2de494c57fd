package io.dcbuild.operator.testing.controlplane;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalTime;

/**
 * Works around a bug of kube-api-test 7.5.2: its readiness check computes the start-up deadline as a
 * {@link LocalTime} ({@code now + timeout}), which wraps at midnight, so an API server started less than the timeout
 * before midnight is declared "did not start properly" at its first check (a clean-clone run saw two control planes
 * fail so at 23:59:03 and 23:59:05, their API servers left running). Such a start waits until just past midnight.
 */
final class MidnightStartupGuard {

    private MidnightStartupGuard() {
    }

    /** Waits until past midnight when a start now would have its deadline wrap. */
    static void waitIfTheDeadlineWouldWrap(Duration startupTimeout) {
        if (!wouldWrap(startupTimeout)) {
            return;
        }
        System.out.println("ControlPlane: waiting until past midnight: kube-api-test's start-up deadline would wrap "
                + "at midnight and fail the start at once");
        await("midnight passed").atMost(startupTimeout.plusSeconds(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !wouldWrap(startupTimeout));
    }

    /** Whether midnight is less than the timeout away (just after it, the wrap is behind). */
    private static boolean wouldWrap(Duration startupTimeout) {
        Duration untilMidnight = Duration.between(LocalTime.now(), LocalTime.MAX).plusNanos(1);
        return untilMidnight.compareTo(startupTimeout) <= 0;
    }
}
