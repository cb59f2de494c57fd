package io.dcbuild.operator;

import io.dcbuild.operator.runs.DevContainerBuildRunReconciler;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reconcile thread pool of the operator (the Java Operator SDK's, which all controllers share), with one
 * difference: waiting reconciles are taken in three ranks, first come first served within each: a run's, then a
 * reconcile of a resource this pool has reconciled before (a build following its run, a policy), then the first
 * reconcile of a resource. A run's step is short (record what a pod found, create the next pod) and every build of its
 * key waits for it; a build's later reconciles mirror its run; its first reconcile may resolve a ref and read the
 * repository. With a thousand builds waiting when the operator starts, a plain first-in-first-out queue would record
 * no pod result, and no build would turn Ready, before the last of them had been read.
 *
 * <p>The SDK submits one task per reconcile whose {@code toString()} is the controller's name, {@code " -> "} and the
 * execution scope, which starts with the resource's id; that is how tasks are told apart. Should that ever change,
 * tasks fall into fewer ranks, down to one, first-in-first-out, as the SDK's own pool.
 */
public final class PrioritizedReconcileExecutor extends ThreadPoolExecutor {

    private static final String RUN_TASK_PREFIX = DevContainerBuildRunReconciler.NAME + " ->";
    /** Past this many resources the memory of what was reconciled starts over (a few MiB at most). */
    private static final int REMEMBERED = 100_000;

    private final AtomicLong arrivals = new AtomicLong();
    private final Set<String> reconciledBefore = ConcurrentHashMap.newKeySet();

    public PrioritizedReconcileExecutor(int threads) {
        super(threads, threads, 60, TimeUnit.SECONDS, new PriorityBlockingQueue<>(), new NamedThreads());
    }

    /** For Quarkus Operator SDK: the operator's ConfigurationService uses this pool. */
    public static ConfigurationServiceCustomizer customizer(int threads) {
        return () -> overrider -> overrider.withExecutorService(new PrioritizedReconcileExecutor(threads));
    }

    @Override
    public void execute(Runnable task) {
        super.execute(task instanceof Ranked ? task : new Ranked(task, rankOf(task), arrivals.incrementAndGet()));
    }

    private int rankOf(Runnable task) {
        String name = String.valueOf(task);
        if (name.startsWith(RUN_TASK_PREFIX)) {
            return 0;
        }
        int scopeEnd = name.indexOf(", retryInfo");
        String resource = scopeEnd < 0 ? name : name.substring(0, scopeEnd);
        if (reconciledBefore.size() >= REMEMBERED) {
            reconciledBefore.clear();
        }
        return reconciledBefore.add(resource) ? 2 : 1;
    }

    /** A task with its rank and order of arrival, as the priority queue orders them. */
    private record Ranked(Runnable task, int rank, long arrival) implements Runnable, Comparable<Ranked> {

        @Override
        public void run() {
            task.run();
        }

        @Override
        public int compareTo(Ranked other) {
            return rank != other.rank ? Integer.compare(rank, other.rank) : Long.compare(arrival, other.arrival);
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    private static final class NamedThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "reconcile-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
