package io.dcbuild.operator.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * The most bytes one fetch of missing objects may receive, counted from {@link #start()}. What arrives before, the ref
 * advertisement, is not counted: over protocol v0 it lists every ref of the repository, which says nothing about the
 * size of the objects asked for. Reading past the limit fails, and {@link #exceeded()} tells the fetch why.
 */
final class ResponseByteLimit {

    /** Thrown from a counted stream when the response goes past the limit. */
    static final class Exceeded extends IOException {
        Exceeded(long limit) {
            super("the server sent more than " + limit + " bytes");
        }
    }

    private final long limit;
    private long received;
    private volatile boolean counting;
    private volatile boolean exceeded;

    ResponseByteLimit(long limit) {
        this.limit = limit;
    }

    /** {@code body}, counted against the limit once {@link #start()} was called. */
    InputStream count(InputStream body) {
        return new TalliedInputStream(body, this::take);
    }

    /** Counts from now on: the objects asked for are about to arrive. */
    void start() {
        counting = true;
    }

    /** Whether a read went past the limit (the fetch failed because of it). */
    boolean exceeded() {
        return exceeded;
    }

    private synchronized void take(long bytes) throws Exceeded {
        if (!counting) {
            return;
        }
        received += bytes;
        if (received > limit) {
            exceeded = true;
            throw new Exceeded(limit);
        }
    }
}
