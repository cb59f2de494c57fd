package io.dcbuild.operator.gitevents;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The git hosts whose push events are received, each at {@code /webhooks/git/<path>}, with its own way of signing a
 * delivery, naming it and saying what happened. Headers are read through a lookup that ignores the case of names.
 */
public enum GitHost {

    /** {@code X-Hub-Signature-256: sha256=<hex HMAC>}, {@code X-GitHub-Delivery}, {@code X-GitHub-Event: push}. */
    GITHUB("github") {
        @Override
        boolean signed(byte[] secret, byte[] body, UnaryOperator<String> headers) {
            return DeliverySignature.prefixedHmacMatches(secret, body, headers.apply("X-Hub-Signature-256"));
        }

        @Override
        Optional<String> deliveryId(UnaryOperator<String> headers) {
            return present(headers.apply("X-GitHub-Delivery"));
        }

        @Override
        EventKind kind(UnaryOperator<String> headers) {
            String event = headers.apply("X-GitHub-Event");
            return "push".equals(event) ? EventKind.PUSH : "ping".equals(event) ? EventKind.PING : EventKind.OTHER;
        }
    },

    /** {@code X-Gitlab-Token: <the secret>}, {@code X-Gitlab-Event-UUID}, {@code X-Gitlab-Event: Push Hook}. */
    GITLAB("gitlab") {
        @Override
        boolean signed(byte[] secret, byte[] body, UnaryOperator<String> headers) {
            return DeliverySignature.tokenMatches(secret, headers.apply("X-Gitlab-Token"));
        }

        @Override
        Optional<String> deliveryId(UnaryOperator<String> headers) {
            return present(headers.apply("X-Gitlab-Event-UUID"));
        }

        @Override
        EventKind kind(UnaryOperator<String> headers) {
            String event = headers.apply("X-Gitlab-Event");
            return "Push Hook".equals(event) || "Tag Push Hook".equals(event) ? EventKind.PUSH : EventKind.OTHER;
        }
    },

    /**
     * Gitea and Forgejo: {@code X-Gitea-Signature} or {@code X-Forgejo-Signature} (hex HMAC, no prefix),
     * {@code X-Gitea-Delivery} or {@code X-Forgejo-Delivery}, {@code X-Gitea-Event: push} or {@code X-Forgejo-Event}.
     */
    GITEA("gitea") {
        @Override
        boolean signed(byte[] secret, byte[] body, UnaryOperator<String> headers) {
            String forgejo = headers.apply("X-Forgejo-Signature");
            return DeliverySignature.hmacMatches(secret, body,
                    forgejo != null ? forgejo : headers.apply("X-Gitea-Signature"));
        }

        @Override
        Optional<String> deliveryId(UnaryOperator<String> headers) {
            return present(headers.apply("X-Forgejo-Delivery")).or(() -> present(headers.apply("X-Gitea-Delivery")));
        }

        @Override
        EventKind kind(UnaryOperator<String> headers) {
            String event = Optional.ofNullable(headers.apply("X-Forgejo-Event"))
                    .orElse(headers.apply("X-Gitea-Event"));
            return "push".equals(event) ? EventKind.PUSH : EventKind.OTHER;
        }
    },

    /**
     * Bitbucket Cloud and Data Center: {@code X-Hub-Signature: sha256=<hex HMAC>}, {@code X-Request-UUID} (Cloud) or
     * {@code X-Request-Id} (Data Center), {@code X-Event-Key: repo:push} (Cloud) or {@code repo:refs_changed}.
     */
    BITBUCKET("bitbucket") {
        @Override
        boolean signed(byte[] secret, byte[] body, UnaryOperator<String> headers) {
            return DeliverySignature.prefixedHmacMatches(secret, body, headers.apply("X-Hub-Signature"));
        }

        @Override
        Optional<String> deliveryId(UnaryOperator<String> headers) {
            return present(headers.apply("X-Request-UUID")).or(() -> present(headers.apply("X-Request-Id")));
        }

        @Override
        EventKind kind(UnaryOperator<String> headers) {
            String event = headers.apply("X-Event-Key");
            return "repo:push".equals(event) || "repo:refs_changed".equals(event) ? EventKind.PUSH
                    : "diagnostics:ping".equals(event) ? EventKind.PING : EventKind.OTHER;
        }
    };

    /** What a delivery reports: a push (acted on), a ping when the webhook is set up, or anything else (ignored). */
    public enum EventKind { PUSH, PING, OTHER }

    private final String path;

    GitHost(String path) {
        this.path = path;
    }

    /** The last segment of the endpoint, {@code /webhooks/git/<path>}. */
    public String path() {
        return path;
    }

    public static Optional<GitHost> byPath(String path) {
        return Arrays.stream(values()).filter(host -> host.path.equals(path == null ? null
                : path.toLowerCase(Locale.ROOT))).findFirst();
    }

    /** The headers that carry the signature, for answers that say what is missing. */
    String signatureHeaders() {
        return switch (this) {
            case GITHUB -> "X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body>";
            case GITLAB -> "X-Gitlab-Token: <the secret>";
            case GITEA -> "X-Gitea-Signature or X-Forgejo-Signature: <HMAC-SHA256 of the body>";
            case BITBUCKET -> "X-Hub-Signature: sha256=<HMAC-SHA256 of the body>";
        };
    }

    /** The headers that carry the delivery id. */
    String deliveryIdHeaders() {
        return switch (this) {
            case GITHUB -> "X-GitHub-Delivery";
            case GITLAB -> "X-Gitlab-Event-UUID";
            case GITEA -> "X-Gitea-Delivery or X-Forgejo-Delivery";
            case BITBUCKET -> "X-Request-UUID or X-Request-Id";
        };
    }

    /** Whether the delivery carries proof that it was sent by someone who knows {@code secret}. */
    abstract boolean signed(byte[] secret, byte[] body, UnaryOperator<String> headers);

    /** The host's id of this delivery (a redelivery keeps it), if the delivery names one. */
    abstract Optional<String> deliveryId(UnaryOperator<String> headers);

    abstract EventKind kind(UnaryOperator<String> headers);

    private static Optional<String> present(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }
}
