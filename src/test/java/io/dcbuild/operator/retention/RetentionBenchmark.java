package io.dcbuild.operator.retention;

import io.dcbuild.operator.registry.RegistryRequestListener;
import io.dcbuild.operator.testing.DirectImagePusher;
import io.dcbuild.operator.testing.LocalRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Times one retention run over a single cache repository of 10,000 cache-key tags in a real registry 2.8: about
 * half of them stale, about a tenth recorded (so pinned, and kept when stale), plus {@code latest}. Not a JUnit
 * test: {@code make bench} runs its {@code main} in a JVM of its own.
 *
 * <p>Filling: a few shared layer blobs, then per tag one config blob of its own (its own {@code created}, as
 * Envbuilder's step images have) and one manifest PUT: three requests per tag, from several threads. The
 * registry's storage is on {@code /dev/shm} when that exists, because on a disk the file-system journal, not the
 * registry or the client, sets the pace of small writes.
 *
 * <p>Arguments (all optional): number of tags (10000), filling threads (8).
 */
public final class RetentionBenchmark {

    private static final String REPO = "bench/cache";
    private static final Duration TTL = Duration.ofDays(7);

    private RetentionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tags = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path shm = Path.of("/dev/shm");
        LocalRegistry.Builder builder = LocalRegistry.builder();
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            builder.parentDirectory(shm);
        }
        try (LocalRegistry registry = builder.start()) {
            System.out.printf("registry %s, storage %s, %d cache tags, %d filling threads%n", registry.hostPort(),
                    registry.storageDirectory(), tags, threads);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            long fillStart = System.nanoTime();
            Filled filled = fill(registry, tags, threads, now);
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            System.out.printf("filled in %.1f s (%.0f tags/s): %d stale and unrecorded, %d recorded%n", fillSeconds,
                    tags / fillSeconds, filled.expectedDeletions(), filled.recordedImages().size());

            RequestsByMethod byMethod = new RequestsByMethod();
            CacheRetention retention = new CacheRetention(TestRegistryAccess.anonymous().withHook(byMethod),
                    Clock.fixed(now, ZoneOffset.UTC));
            List<String> repositories = List.of(registry.hostPort() + "/" + REPO);
            System.gc();
            List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            long heapBefore = usedHeap();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            RetentionReport report = retention.run(filled.recordedImages(), repositories,
                    RetentionSettings.defaults().withTtl(TTL));
            double seconds = (System.nanoTime() - start) / 1e9;
            long peakHeap = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();

            RepositoryReport swept = report.repositories().get(0);
            System.out.printf("tags scanned              %d (%d cache-key tags, %d stale)%n", swept.tagsScanned(),
                    swept.cacheKeyTags(), swept.staleTags());
            System.out.printf("wall time                 %.1f s%n", seconds);
            System.out.printf("tags/s                    %.0f%n", swept.tagsScanned() / seconds);
            System.out.printf("deleted                   %d digests, %d tags (expected %d)%n",
                    swept.deletedDigests().size(), swept.deletedTags().size(), filled.expectedDeletions());
            System.out.printf("kept because recorded     %d; pins put %d%n", swept.keptBecauseMarked(),
                    swept.pinned().size());
            System.out.printf("registry requests         %d (%.2f per deleted tag)%n", swept.requests(),
                    swept.requests() / (double) Math.max(1, swept.deletedTags().size()));
            System.out.printf("requests by method        %s; first DELETE after %.1f s%n", byMethod.counts(),
                    byMethod.secondsUntilFirstDelete(start));
            System.out.printf("bytes reclaimable         %d%n", swept.bytesReclaimable());
            System.out.printf("heap used                 %.1f MiB before, %.1f MiB peak during the run (max %.0f MiB)%n",
                    heapBefore / 1048576.0, peakHeap / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
            System.out.printf("errors                    %s%n", report.allErrors().isEmpty() ? "none"
                    : String.join("; ", report.allErrors()));
            if (swept.deletedTags().size() != filled.expectedDeletions() || report.hasErrors()) {
                System.out.println("UNEXPECTED RESULT");
                System.exit(1);
            }
        }
    }

    private static Filled fill(LocalRegistry registry, int tags, int threads, Instant now) throws Exception {
        DirectImagePusher pusher = DirectImagePusher.to(registry);
        List<DirectImagePusher.Layer> layers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            layers.add(pusher.uploadLayer(REPO, "bench layer " + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> digests = new ArrayList<>();
        try {
            for (int i = 0; i < tags; i++) {
                int n = i;
                // even: 1 to 6 days old (fresh); odd: 8 to 13 days old (stale); each created differs by seconds
                Instant created = now.minus(Duration.ofDays(n % 2 == 0 ? 1 : 8)).minusSeconds(n * 37L % 432_000);
                digests.add(pool.submit(() -> pusher.push(REPO, layers.get(n % layers.size()), created,
                        "RUN step " + n, List.of(TestCacheKey.of("bench step " + n)))));
            }
            pusher.push(REPO, layers.get(0), Instant.EPOCH, "final image", List.of("latest"));
            List<String> recorded = new ArrayList<>();
            int expectedDeletions = 0;
            for (int i = 0; i < tags; i++) {
                String digest = digests.get(i).get();
                if (i % 20 == 3 || i % 20 == 4) { // a tenth recorded: one stale and one fresh in every twenty
                    recorded.add(registry.hostPort() + "/" + REPO + "@" + digest);
                } else if (i % 2 == 1) {
                    expectedDeletions++;
                }
            }
            return new Filled(recorded, expectedDeletions);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Counts requests per HTTP method and notes when the first DELETE went out. */
    private static final class RequestsByMethod implements RegistryRequestListener {

        private final Map<String, AtomicInteger> counts = new ConcurrentSkipListMap<>();
        private final AtomicLong firstDelete = new AtomicLong();

        @Override
        public void requestSending(String method, URI uri) {
            counts.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
            if (method.equals("DELETE")) {
                firstDelete.compareAndSet(0, System.nanoTime());
            }
        }

        Map<String, AtomicInteger> counts() {
            return counts;
        }

        double secondsUntilFirstDelete(long start) {
            return firstDelete.get() == 0 ? 0 : (firstDelete.get() - start) / 1e9;
        }
    }

    private record Filled(List<String> recordedImages, int expectedDeletions) {
    }
}
