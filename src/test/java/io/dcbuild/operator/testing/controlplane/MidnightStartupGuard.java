package io.dcbuild.operator.testing.controlplane;

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
        LocalTime now = LocalTime.now();
        Duration untilMidnight = Duration.between(now, LocalTime.MAX).plusNanos(1);
        if (untilMidnight.compareTo(startupTimeout) > 0) {
            return;
        }
        Duration wait = untilMidnight.plusSeconds(1);
        System.out.println("ControlPlane: waiting " + wait.toSeconds() + " s until past midnight: kube-api-test's "
                + "start-up deadline would wrap at midnight and fail the start at once");
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for midnight to pass", e);
        }
    }
}
