package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.registry.RegistryUnavailableException;
import io.dcbuild.operator.source.GitSourceException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ReconcileFailureReasonTest {

    @Test
    void whatIsOutOfReachIsTransientAndAnythingElseIsTheOperatorsBug() {
        assertThat(ReconcileFailureReason.of(new GitSourceException(GitSourceException.Kind.UNREACHABLE, "down",
                null))).isEqualTo("GitUnreachable");
        assertThat(ReconcileFailureReason.of(new KubernetesClientException("503"))).isEqualTo("TransientError");
        assertThat(ReconcileFailureReason.of(new UncheckedIOException(new IOException("reset"))))
                .isEqualTo("TransientError");
        assertThat(ReconcileFailureReason.of(new RegistryUnavailableException("registry down", 503, null, null)))
                .isEqualTo("TransientError");
        assertThat(ReconcileFailureReason.of(new io.javaoperatorsdk.operator.OperatorException(
                new GitSourceException(GitSourceException.Kind.UNREACHABLE, "down", null))))
                .as("as the SDK passes a checked exception on").isEqualTo("GitUnreachable");
        assertThat(ReconcileFailureReason.of(new NullPointerException())).isEqualTo("InternalError");
        assertThat(ReconcileFailureReason.of(new IllegalStateException(new StackOverflowError().toString())))
                .isEqualTo("InternalError");
    }
}
