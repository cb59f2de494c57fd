package io.dcbuild.operator.builds;

import io.dcbuild.operator.registry.RegistryException;
import io.dcbuild.operator.source.GitSourceException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The condition reason of a reconcile that threw: a git server, the API server or a registry out of reach (transient:
 * retried with backoff, heals when it is back), or a bug of the operator ({@link #INTERNAL_ERROR}, retried too, and
 * named as such so that nobody waits for it to heal). The reason of builds' and policies' Reconciling condition.
 */
public final class ReconcileFailureReason {

    public static final String GIT_UNREACHABLE = "GitUnreachable";
    public static final String TRANSIENT_ERROR = "TransientError";
    public static final String INTERNAL_ERROR = "InternalError";

    private ReconcileFailureReason() {
    }

    /**
     * The exception a reconcile threw, without the SDK's wrapping: the Java Operator SDK passes a checked exception
     * (a {@link GitSourceException}) on wrapped in its {@code OperatorException}.
     */
    public static Exception unwrapped(Exception e) {
        Exception current = e;
        while (current instanceof OperatorException && current.getCause() instanceof Exception cause
                && cause != current) {
            current = cause;
        }
        return current;
    }

    public static String of(Exception thrown) {
        Exception e = unwrapped(thrown);
        if (e instanceof GitSourceException) {
            return GIT_UNREACHABLE;
        }
        if (e instanceof KubernetesClientException || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof RegistryException) {
            return TRANSIENT_ERROR;
        }
        return INTERNAL_ERROR;
    }
}
