package io.dcbuild.operator.config;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.Optional;

/**
 * The Lease that makes one operator instance the only one that reconciles ({@code dcbuild.leader-election.*}).
 *
 * <p>The Java Operator SDK starts the informers of every instance, so a standby's caches are warm, and starts
 * reconciling only in the holder of the Lease. Everything this operator writes is written from a reconcile (no timer
 * or informer handler writes), so a standby writes nothing, but for one label on its own pod: with the git push
 * receiver, {@code gitevents.LeaderPodLabel} sets {@code dcbuild.io/leader} while the instance leads and removes it
 * when the instance starts. A holder that cannot renew the Lease within the renew
 * deadline stops leading; the operator then exits and its pod restarts as a standby: a process that lost the Lease
 * never reconciles again, and another instance takes over once the Lease has expired (at most the lease duration).
 */
public final class OperatorLease {

    private OperatorLease() {
    }

    /**
     * The leader election of these settings, none when it is turned off.
     *
     * @param clientNamespace   the namespace of the Kubernetes client's configuration (null when it has none): the
     *                          Lease's namespace when the settings name none
     * @param exitOnStopLeading whether losing the Lease ends the process (the operator; a test's operator in a shared
     *                          JVM stops instead)
     * @param callbacks         told when this instance starts and stops leading (after the SDK has acted on it)
     * @throws IllegalArgumentException with a sentence naming the setting to change, when the settings cannot work
     */
    public static Optional<LeaderElectionConfiguration> configuration(OperatorConfig.LeaderElection settings,
            String clientNamespace, boolean exitOnStopLeading, LeaderCallbacks callbacks) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        String namespace = settings.leaseNamespace().filter(name -> !name.isBlank())
                .orElse(clientNamespace == null || clientNamespace.isBlank() ? null : clientNamespace);
        if (namespace == null) {
            throw new IllegalArgumentException("leader election needs the namespace of its Lease: set "
                    + "DCBUILD_LEADER_ELECTION_LEASE_NAMESPACE (the chart and deploy/manifests set the operator's "
                    + "own), or turn leader election off with DCBUILD_LEADER_ELECTION_ENABLED=false when exactly one "
                    + "operator runs");
        }
        requireShorter("renew-deadline", settings.renewDeadline(), "lease-duration", settings.leaseDuration());
        requireShorter("retry-period", settings.retryPeriod(), "renew-deadline", settings.renewDeadline());
        // The constructor, not LeaderElectionConfigurationBuilder: the SDK's (5.3.2) build() leaves
        // exitOnStopLeading false, so a leader that lost its Lease would go on reconciling beside the new one.
        return Optional.of(new LeaderElectionConfiguration(settings.leaseName(), namespace, settings.leaseDuration(),
                settings.renewDeadline(), settings.retryPeriod(),
                settings.identity().filter(identity -> !identity.isBlank()).orElse(null), callbacks, exitOnStopLeading));
    }

    /** A leader must renew before its Lease runs out, and retry at least once before it gives up. */
    private static void requireShorter(String shorterKey, Duration shorter, String longerKey, Duration longer) {
        if (shorter.isNegative() || shorter.isZero() || shorter.compareTo(longer) >= 0) {
            throw new IllegalArgumentException("dcbuild.leader-election." + shorterKey + " (" + readable(shorter)
                    + ") must be positive and shorter than dcbuild.leader-election." + longerKey + " ("
                    + readable(longer) + ")");
        }
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
