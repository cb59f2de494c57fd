package io.dcbuild.operator.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jgit.api.errors.TransportException;
import org.junit.jupiter.api.Test;

class GitSourceFailureTest {

    private static final String URL = "http://127.0.0.1:40163/git/app.git";

    @Test
    void aPortThatContainsFourHundredOneIsNotARefusal() {
        GitSourceException failure = GitSourceFailure.classify(URL,
                new TransportException(URL + ": Connection reset"));

        assertThat(failure.kind()).isEqualTo(GitSourceException.Kind.UNREACHABLE);
    }

    @Test
    void statusesFourHundredOneAndThreeAreRefusals() {
        for (String message : new String[] {URL + ": 401 Unauthorized", URL + ": status 403 Forbidden",
                URL + ": not authorized"}) {
            assertThat(GitSourceFailure.classify(URL, new TransportException(message)).kind()).as(message)
                    .isEqualTo(GitSourceException.Kind.AUTHENTICATION_FAILED);
        }
    }
}
