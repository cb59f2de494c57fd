package io.dcbuild.operator.retention;

import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.RegistryRequestListener;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.RegistryStorageWriter;
import io.dcbuild.operator.testing.TinyImage;
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

/**
 * Times one retention run over a single cache repository of 10,000 cache-key tags in a real registry 2.8: half of
 * them stale, a tenth recorded (one stale and one fresh in every twenty: pinned, and kept), plus {@code latest}.
 * Not a JUnit test: {@code make bench} runs its {@code main} in a JVM of its own.
 *
 * <p>Filling: 16 shared layers and, per tag, a config of its own (its own {@code created}, as Envbuilder's step
 * images have) and a manifest, written straight into the stopped registry's storage
 * ({@link RegistryStorageWriter}); through the API that is three requests per tag and minutes here. The retention
 * run itself only uses the API. Storage is on {@code /dev/shm} when it exists, so that a disk's journal does not
 * set the pace.
 *
 * <p>Deletes are limited per run (default 50): distribution 2.8 reads every tag link of the repository for each
 * manifest delete, so the 4,500 deletes of an unlimited run cost the registry about 4,500 x 10,000 link reads
 * (tens of minutes on a 2-core machine). The report says how many were deferred; each is exactly one more DELETE
 * request, which the "requests per deleted tag, unlimited" figure adds. {@code 0} removes the limit.
 *
 * <p>Arguments (all optional): number of tags (10000), delete limit (50), reads in flight (4).
 */
public final class RetentionBenchmark {

    private static final String REPO = "bench/cache";
    private static final Duration TTL = Duration.ofDays(7);

    private RetentionBenchmark() {
    }

    public static void main(String[] args) {
        int tags = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int deleteLimit = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int reads = args.length > 2 ? Integer.parseInt(args[2]) : RetentionSettings.DEFAULT_CONCURRENT_READS;
        Path shm = Path.of("/dev/shm");
        LocalRegistry.Builder builder = LocalRegistry.builder();
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            builder.parentDirectory(shm);
        }
        try (LocalRegistry registry = builder.start()) {
            System.out.printf("registry %s, storage %s%n%d cache tags, delete limit %s, %d reads in flight%n",
                    registry.hostPort(), registry.storageDirectory(), tags,
                    deleteLimit == 0 ? "none" : String.valueOf(deleteLimit), reads);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            long fillStart = System.nanoTime();
            Filled filled = fill(registry, tags, now);
            int listed = new DistributionClient(DistributionClient.newHttpClient(), registry.hostPort(), true, null)
                    .listTags(REPO).size();
            System.out.printf("filled in %.1f s: %d tags listed, %d stale and unrecorded, %d recorded%n",
                    (System.nanoTime() - fillStart) / 1e9, listed, filled.expectedDeletions(),
                    filled.recordedImages().size());

            RequestsByMethod byMethod = new RequestsByMethod();
            CacheRetention retention = new CacheRetention(TestRegistryAccess.anonymous().withHook(byMethod),
                    Clock.fixed(now, ZoneOffset.UTC));
            RetentionSettings settings = RetentionSettings.defaults().withTtl(TTL)
                    .withMaxDeletesPerRepository(deleteLimit).withConcurrentReads(reads);
            System.gc();
            List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            long heapBefore = usedHeap();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            RetentionReport report = retention.run(filled.recordedImages(),
                    List.of(registry.hostPort() + "/" + REPO), settings);
            long end = System.nanoTime();
            long peakHeap = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            print(report.repositories().get(0), filled, byMethod, start, end, heapBefore, peakHeap);
            boolean expected = report.repositories().get(0).deletedTags().size()
                    + report.repositories().get(0).deferredDigests() == filled.expectedDeletions();
            if (!expected || report.hasErrors()) {
                System.out.println("UNEXPECTED RESULT: " + String.join("; ", report.allErrors()));
                System.exit(1);
            }
        }
    }

    private static void print(RepositoryReport swept, Filled filled, RequestsByMethod byMethod, long start, long end,
            long heapBefore, long peakHeap) {
        double seconds = (end - start) / 1e9;
        long firstDelete = byMethod.firstDelete();
        double scanSeconds = ((firstDelete == 0 ? end : firstDelete) - start) / 1e9;
        int deleted = swept.deletedTags().size();
        System.out.printf("tags scanned              %d (%d cache-key tags, %d stale)%n", swept.tagsScanned(),
                swept.cacheKeyTags(), swept.staleTags());
        System.out.printf("wall time                 %.1f s: %.1f s scan and pins, %.1f s deletes%n", seconds,
                scanSeconds, seconds - scanSeconds);
        System.out.printf("tags/s                    %.0f over the whole run, %.0f while scanning%n",
                swept.tagsScanned() / seconds, swept.tagsScanned() / scanSeconds);
        System.out.printf("deleted                   %d digests and tags, %d deferred by the limit (%d expected "
                + "in all)%n", deleted, swept.deferredDigests(), filled.expectedDeletions());
        if (deleted > 0) {
            System.out.printf("time per DELETE           %.0f ms (registry side, grows with the tags in the repo)%n",
                    (seconds - scanSeconds) * 1000 / deleted);
        }
        System.out.printf("kept because recorded     %d; pins put %d%n", swept.keptBecauseMarked(),
                swept.pinned().size());
        System.out.printf("registry requests         %d %s%n", swept.requests(), byMethod.counts());
        System.out.printf("requests per deleted tag  %.2f this run; %.2f unlimited (+1 DELETE per deferred)%n",
                swept.requests() / (double) Math.max(1, deleted),
                (swept.requests() + swept.deferredDigests()) / (double) Math.max(1, deleted
                        + swept.deferredDigests()));
        System.out.printf("bytes reclaimable         %d%n", swept.bytesReclaimable());
        System.out.printf("heap used                 %.1f MiB before, %.1f MiB peak during the run, garbage "
                + "included (max %.0f MiB)%n", heapBefore / 1048576.0, peakHeap / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    private static Filled fill(LocalRegistry registry, int tags, Instant now) {
        List<TinyImage.Layer> layers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            layers.add(TinyImage.Layer.of("bench layer " + i));
        }
        List<String> recorded = new ArrayList<>();
        int expectedDeletions = 0;
        registry.stop();
        RegistryStorageWriter writer = RegistryStorageWriter.into(registry);
        layers.forEach(layer -> writer.writeLayer(REPO, layer));
        for (int i = 0; i < tags; i++) {
            // even: 1 to 6 days old (fresh); odd: 8 to 13 days old (stale); every created differs
            Instant created = now.minus(Duration.ofDays(i % 2 == 0 ? 1 : 8)).minusSeconds(i * 37L % 432_000);
            TinyImage image = TinyImage.of(layers.get(i % layers.size()), created, "RUN step " + i);
            writer.writeImage(REPO, image, List.of(TestCacheKey.of("bench step " + i)));
            if (i % 20 == 3 || i % 20 == 4) {
                recorded.add(registry.hostPort() + "/" + REPO + "@" + image.manifestDigest());
            } else if (i % 2 == 1) {
                expectedDeletions++;
            }
        }
        writer.writeImage(REPO, TinyImage.of(layers.get(0), Instant.EPOCH, "final image"), List.of("latest"));
        registry.restart();
        return new Filled(recorded, expectedDeletions);
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

        long firstDelete() {
            return firstDelete.get();
        }
    }

    private record Filled(List<String> recordedImages, int expectedDeletions) {
    }
}
