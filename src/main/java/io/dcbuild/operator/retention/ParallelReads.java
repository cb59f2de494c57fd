package io.dcbuild.operator.retention;

import io.dcbuild.operator.registry.RegistryException;
import io.dcbuild.operator.registry.RegistryUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs read-only registry calls for a list of items with at most {@code concurrency} in flight, and returns the
 * results in the order of the items. Registry round trips, not CPU, bound a scan: against a remote registry a
 * few requests in flight cut its time by about that factor. The first failure (in item order) is rethrown after
 * the remaining calls are cancelled.
 */
final class ParallelReads {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int concurrency;

    ParallelReads(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        this.concurrency = concurrency;
    }

    <T, R> List<R> map(List<T> items, Function<T, R> read) {
        if (concurrency == 1 || items.size() < 2) {
            return items.stream().map(read).toList();
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(concurrency, items.size()), runnable -> {
            Thread thread = new Thread(runnable, "retention-read-" + pool + "-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(executor.submit(() -> read.apply(item)));
            }
            List<R> results = new ArrayList<>(items.size());
            for (Future<R> future : futures) {
                results.add(await(future));
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }

    private static <R> R await(Future<R> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (CancellationException e) {
            throw new RegistryException("registry read cancelled", 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while reading the registry", 0, null, e);
        }
    }
}
