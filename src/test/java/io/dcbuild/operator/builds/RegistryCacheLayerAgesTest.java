package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dcbuild.operator.egress.EgressHttpClients;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.ScratchImagePusher;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** On the real registry (Debian's docker-registry): the layers' config {@code created}, as Envbuilder reads it. */
class RegistryCacheLayerAgesTest {

    private static final String OLD = "1".repeat(64);
    private static final String NEW = "2".repeat(64);
    private static final Instant OLD_CREATED = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant NEW_CREATED = Instant.parse("2026-11-25T10:00:00Z");

    static LocalRegistry registry;
    static RegistryCacheLayerAges ages;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.startDefault();
        ScratchImagePusher pusher = ScratchImagePusher.to(registry);
        pusher.push("team/cache:" + NEW, "new layer", NEW_CREATED, List.of());
        pusher.push("team/cache:" + OLD, "old layer", OLD_CREATED, List.of());
        ages = new RegistryCacheLayerAges(new EgressHttpClients(Duration.ofSeconds(5), Duration.ofSeconds(10)),
                new PlainHttpRegistries(List.of("127.0.0.1", "localhost")));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void theOldestLayerIsThePushedFirst() {
        CacheLayerAges.OldestLayer oldest = ages.oldest(registry.hostPort() + "/team/cache", List.of(NEW, OLD),
                BuildSecrets.none(), EgressSettings.direct());

        assertThat(oldest.key()).isEqualTo(OLD);
        assertThat(oldest.created()).contains(OLD_CREATED);
        assertThat(oldest.missing()).isFalse();
    }

    @Test
    void aLayerTheRegistryNoLongerHasIsReportedMissing() {
        String gone = "3".repeat(64);
        CacheLayerAges.OldestLayer oldest = ages.oldest(registry.hostPort() + "/team/cache", List.of(NEW, gone, OLD),
                BuildSecrets.none(), EgressSettings.direct());

        assertThat(oldest.key()).isEqualTo(gone);
        assertThat(oldest.missing()).isTrue();
    }

    @Test
    void aRegistryOutOfReachIsAnErrorNotAnAnswer() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        String closed = "127.0.0.1:" + port + "/team/cache";
        assertThatThrownBy(() -> ages.oldest(closed, List.of(OLD), BuildSecrets.none(), EgressSettings.direct()))
                .isInstanceOf(Exception.class);
    }
}
