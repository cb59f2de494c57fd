package io.dcbuild.operator.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes one in-memory fetch holds of its {@link FetchMemoryBudget}: every response body of the fetch is counted
 * through {@link #count(InputStream)}, and reading past the budget fails with {@link OverBudget}, which tells the
 * fetcher to go to disk. Closing gives everything back.
 */
final class FetchMemoryAccount implements AutoCloseable {

    /** Thrown from a counted stream when the budget has no room for the next bytes. */
    static final class OverBudget extends IOException {
        OverBudget(long limit) {
            super("the preflight's in-memory fetches would hold more than " + limit + " bytes");
        }
    }

    private final FetchMemoryBudget budget;
    private long taken;
    private volatile boolean exceeded;

    FetchMemoryAccount(FetchMemoryBudget budget) {
        this.budget = budget;
    }

    /** {@code body}, counted against the budget as it is read. */
    InputStream count(InputStream body) {
        return new TalliedInputStream(body, this::take);
    }

    /** Whether a read went past the budget (the fetch failed because of it). */
    boolean exceeded() {
        return exceeded;
    }

    private synchronized void take(long bytes) throws OverBudget {
        if (!budget.tryTake(bytes)) {
            exceeded = true;
            throw new OverBudget(budget.limit());
        }
        taken += bytes;
    }

    @Override
    public synchronized void close() {
        budget.give(taken);
        taken = 0;
    }
}
