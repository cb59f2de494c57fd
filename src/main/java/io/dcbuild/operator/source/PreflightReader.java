package io.dcbuild.operator.source;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The preflight: before any pod runs, fetches the resolved commit (shallow, one commit, its trees and only the files
 * read) and lists every reference a build of it would pull, so that a policy can check them.
 */
public final class PreflightReader {

    /** Files larger than this are refused rather than read. */
    public static final long DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

    private final ShallowCommitFetcher fetcher;
    private final BuildReferenceReader references = new BuildReferenceReader();

    /**
     * Fetches in memory within {@code memoryBytes} for all preflights together, beyond that in temporary repositories
     * under {@code java.io.tmpdir}; reads files up to {@link #DEFAULT_MAX_FILE_BYTES}.
     */
    public PreflightReader(int timeoutSeconds, long memoryBytes) {
        this(new ShallowCommitFetcher(timeoutSeconds, Path.of(System.getProperty("java.io.tmpdir")),
                DEFAULT_MAX_FILE_BYTES, new FetchMemoryBudget(memoryBytes)));
    }

    public PreflightReader(ShallowCommitFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /**
     * Reads what a build of {@code ref.commit()} would pull.
     *
     * @param url             the repository's http(s) URL
     * @param ref             the ref as resolved ({@link GitRefResolver}): its full name is fetched, its commit read
     * @param devcontainerDir folder of devcontainer.json relative to the root, or null for the default search
     * @param dockerfilePath  a Dockerfile relative to the root to build instead of devcontainer.json, or null
     * @param credentials     for private repositories
     * @throws GitSourceException           when the commit cannot be fetched ({@link GitSourceException#isPermanent()}
     *                                      tells whether to retry)
     * @throws DevcontainerContentException when the dev container definition at that commit is missing, malformed or
     *                                      too large (permanent for that commit)
     */
    public PreflightReport read(String url, ResolvedRef ref, String devcontainerDir, String dockerfilePath,
            Optional<GitCredentials> credentials) throws GitSourceException, DevcontainerContentException {
        return read(url, ref, devcontainerDir, dockerfilePath, GitAccess.of(credentials));
    }

    public PreflightReport read(String url, ResolvedRef ref, String devcontainerDir, String dockerfilePath,
            GitAccess access) throws GitSourceException, DevcontainerContentException {
        try (CommitSnapshot snapshot = fetcher.fetch(url, ref, access)) {
            return references.read(snapshot, ref.commit(), devcontainerDir, dockerfilePath);
        } catch (UncheckedGitSourceException e) {
            // the partial fetch could not provide a file, and fetching the whole commit then failed
            throw e.getCause();
        }
    }
}
