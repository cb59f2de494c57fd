package io.dcbuild.operator.source;

import java.io.IOException;

/**
 * A partial fetch (the commit's trees without its blobs, the blobs read later) cannot go on: the server does not
 * advertise the {@code filter} capability, refuses wants of trees or blobs, or the missing blobs could not be received.
 * The commit is then fetched whole, as a server without partial clone support requires.
 */
final class PartialFetchUnavailable extends IOException {

    PartialFetchUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
