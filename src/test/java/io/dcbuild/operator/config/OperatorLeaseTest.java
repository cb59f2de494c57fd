package io.dcbuild.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The leader election the operator configures from {@code dcbuild.leader-election.*}. */
class OperatorLeaseTest {

    @Test
    void theSettingsNameTheLeaseItsNamespaceAndTheInstance() {
        LeaderElectionConfiguration lease = OperatorLease.configuration(
                settings(true, Optional.of("dcbuild-system"), Optional.of("operator-7f9c"), 15, 10, 2),
                "from-kubeconfig", true, null).orElseThrow();

        assertThat(lease.getLeaseName()).isEqualTo("devcontainer-build-operator");
        assertThat(lease.getLeaseNamespace()).contains("dcbuild-system");
        assertThat(lease.getIdentity()).contains("operator-7f9c");
        assertThat(lease.getLeaseDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(lease.getRenewDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(lease.getRetryPeriod()).isEqualTo(Duration.ofSeconds(2));
        assertThat(lease.isExitOnStopLeading()).as("a leader that lost the Lease ends its process").isTrue();
    }

    @Test
    void withoutANamespaceSetTheClientsIsTaken() {
        LeaderElectionConfiguration lease = OperatorLease.configuration(
                settings(true, Optional.empty(), Optional.empty(), 15, 10, 2), "from-kubeconfig", false, null)
                .orElseThrow();

        assertThat(lease.getLeaseNamespace()).contains("from-kubeconfig");
        assertThat(lease.getIdentity()).as("the SDK's default: the host name").isEmpty();
        assertThat(lease.isExitOnStopLeading()).isFalse();
    }

    @Test
    void turnedOffThereIsNone() {
        assertThat(OperatorLease.configuration(settings(false, Optional.empty(), Optional.empty(), 15, 10, 2), null,
                true, null)).isEmpty();
    }

    @Test
    void settingsThatCannotWorkAreRefusedNamingWhatToSet() {
        assertThatThrownBy(() -> OperatorLease.configuration(
                settings(true, Optional.empty(), Optional.empty(), 15, 10, 2), null, true, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DCBUILD_LEADER_ELECTION_LEASE_NAMESPACE")
                .hasMessageContaining("DCBUILD_LEADER_ELECTION_ENABLED=false");
        assertThatThrownBy(() -> OperatorLease.configuration(
                settings(true, Optional.of("ns"), Optional.empty(), 10, 10, 2), null, true, null))
                .hasMessage("dcbuild.leader-election.renew-deadline (10s) must be positive and shorter than "
                        + "dcbuild.leader-election.lease-duration (10s)");
        assertThatThrownBy(() -> OperatorLease.configuration(
                settings(true, Optional.of("ns"), Optional.empty(), 15, 10, 12), null, true, null))
                .hasMessageContaining("dcbuild.leader-election.retry-period (12s)");
    }

    private static OperatorConfig.LeaderElection settings(boolean enabled, Optional<String> namespace,
            Optional<String> identity, int leaseSeconds, int renewSeconds, int retrySeconds) {
        return new OperatorConfig.LeaderElection() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String leaseName() {
                return "devcontainer-build-operator";
            }

            @Override
            public Optional<String> leaseNamespace() {
                return namespace;
            }

            @Override
            public Optional<String> identity() {
                return identity;
            }

            @Override
            public Duration leaseDuration() {
                return Duration.ofSeconds(leaseSeconds);
            }

            @Override
            public Duration renewDeadline() {
                return Duration.ofSeconds(renewSeconds);
            }

            @Override
            public Duration retryPeriod() {
                return Duration.ofSeconds(retrySeconds);
            }
        };
    }
}
