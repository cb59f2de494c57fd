package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.CacheWarmth;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildStatus;
import io.dcbuild.operator.api.v1alpha1.RunPhase;
import io.dcbuild.operator.config.OperatorConfig;
import io.dcbuild.operator.metrics.BuildMetrics;
import io.dcbuild.operator.policy.EffectivePolicy;
import io.dcbuild.operator.status.KubernetesEvents;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Keeps the layer cache of a Ready build warm (spec.cache.keepWarm). Envbuilder reuses a cached layer only while its
 * push time plus the cache TTL lies ahead, so a build nobody touches for longer than its TTL rebuilds from scratch.
 *
 * <p>The layers of the recorded image are those its run's probe or verify pod looked up (run status.cacheLayers);
 * the registry says when each was pushed. The cache expires when the oldest does. A day to half a day before that
 * (spread by cache key), a refresh run builds the commit again with a cache TTL one day shorter than the build's:
 * every layer that would expire within a day counts as expired for it, is rebuilt and pushed anew; younger layers are
 * reused. Its verify pod names the layers again, and so the next expiry. Hence a TTL of at least 2 days.
 *
 * <p>A refresh is maintenance: the build stays Ready with its image while it runs and when it fails (a Warning
 * Event, another attempt an hour later). Refresh runs are bounded per namespace and in all ({@link RefreshSlots}).
 */
public class KeepWarm {

    /** How long before expiry the refresh window opens: the refresh pods' TTL is the build's less this. */
    static final Duration LEAD = Duration.ofDays(1);
    /** The refresh window: refreshes of one moment's builds spread over it, by cache key. */
    static final Duration SPREAD = Duration.ofHours(12);
    /** Past the instant the oldest layer counts as expired for the refresh pods (kaniko compares strictly). */
    private static final Duration MARGIN = Duration.ofMinutes(1);
    static final Duration AFTER_FAILURE = Duration.ofHours(1);
    static final Duration SLOT_WAIT = Duration.ofMinutes(1);
    static final Duration REGISTRY_RETRY = Duration.ofMinutes(5);
    private static final String REQUEST_PREFIX = "keep-warm ";
    private static final Logger LOG = Logger.getLogger(KeepWarm.class);

    private final CacheLayerAges ages;
    private final RunFollower runs;
    private final RefreshSlots slots;
    private final KubernetesEvents events;
    private final BuildMetrics metrics;
    private final OperatorConfig.KeepWarm limits;
    private final Clock clock;

    public KeepWarm(CacheLayerAges ages, RunFollower runs, KubernetesEvents events, BuildMetrics metrics,
            OperatorConfig.KeepWarm limits, Clock clock) {
        this.metrics = metrics;
        this.ages = ages;
        this.runs = runs;
        this.slots = new RefreshSlots();
        this.events = events;
        this.limits = limits;
        this.clock = clock;
    }

    /** Whether the build asks for it: its spec, else the policies' default. */
    public static boolean wanted(DevContainerBuildSpec spec, EffectivePolicy policy) {
        Boolean own = spec.getCache() == null ? null : spec.getCache().getKeepWarm();
        return own != null ? own : policy.defaultCacheKeepWarm().orElse(false);
    }

    /** A new run begins: what status.cache said was about the image before it. */
    public void forget(DevContainerBuild build) {
        slots.release(ResourceID.fromResource(build));
        build.getStatus().setCache(null);
    }

    /**
     * Moves keep-warm one step for a build whose inputs are settled (no run of a new key under way).
     *
     * @param builds the builds of every namespace served, from the informer cache (refresh runs in flight)
     * @return when to look again, if before the next poll
     */
    public Optional<Instant> tend(DevContainerBuild build, boolean wanted, RunFollower.RunContext run,
            Supplier<Stream<DevContainerBuild>> builds) {
        DevContainerBuildStatus status = build.getStatus();
        if (!wanted) {
            forget(build); // a refresh under way goes on; nobody waits for it
            return Optional.empty();
        }
        if (status.getPhase() != BuildPhase.Ready || status.getCacheKey() == null) {
            return Optional.empty();
        }
        CacheWarmth cache = status.getCache() != null ? status.getCache() : new CacheWarmth();
        status.setCache(cache);
        int ttlDays = run.settings().cacheTtlDays();
        if (ttlDays < 2) {
            clearPlan(cache);
            cache.setMessage("keep-warm needs a cache TTL of at least 2 days, this build's is " + ttlDays
                    + ": a refresh rebuilds the layers that are older than the TTL less one day");
            return Optional.empty();
        }
        Instant now = Instant.now(clock);
        if (cache.getRefreshRun() != null) {
            return follow(build, cache, run, now);
        }
        if (cache.getExpiresAt() == null && cache.getNextRefreshAt() == null) {
            Optional<Instant> retry = learnExpiry(build, cache, layersOf(status.getRun(), status.getCacheKey(), run),
                    run, now, now);
            if (retry.isPresent()) {
                return retry;
            }
        }
        Instant due = Instant.parse(cache.getNextRefreshAt());
        if (now.isBefore(due)) {
            return Optional.of(due);
        }
        ResourceID id = ResourceID.fromResource(build);
        if (!slots.take(id, builds.get(), limits.maxRefreshesPerNamespace(), limits.maxRefreshes())) {
            cache.setMessage("a refresh is due since " + cache.getNextRefreshAt() + " and waits: "
                    + limits.maxRefreshesPerNamespace() + " refresh runs at once per namespace, "
                    + limits.maxRefreshes() + " in all (dcbuild.keep-warm.*)");
            return Optional.of(now.plus(SLOT_WAIT));
        }
        String name = runs.beginRefresh(build, refreshContext(run, ttlDays), REQUEST_PREFIX + cache.getNextRefreshAt());
        cache.setRefreshRun(name);
        cache.setMessage("run " + name + " refreshes the cache: it builds commit " + status.getCommit()
                + " again with a cache TTL of " + (ttlDays - 1) + " days, so the layers older than that are pushed "
                + "anew");
        events.normal(build, "CacheRefreshStarted", cache.getMessage());
        metrics.cacheRefresh("started");
        LOG.infof("%s/%s: cache refresh run %s started (the cache expires at %s)", build.getMetadata().getNamespace(),
                build.getMetadata().getName(), name, cache.getExpiresAt());
        return Optional.empty(); // the run's progress brings the build back
    }

    private Optional<Instant> follow(DevContainerBuild build, CacheWarmth cache, RunFollower.RunContext run,
            Instant now) {
        Optional<DevContainerBuildRun> refresh = run.runs().apply(cache.getRefreshRun());
        if (refresh.isEmpty()) {
            // created a moment ago (not in the informer yet) or deleted by hand: find or create it again
            runs.beginRefresh(build, refreshContext(run, run.settings().cacheTtlDays()),
                    REQUEST_PREFIX + cache.getNextRefreshAt());
            return Optional.empty();
        }
        RunPhase phase = refresh.get().getStatus() == null ? null : refresh.get().getStatus().getPhase();
        if (phase == RunPhase.Succeeded) {
            Optional<Instant> retry = learnExpiry(build, cache, refresh.get().getStatus().getCacheLayers(), run, now,
                    now.plus(LEAD));
            if (retry.isPresent()) {
                return retry; // the registry did not answer: still following the run, asked again then
            }
            slots.release(ResourceID.fromResource(build));
            String name = cache.getRefreshRun();
            cache.setRefreshRun(null);
            cache.setRefreshedAt(seconds(now));
            metrics.cacheRefresh("refreshed");
            cache.setMessage("refreshed by run " + name + "; " + (cache.getExpiresAt() != null
                    ? "the cache expires at " + cache.getExpiresAt()
                    : "its verify pod named no cache layers, so the expiry is not known: every layer older than the "
                            + "TTL less a day was pushed anew, so it lasts a day at least"));
            events.normal(build, "CacheRefreshed", cache.getMessage() + ", the next refresh is due at "
                    + cache.getNextRefreshAt());
            return Optional.of(Instant.parse(cache.getNextRefreshAt()));
        }
        if (phase == RunPhase.Failed) {
            slots.release(ResourceID.fromResource(build));
            Instant next = now.plus(AFTER_FAILURE);
            cache.setMessage("refresh run " + cache.getRefreshRun() + " failed (" + refresh.get().getStatus()
                    .getReason() + "): " + refresh.get().getStatus().getMessage() + "; the next attempt is at "
                    + seconds(next) + " (the recorded image stays usable)");
            events.warning(build, "CacheRefreshFailed", cache.getMessage());
            metrics.cacheRefresh("failed");
            cache.setRefreshRun(null);
            cache.setNextRefreshAt(seconds(next));
            return Optional.of(next);
        }
        return Optional.empty();
    }

    /**
     * Sets expiresAt and nextRefreshAt from the registry's word on {@code layers}; without layers to ask about (an
     * image recorded by another build without a run, a log that named none), the refresh is due at
     * {@code dueWhenUnknown}: now for an image no refresh has touched (its verify pod names them), a day after a
     * refresh (which pushed anew every layer older than the TTL less a day): never a refresh right after a refresh.
     *
     * @return when to try again, when the registry could not be asked
     */
    private Optional<Instant> learnExpiry(DevContainerBuild build, CacheWarmth cache, List<String> layers,
            RunFollower.RunContext run, Instant now, Instant dueWhenUnknown) {
        if (layers.isEmpty()) {
            clearPlan(cache);
            cache.setNextRefreshAt(seconds(dueWhenUnknown));
            cache.setMessage("the cached layers of the recorded image are not known (no pod of this operator named "
                    + "them): a refresh run finds them");
            return Optional.empty();
        }
        CacheLayerAges.OldestLayer oldest;
        try {
            oldest = ages.oldest(run.settings().cacheRepo(), layers, run.secrets(), run.egress());
        } catch (Exception e) {
            Instant retry = now.plus(REGISTRY_RETRY);
            cache.setMessage("the ages of the cached layers could not be read from " + run.settings().cacheRepo()
                    + " (" + run.recorder().redact(String.valueOf(e.getMessage())) + "); asked again at "
                    + seconds(retry));
            return Optional.of(retry);
        }
        String layer = run.settings().cacheRepo() + ":" + oldest.key();
        cache.setOldestLayer(layer);
        if (oldest.missing()) {
            cache.setExpiresAt(null);
            cache.setNextRefreshAt(seconds(dueWhenUnknown));
            cache.setMessage("the cached layer " + layer + " is not in the registry (or unreadable): the cache is "
                    + "cold; a refresh run pushes it again at " + cache.getNextRefreshAt());
            return Optional.empty();
        }
        Instant expires = oldest.created().get().plus(Duration.ofDays(run.settings().cacheTtlDays()));
        cache.setExpiresAt(seconds(expires));
        cache.setNextRefreshAt(seconds(refreshTime(expires, build.getStatus().getCacheKey(), now)));
        cache.setMessage(null);
        return Optional.empty();
    }

    /** In [expiry - 1 day, expiry - 12 hours), by cache key; now, when that has passed. */
    static Instant refreshTime(Instant expires, String cacheKey, Instant now) {
        long spreadSeconds = SPREAD.minus(MARGIN).toSeconds();
        long offset = Long.parseLong(cacheKey.substring(0, 8), 16) % spreadSeconds;
        Instant at = expires.minus(LEAD).plus(MARGIN).plusSeconds(offset);
        return at.isBefore(now) ? now : at;
    }

    /** The layers the run of the build's current key found its image made of. */
    private static List<String> layersOf(String runName, String cacheKey, RunFollower.RunContext run) {
        if (runName == null) {
            return List.of();
        }
        return run.runs().apply(runName)
                .filter(r -> cacheKey.equals(r.getSpec().getCacheKey()) && r.getStatus() != null
                        && r.getStatus().getPhase() == RunPhase.Succeeded)
                .map(r -> r.getStatus().getCacheLayers())
                .orElse(List.of());
    }

    private static RunFollower.RunContext refreshContext(RunFollower.RunContext run, int ttlDays) {
        return new RunFollower.RunContext(run.settings().withCacheTtlDays(ttlDays - 1), run.secrets(), run.derived(),
                run.egress(), run.recorder(), run.runs(), run.tip());
    }

    private static void clearPlan(CacheWarmth cache) {
        cache.setExpiresAt(null);
        cache.setOldestLayer(null);
        cache.setNextRefreshAt(null);
    }

    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
