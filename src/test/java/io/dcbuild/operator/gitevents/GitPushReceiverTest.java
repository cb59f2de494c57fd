package io.dcbuild.operator.gitevents;

import static io.dcbuild.operator.gitevents.GitHostTest.headers;
import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.builds.PushedRefs;
import io.dcbuild.operator.testing.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The receiver's answers before any build is looked at (the scenario test covers the rest on a real cluster). */
class GitPushReceiverTest {

    private static final String SECRET = "s3cret";
    private static final byte[] BODY = ("{\"ref\":\"refs/heads/main\",\"repository\":{\"clone_url\":"
            + "\"https://github.com/org/repo.git\"}}").getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "sha256=" + DeliverySignature.hmacSha256Hex(
            SECRET.getBytes(StandardCharsets.UTF_8), BODY);

    private final MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aStandbyTakesNothing() {
        leading.set(false);
        ReceiverAnswer answer = receiver(Optional.of(secret(SECRET))).receive(GitHost.GITHUB, BODY, push("d1"));
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.message()).contains("standby");
    }

    @Test
    void withoutASecretNothingIsTaken() {
        assertThat(receiver(Optional.empty()).receive(GitHost.GITHUB, BODY, push("d1")).status()).isEqualTo(503);
        ReceiverAnswer missing = receiver(Optional.of(secret(null))).receive(GitHost.GITHUB, BODY, push("d1"));
        assertThat(missing.status()).isEqualTo(503);
        assertThat(missing.message()).contains("the Secret dcbuild-system/git-events does not exist");
    }

    @Test
    void aWrongSignatureIsRefusedBeforeAnythingElse() {
        GitPushReceiver receiver = receiver(Optional.of(secret("another")));
        ReceiverAnswer answer = receiver.receive(GitHost.GITHUB, BODY, push("d1"));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.message()).doesNotContain(SECRET).doesNotContain("another");
        assertThat(meters.get("dcbuild.git.push.deliveries").tag("outcome", "bad_signature").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aDeliveryIdIsNeededAndTakenOnce() {
        GitPushReceiver receiver = receiver(Optional.of(secret(SECRET)));
        assertThat(receiver.receive(GitHost.GITHUB, BODY, headers("X-GitHub-Event", "ping",
                "X-Hub-Signature-256", SIGNATURE)).status()).isEqualTo(400);
        assertThat(receiver.receive(GitHost.GITHUB, BODY, headers("X-GitHub-Event", "ping",
                "X-Hub-Signature-256", SIGNATURE, "X-GitHub-Delivery", "p1")).status()).isEqualTo(200);
        assertThat(receiver.receive(GitHost.GITHUB, BODY, headers("X-GitHub-Event", "ping",
                "X-Hub-Signature-256", SIGNATURE, "X-GitHub-Delivery", "p1")).status()).isEqualTo(409);
        assertThat(receiver.receive(GitHost.GITHUB, BODY, headers("X-GitHub-Event", "ping",
                "X-Hub-Signature-256", SIGNATURE, "X-GitHub-Delivery", "x".repeat(201))).status()).isEqualTo(400);
    }

    @Test
    void aPushBeforeTheControllerStartedMayBeDeliveredAgain() {
        GitPushReceiver receiver = receiver(Optional.of(secret(SECRET)));
        assertThat(receiver.receive(GitHost.GITHUB, BODY, push("d1")).status()).isEqualTo(503);
        assertThat(receiver.receive(GitHost.GITHUB, BODY, push("d1")).status()).as("not taken for a replay")
                .isEqualTo(503);
    }

    private static UnaryOperator<String> push(String delivery) {
        return headers("X-GitHub-Event", "push", "X-Hub-Signature-256", SIGNATURE, "X-GitHub-Delivery", delivery);
    }

    private GitPushReceiver receiver(Optional<ReceiverSecret> secret) {
        return new GitPushReceiver(leading::get, secret, new DeliveryIds(100, Duration.ofHours(24), clock),
                new PushedRefs(), clock, meters);
    }

    /** The Secret's value as read, or (null) a Secret that does not exist. */
    private ReceiverSecret secret(String value) {
        return new ReceiverSecret(null, "dcbuild-system", "git-events", Duration.ofSeconds(10), clock) {
            @Override
            public synchronized Result current() {
                return value == null
                        ? new Result(Optional.empty(), "the Secret dcbuild-system/git-events does not exist")
                        : new Result(Optional.of(value.getBytes(StandardCharsets.UTF_8)), null);
            }
        };
    }
}
