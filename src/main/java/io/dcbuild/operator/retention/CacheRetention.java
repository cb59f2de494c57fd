package io.dcbuild.operator.retention;

import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.ImageReference;
import io.dcbuild.operator.registry.RepositoryIdentity;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Garbage collection of Envbuilder cache repositories: mark every recorded image, then sweep each cache
 * repository in turn ({@link RetentionSweep}: stale, unmarked cache-key tags are deleted by digest, recorded
 * images are pinned). Repositories are independent: a failure in one is reported and the others are still swept.
 *
 * <pre>{@code
 * CacheRetention retention = new CacheRetention(access, Clock.systemUTC());
 * RetentionReport report = retention.run(MarkSet.ofBuilds(allBuildsInAllNamespaces),
 *         cacheReposOfAllBuilds, RetentionSettings.ofTtlDays(7));
 * }</pre>
 *
 * Not thread-safe per repository: do not run two retentions over the same repository at once.
 */
public final class CacheRetention {

    private final RegistryAccess access;
    private final Clock clock;

    public CacheRetention(RegistryAccess access, Clock clock) {
        this.access = Objects.requireNonNull(access, "access");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Sweeps every repository in {@code cacheRepositories} and every repository that has a mark.
     *
     * @param marks             every image recorded by any build in any namespace (see {@link MarkSet})
     * @param cacheRepositories cache repositories to sweep, {@code registry/path} (the {@code spec.cache.repo}
     *                          of every build); a repository that has marks is swept even when not listed here
     */
    public RetentionReport run(MarkSet marks, Collection<String> cacheRepositories, RetentionSettings settings) {
        return run(marks, cacheRepositories, settings, RecordedNow.NOTHING_NEW);
    }

    /**
     * As {@link #run(MarkSet, Collection, RetentionSettings)}, and right before each delete {@code recordedNow} is
     * asked whether a build has recorded the digest since {@code marks} were read: if so, it stays.
     */
    public RetentionReport run(MarkSet marks, Collection<String> cacheRepositories, RetentionSettings settings,
            RecordedNow recordedNow) {
        Instant startedAt = clock.instant();
        List<String> errors = new ArrayList<>(marks.unusable());
        Map<String, ImageReference> repositories = new LinkedHashMap<>();
        for (String name : cacheRepositories) {
            try {
                ImageReference repository = ImageReference.parse(name.strip()).repositoryOnly();
                repositories.putIfAbsent(RepositoryIdentity.of(repository), repository);
            } catch (IllegalArgumentException e) {
                errors.add("cache repository '" + name + "' cannot be swept: " + e.getMessage());
            }
        }
        for (String name : marks.repositories()) {
            ImageReference repository = ImageReference.parse(name);
            repositories.putIfAbsent(RepositoryIdentity.of(repository), repository);
        }
        List<RepositoryReport> reports = new ArrayList<>();
        for (ImageReference repository : repositories.values()) {
            RequestCounter requests = new RequestCounter();
            DistributionClient client = access.client(repository.registry(), requests);
            reports.add(new RetentionSweep(client, settings, clock.instant(), recordedNow)
                    .sweep(repository, marks.digests(repository), requests));
        }
        return new RetentionReport(startedAt, clock.instant(), settings.dryRun(), reports, errors);
    }

    /** {@link #run(MarkSet, Collection, RetentionSettings)} with the marks of these recorded images. */
    public RetentionReport run(Collection<String> recordedImages, Collection<String> cacheRepositories,
            RetentionSettings settings) {
        return run(MarkSet.of(recordedImages), cacheRepositories, settings);
    }
}
