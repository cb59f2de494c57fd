package io.dcbuild.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class PrioritizedReconcileExecutorTest {

    @Test
    void runsGoFirstThenResourcesReconciledBeforeThenNewOnesEachInOrderOfArrival() throws Exception {
        PrioritizedReconcileExecutor pool = new PrioritizedReconcileExecutor(1, 1);
        CountDownLatch busy = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        pool.execute(new NamedTask("devcontainerbuild -> " + scope("old"), order));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 1);
        pool.execute(() -> await(busy));
        for (String task : List.of("devcontainerbuild -> " + scope("a"), "devcontainerbuildrun -> " + scope("r1"),
                "devcontainerbuild -> " + scope("b"), "devcontainerbuild -> " + scope("old"),
                "devcontainerbuildpolicy -> " + scope("p"), "devcontainerbuildrun -> " + scope("r2"))) {
            pool.execute(new NamedTask(task, order));
        }
        busy.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(order).extracting(task -> task.replaceAll(", retryInfo=.*", "").replaceAll(
                "ExecutionScope\\{resource=ResourceID\\{name='(\\w+)'.*", "$1")).containsExactly(
                "devcontainerbuild -> old", "devcontainerbuildrun -> r1", "devcontainerbuildrun -> r2",
                "devcontainerbuild -> old", "devcontainerbuild -> a", "devcontainerbuild -> b",
                "devcontainerbuildpolicy -> p");
    }

    @Test
    void firstReconcilesBeyondTheirShareWaitWhileARunFindsAThreadAtOnce() throws Exception {
        PrioritizedReconcileExecutor pool = new PrioritizedReconcileExecutor(4, 2);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
        List<String> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = "devcontainerbuild -> " + scope("new" + i);
            pool.execute(new Runnable() {
                @Override
                public void run() {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    await(release);
                    running.decrementAndGet();
                    order.add(name);
                }

                @Override
                public String toString() {
                    return name;
                }
            });
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 2);
        assertThat(pool.heldBack()).isEqualTo(8);

        pool.execute(new NamedTask("devcontainerbuildrun -> " + scope("run"), order));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 1);
        assertThat(order).singleElement().asString().startsWith("devcontainerbuildrun -> ");

        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 11);
        pool.shutdown();
        assertThat(mostAtOnce.get()).isEqualTo(2);
        assertThat(pool.heldBack()).isZero();
    }

    /** As the SDK prints an execution scope (its retry info differs from one reconcile to the next). */
    private static String scope(String name) {
        return "ExecutionScope{resource=ResourceID{name='" + name + "', namespace='ns'}, retryInfo="
                + System.nanoTime() + ", deleteEvent=false}";
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stands for the SDK's ReconcilerExecutor, whose toString() starts with the controller's name. */
    private record NamedTask(String name, List<String> order) implements Runnable {

        @Override
        public void run() {
            order.add(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
