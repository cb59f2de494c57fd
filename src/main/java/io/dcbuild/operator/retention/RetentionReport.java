package io.dcbuild.operator.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One retention run over all cache repositories.
 *
 * @param startedAt    when the run started (by the run's clock)
 * @param finishedAt   when it ended
 * @param dryRun       nothing was deleted or pinned; the figures say what a real run would do
 * @param repositories one report per repository, in the order swept
 * @param errors       problems that belong to no repository (unusable recorded images, unreadable repository
 *                     names); each repository's own errors are in its report
 */
public record RetentionReport(Instant startedAt, Instant finishedAt, boolean dryRun,
        List<RepositoryReport> repositories, List<String> errors) {

    public RetentionReport {
        repositories = List.copyOf(repositories);
        errors = List.copyOf(errors);
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    public int tagsScanned() {
        return repositories.stream().mapToInt(RepositoryReport::tagsScanned).sum();
    }

    public int deletedDigestCount() {
        return repositories.stream().mapToInt(report -> report.deletedDigests().size()).sum();
    }

    public int deletedTagCount() {
        return repositories.stream().mapToInt(report -> report.deletedTags().size()).sum();
    }

    public long bytesReclaimable() {
        return repositories.stream().mapToLong(RepositoryReport::bytesReclaimable).sum();
    }

    public int requests() {
        return repositories.stream().mapToInt(RepositoryReport::requests).sum();
    }

    /** Run-level errors followed by every repository's errors. */
    public List<String> allErrors() {
        List<String> all = new ArrayList<>(errors);
        repositories.forEach(report -> all.addAll(report.errors()));
        return all;
    }

    public boolean hasErrors() {
        return !allErrors().isEmpty();
    }

    /** The report of {@code repository} ({@code registry/path}), if it was swept. */
    public Optional<RepositoryReport> repository(String repository) {
        return repositories.stream().filter(report -> report.repository().equals(repository)).findFirst();
    }
}
