package io.dcbuild.operator.gitevents;

/**
 * What a delivery is answered: an HTTP status, a sentence for the git host's delivery log (never a secret), and
 * the outcome as the metric {@code dcbuild_git_push_deliveries_total} counts it.
 */
public record ReceiverAnswer(int status, String outcome, String message) {

    static ReceiverAnswer of(int status, String outcome, String message) {
        return new ReceiverAnswer(status, outcome, message);
    }
}
