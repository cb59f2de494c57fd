package io.dcbuild.operator.source;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes the preflight's fetches may hold in memory at once, all of them together. A fetch takes from it as
 * the server's bytes arrive and gives them back when its snapshot is closed; a fetch that would go past it is received
 * into a temporary repository on disk instead, so that a large repository or a burst of preflights never exhausts the
 * heap.
 */
public final class FetchMemoryBudget {

    /** The default: 64 MiB, shared by every preflight in flight. */
    public static final long DEFAULT_BYTES = 64L * 1024 * 1024;

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public FetchMemoryBudget(long limitBytes) {
        if (limitBytes < 0) {
            throw new IllegalArgumentException("the preflight memory budget cannot be negative: " + limitBytes);
        }
        this.limit = limitBytes;
    }

    /** An account for one fetch: what it takes is given back when the account is closed. */
    FetchMemoryAccount account() {
        return new FetchMemoryAccount(this);
    }

    /** Takes {@code bytes} if that keeps the total within the limit. */
    boolean tryTake(long bytes) {
        while (true) {
            long current = used.get();
            if (current + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    void give(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Bytes held by fetches right now. */
    public long inUse() {
        return used.get();
    }

    public long limit() {
        return limit;
    }
}
