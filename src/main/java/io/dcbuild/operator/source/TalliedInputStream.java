package io.dcbuild.operator.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response body whose bytes are handed, as they are read, to a tally that may refuse them: the fetches count what a
 * server sends while it arrives, so that too much of it fails the read instead of filling memory or disk first.
 */
final class TalliedInputStream extends FilterInputStream {

    /** Takes the bytes just read, or throws to stop the read. */
    @FunctionalInterface
    interface Tally {
        void take(long bytes) throws IOException;
    }

    private final Tally tally;

    TalliedInputStream(InputStream body, Tally tally) {
        super(body);
        this.tally = tally;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            tally.take(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            tally.take(n);
        }
        return n;
    }
}
