package io.dcbuild.operator;

import io.dcbuild.operator.runs.DevContainerBuildRunReconciler;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>Ranks alone do not keep the critical path short: a thread that runs a first reconcile cannot be taken back, and
 * a thousand first reconciles at once saturate the API server that runs and followers wait on. So only a bounded
 * number of first reconciles are in the pool at once; the others are held back, first come first served, and enter
 * as earlier ones end.
 *
 * <p>The SDK submits one task per reconcile whose {@code toString()} is the controller's name, {@code " -> "} and the
 * execution scope, which starts with the resource's id; that is how tasks are told apart. Should that ever change,
 * tasks fall into fewer ranks, down to one, first-in-first-out, as the SDK's own pool.
 */
public final class PrioritizedReconcileExecutor extends ThreadPoolExecutor {

    private static final String RUN_TASK_PREFIX = DevContainerBuildRunReconciler.NAME + " ->";
    /** Past this many resources the memory of what was reconciled starts over (a few MiB at most). */
    private static final int REMEMBERED = 100_000;

    private static final int FIRST_RECONCILE = 2;

    private final AtomicLong arrivals = new AtomicLong();
    private final Set<String> reconciledBefore = ConcurrentHashMap.newKeySet();
    private final int firstReconcilesAdmitted;
    /** First reconciles held back while {@link #firstReconcilesAdmitted} are in the pool; guarded by itself. */
    private final Deque<Ranked> heldBack = new ArrayDeque<>();
    private int firstReconcilesInPool;

    /**
     * @param threads          reconciles in flight at once
     * @param firstReconciles  of which first reconciles at most (each may resolve a ref and read a repository):
     *                         the others are held back, so that runs and builds in progress always find a thread and
     *                         the API server time to answer them
     */
    public PrioritizedReconcileExecutor(int threads, int firstReconciles) {
        super(threads, threads, 60, TimeUnit.SECONDS, new PriorityBlockingQueue<>(), new NamedThreads());
        if (firstReconciles < 1) {
            throw new IllegalArgumentException("at least one first reconcile must be allowed: " + firstReconciles);
        }
        this.firstReconcilesAdmitted = firstReconciles;
    }

    /** For Quarkus Operator SDK: the operator's ConfigurationService uses this pool. */
    public static ConfigurationServiceCustomizer customizer(int threads, int firstReconciles) {
        return () -> overrider -> overrider.withExecutorService(
                new PrioritizedReconcileExecutor(threads, firstReconciles));
    }

    @Override
    public void execute(Runnable task) {
        Ranked ranked = task instanceof Ranked r ? r : new Ranked(task, rankOf(task), arrivals.incrementAndGet());
        if (ranked.rank() == FIRST_RECONCILE) {
            synchronized (heldBack) {
                if (firstReconcilesInPool >= firstReconcilesAdmitted) {
                    heldBack.addLast(ranked);
                    return;
                }
                firstReconcilesInPool++;
            }
        }
        super.execute(ranked);
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        super.afterExecute(task, failure);
        if (task instanceof Ranked ranked && ranked.rank() == FIRST_RECONCILE) {
            Ranked next;
            synchronized (heldBack) {
                next = heldBack.pollFirst();
                if (next == null) {
                    firstReconcilesInPool--;
                }
            }
            if (next != null && !isShutdown()) {
                try {
                    super.execute(next); // takes over the place of the one that ended
                } catch (RejectedExecutionException stopping) {
                    // the operator is stopping: what is held back is reconciled after its restart
                }
            }
        }
    }

    /** As any executor: what was submitted before still runs, held back or not (no longer bounded then). */
    @Override
    public void shutdown() {
        synchronized (heldBack) {
            heldBack.forEach(super::execute);
            heldBack.clear();
        }
        super.shutdown();
    }

    /** As any executor: what has not started, held back or queued, is returned. */
    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> waiting = new ArrayList<>();
        synchronized (heldBack) {
            waiting.addAll(heldBack);
            heldBack.clear();
        }
        waiting.addAll(super.shutdownNow());
        return waiting;
    }

    /** First reconciles waiting for a place in the pool. */
    int heldBack() {
        synchronized (heldBack) {
            return heldBack.size();
        }
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
        return reconciledBefore.add(resource) ? FIRST_RECONCILE : 1;
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
