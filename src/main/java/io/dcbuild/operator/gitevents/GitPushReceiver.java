package io.dcbuild.operator.gitevents;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.builds.PushedRefs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Decides what a push event delivered to {@code POST /webhooks/git/<host>} does, in this order, each refusal
 * changing nothing: a standby pod (503: deliver again, the leader takes it), no secret configured or readable (503),
 * a signature missing or wrong (401, checked on the raw body before any parsing), no delivery id (400), a delivery
 * id seen within the replay window (409), a ping (200) or another event (202, ignored), a body that is not a push
 * event (400), no build following the pushed repository and ref (404). Otherwise each following build is told of
 * the push and reconciled at once: its ref check runs as a poll would, without clone (202).
 *
 * <p>The body's size is bounded before it gets here ({@link GitPushRoutes}: 413).
 */
public final class GitPushReceiver {

    static final int MAX_DELIVERY_ID_LENGTH = 200;
    private static final Logger LOG = Logger.getLogger(GitPushReceiver.class);

    private final BooleanSupplier leading;
    private final Optional<ReceiverSecret> secret;
    private final DeliveryIds deliveries;
    private final PushedRefs pushes;
    private final Clock clock;
    private final MeterRegistry meters;

    public GitPushReceiver(BooleanSupplier leading, Optional<ReceiverSecret> secret, DeliveryIds deliveries,
            PushedRefs pushes, Clock clock, MeterRegistry meters) {
        this.leading = leading;
        this.secret = secret;
        this.deliveries = deliveries;
        this.pushes = pushes;
        this.clock = clock;
        this.meters = meters;
    }

    /** The answer to a delivery of {@code host} with this raw {@code body} and these headers (names in any case). */
    public ReceiverAnswer receive(GitHost host, byte[] body, UnaryOperator<String> headers) {
        ReceiverAnswer answer = decide(host, body, headers);
        Counter.builder("dcbuild.git.push.deliveries")
                .description("Deliveries to the git push receiver, by git host and outcome")
                .tag("host", host.path()).tag("outcome", answer.outcome())
                .register(meters).increment();
        return answer;
    }

    /** The answer to a body larger than the bound, which was not read further. */
    public ReceiverAnswer tooLarge(GitHost host, long maxBytes) {
        ReceiverAnswer answer = ReceiverAnswer.of(413, "too_large", "the body is larger than " + maxBytes
                + " bytes (dcbuild.git-events.max-body-bytes): not read, nothing done");
        Counter.builder("dcbuild.git.push.deliveries")
                .description("Deliveries to the git push receiver, by git host and outcome")
                .tag("host", host.path()).tag("outcome", answer.outcome())
                .register(meters).increment();
        return answer;
    }

    private ReceiverAnswer decide(GitHost host, byte[] body, UnaryOperator<String> headers) {
        if (!leading.getAsBoolean()) {
            return ReceiverAnswer.of(503, "standby", "this operator pod is a standby (it does not hold the Lease): "
                    + "nothing done; deliver again, the leader takes it");
        }
        if (secret.isEmpty()) {
            return ReceiverAnswer.of(503, "not_configured", "the git push receiver has no secret configured "
                    + "(dcbuild.git-events.secret-name, chart value gitEvents.secretName): nothing done");
        }
        ReceiverSecret.Result shared = secret.get().current();
        if (shared.secret().isEmpty()) {
            return ReceiverAnswer.of(503, "not_configured", shared.problem() + ": nothing done");
        }
        if (!host.signed(shared.secret().get(), body, headers)) {
            LOG.warnf("git push receiver: a %s delivery with a missing or wrong signature was refused (401)",
                    host.path());
            return ReceiverAnswer.of(401, "bad_signature", "signature missing or wrong (" + host.signatureHeaders()
                    + " with the secret of the Secret configured): nothing done");
        }
        Optional<String> id = host.deliveryId(headers);
        if (id.isEmpty() || id.get().length() > MAX_DELIVERY_ID_LENGTH) {
            return ReceiverAnswer.of(400, "no_delivery_id", "no delivery id (" + host.deliveryIdHeaders()
                    + ", at most " + MAX_DELIVERY_ID_LENGTH + " characters): nothing done");
        }
        if (!deliveries.firstSeen(host, id.get())) {
            return ReceiverAnswer.of(409, "replay", "delivery " + id.get() + " was received before: nothing done");
        }
        ReceiverAnswer answer = act(host, body, headers, id.get());
        if (answer.status() == 503) {
            deliveries.forget(host, id.get()); // not acted on: a redelivery must not be taken for a replay
        }
        return answer;
    }

    private ReceiverAnswer act(GitHost host, byte[] body, UnaryOperator<String> headers, String id) {
        switch (host.kind(headers)) {
            case PING -> {
                return ReceiverAnswer.of(200, "ping", "pong: the signature is right");
            }
            case OTHER -> {
                return ReceiverAnswer.of(202, "ignored", "not a push event: ignored");
            }
            default -> {
                // a push: read below
            }
        }
        PushEvent push;
        try {
            push = PushEvent.parse(host, body);
        } catch (PushEvent.UnreadablePushEvent e) {
            return ReceiverAnswer.of(400, "unreadable", e.getMessage() + ": nothing done");
        }
        Optional<Stream<DevContainerBuild>> builds = pushes.builds();
        if (builds.isEmpty()) {
            return ReceiverAnswer.of(503, "starting", "the operator has not started reconciling builds yet: nothing "
                    + "done; deliver again");
        }
        List<DevContainerBuild> following = FollowingBuilds.of(builds.get(), push);
        if (following.isEmpty()) {
            return ReceiverAnswer.of(404, "unknown_repository", "no DevContainerBuild follows " + push.refs()
                    + " of " + push.repositories() + ": nothing done");
        }
        Instant now = clock.instant();
        following.forEach(build -> pushes.pushed(build, now));
        LOG.infof("git push receiver: %s delivery %s: %s of %s pushed, checking the ref of %d build(s)", host.path(),
                id, push.refs(), push.repositories(), following.size());
        return ReceiverAnswer.of(202, "accepted", "checking the ref of " + following.size() + " build"
                + (following.size() == 1 ? "" : "s") + " now");
    }
}
