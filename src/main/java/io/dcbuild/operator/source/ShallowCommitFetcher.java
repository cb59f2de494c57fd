package io.dcbuild.operator.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FilterSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.util.FileUtils;
import org.jboss.logging.Logger;

/**
 * Fetches one commit and nothing else: the ref it was resolved from at depth 1. When the ref has moved on since it was
 * resolved, the commit itself is fetched by SHA at depth 1 (servers such as GitHub, GitLab and JGit allow this for
 * reachable commits).
 *
 * <p>The fetch is partial: with the {@code blob:none} filter the commit's trees arrive and none of its blobs, and the
 * {@link CommitSnapshot} fetches the blobs of the files it reads ({@link BlobBackfill}). A large file elsewhere in the
 * repository is never received. A server that does not advertise the {@code filter} capability, or later refuses the
 * blobs, gets the whole commit fetched instead, as before partial fetches.
 *
 * <p>The fetch is received in memory (an in-memory repository: nothing written to disk, no background gc), counted
 * against a {@link FetchMemoryBudget} shared by all preflights, blobs fetched later included. When the budget has no
 * room (a large repository, or many preflights at once), the fetch starts again into a temporary bare repository on
 * disk with automatic gc off, deleted when the snapshot is closed.
 */
public final class ShallowCommitFetcher {

    private static final Logger LOG = Logger.getLogger(ShallowCommitFetcher.class);
    private static final String FETCHED_REF = "refs/dcbuild/preflight";
    private static final FilterSpec NO_BLOBS = blobNone();

    private final int timeoutSeconds;
    private final Path workDirectory;
    private final long maxFileBytes;
    private final FetchMemoryBudget memory;

    /**
     * @param timeoutSeconds network timeout of each git operation
     * @param workDirectory  where temporary repositories are made when a fetch does not fit in memory (e.g. an
     *                       emptyDir when the root is read-only)
     * @param maxFileBytes   the largest file the snapshots will read
     * @param memory         the bytes all fetches may hold in memory at once
     */
    public ShallowCommitFetcher(int timeoutSeconds, Path workDirectory, long maxFileBytes, FetchMemoryBudget memory) {
        this.timeoutSeconds = timeoutSeconds;
        this.workDirectory = workDirectory;
        this.maxFileBytes = maxFileBytes;
        this.memory = memory;
    }

    /**
     * The files of {@code ref.commit()}, fetched through {@code ref.fullName()}. The caller closes the snapshot.
     *
     * @throws GitSourceException when the server refuses, lacks the repository or ref, cannot serve the commit, or
     *                            cannot be reached
     */
    public CommitSnapshot fetch(String url, ResolvedRef ref, Optional<GitCredentials> credentials)
            throws GitSourceException {
        return fetch(url, ref, GitAccess.of(credentials));
    }

    public CommitSnapshot fetch(String url, ResolvedRef ref, GitAccess access) throws GitSourceException {
        Optional<FetchedRepository> partial = fetchStored(url, ref, access, NO_BLOBS);
        if (partial.isEmpty()) {
            return snapshot(url, ref, fetchWhole(url, ref, access),
                    whole -> new CommitSnapshot(whole, commitOf(ref), maxFileBytes));
        }
        return snapshot(url, ref, partial.get(), fetched -> new CommitSnapshot(fetched,
                new BlobBackfill(url, ref.fullName(), access, timeoutSeconds, maxFileBytes, fetched),
                () -> fetchWhole(url, ref, access), commitOf(ref), maxFileBytes));
    }

    /** Makes a snapshot of a fetched repository. */
    @FunctionalInterface
    private interface SnapshotOf {
        CommitSnapshot of(FetchedRepository fetched) throws IOException;
    }

    private static CommitSnapshot snapshot(String url, ResolvedRef ref, FetchedRepository fetched,
            SnapshotOf snapshotOf) throws GitSourceException {
        try {
            return snapshotOf.of(fetched);
        } catch (IOException e) {
            fetched.close();
            throw unreadable(url, ref, e);
        }
    }

    /** The whole commit, blobs included: for a server without partial fetches. */
    private FetchedRepository fetchWhole(String url, ResolvedRef ref, GitAccess access) throws GitSourceException {
        return fetchStored(url, ref, access, FilterSpec.NO_FILTER).orElseThrow(() -> new IllegalStateException(
                "a fetch without a filter cannot be refused for its filter"));
    }

    /**
     * Fetches the commit with {@code filter}, in memory or else on disk; empty when the server cannot filter (it does
     * not advertise the {@code filter} capability).
     */
    private Optional<FetchedRepository> fetchStored(String url, ResolvedRef ref, GitAccess access, FilterSpec filter)
            throws GitSourceException {
        FetchMemoryAccount account = memory.account();
        InMemoryRepository repository = new InMemoryRepository(new DfsRepositoryDescription("dcbuild-preflight"));
        boolean handedOver = false;
        try {
            fetchInto(repository, url, ref, transportConfig(access, account::count, filter));
            handedOver = true;
            return Optional.of(new FetchedRepository(repository, account::count, account::close));
        } catch (PartialFetchUnavailable e) {
            LOG.debugf("%s; fetching the whole commit %s", e.getMessage(), ref.commit());
            return Optional.empty();
        } catch (GitSourceException | IOException e) {
            if (!account.exceeded()) {
                throw e instanceof GitSourceException g ? g : unreadable(url, ref, (IOException) e);
            }
        } finally {
            if (!handedOver) {
                repository.close();
                account.close();
            }
        }
        return fetchOnDisk(url, ref, access, filter);
    }

    /** The same fetch into a temporary repository on disk, for a commit that did not fit in memory. */
    private Optional<FetchedRepository> fetchOnDisk(String url, ResolvedRef ref, GitAccess access, FilterSpec filter)
            throws GitSourceException {
        Path directory = createDirectory();
        Repository repository = null;
        boolean handedOver = false;
        try {
            repository = FileRepositoryBuilder.create(directory.toFile());
            repository.create(true);
            // the repository lives for one preflight: JGit's automatic gc after a fetch would only race its deletion
            StoredConfig config = repository.getConfig();
            config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
            config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTOPACKLIMIT, 0);
            config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
            config.save();
            fetchInto(repository, url, ref, transportConfig(access, UnaryOperator.identity(), filter));
            handedOver = true;
            return Optional.of(new FetchedRepository(repository, UnaryOperator.identity(), () -> delete(directory)));
        } catch (PartialFetchUnavailable e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unreadable(url, ref, e);
        } finally {
            if (!handedOver) {
                if (repository != null) {
                    repository.close();
                }
                delete(directory);
            }
        }
    }

    private static TransportConfigCallback transportConfig(GitAccess access, UnaryOperator<InputStream> bodies,
            FilterSpec filter) {
        TransportConfigCallback connections = access.transportConfig(bodies);
        return transport -> {
            connections.configure(transport);
            transport.setFilterSpec(filter);
        };
    }

    /**
     * Fetches the ref, and the commit by SHA when the ref no longer points at it. The repository keeps no ref: blobs
     * fetched into it later must not be negotiated against the commit, which the server would take as having them.
     *
     * @throws PartialFetchUnavailable when a filter was asked for and the server does not advertise filtering
     */
    private void fetchInto(Repository repository, String url, ResolvedRef ref, TransportConfigCallback transport)
            throws GitSourceException, IOException {
        Optional<ObjectId> tip = fetch(repository, url, ref.fullName(), transport);
        // without a local ref nothing is offered as a "have": the shallow tip's missing parents are never walked
        forget(repository);
        if (tip.isEmpty() || !tip.get().equals(commitOf(ref))) {
            fetchCommit(repository, url, ref, transport);
            forget(repository);
        }
    }

    private static void forget(Repository repository) throws IOException {
        if (repository.exactRef(FETCHED_REF) != null) {
            RefUpdate delete = repository.updateRef(FETCHED_REF);
            delete.setForceUpdate(true);
            delete.delete();
        }
    }

    private static ObjectId commitOf(ResolvedRef ref) {
        return ObjectId.fromString(ref.commit());
    }

    private static GitSourceException unreadable(String url, ResolvedRef ref, IOException e) {
        return new GitSourceException(GitSourceException.Kind.UNREACHABLE,
                "the fetched commit " + ref.commit() + " of " + url + " cannot be read: " + e.getMessage(), e);
    }

    /** Fetches {@code refName} at depth 1; the commit it points at (tags peeled), if the server sent one. */
    private Optional<ObjectId> fetch(Repository repository, String url, String refName,
            TransportConfigCallback transport) throws GitSourceException, IOException {
        try {
            command(repository, url, new RefSpec("+" + refName + ":" + FETCHED_REF), transport).call();
        } catch (TransportException e) {
            if (GitSourceFailure.filterNotAdvertised(e)) {
                throw new PartialFetchUnavailable("the git server of " + url + " does not filter fetches", e);
            }
            if (GitSourceFailure.refusedWant(e)) {
                throw new GitSourceException(GitSourceException.Kind.REF_NOT_FOUND,
                        "the repository " + url + " has no ref " + refName + " any more", e);
            }
            throw GitSourceFailure.classify(url, e);
        } catch (InvalidRemoteException e) {
            throw new GitSourceException(GitSourceException.Kind.REPOSITORY_NOT_FOUND,
                    "the repository " + url + " was not found", e);
        } catch (GitAPIException e) {
            throw failed(url, e);
        }
        Ref fetched = repository.exactRef(FETCHED_REF);
        if (fetched == null) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return Optional.of(walk.peel(walk.parseAny(fetched.getObjectId())).getId());
        }
    }

    private void fetchCommit(Repository repository, String url, ResolvedRef ref,
            TransportConfigCallback transport) throws GitSourceException, IOException {
        try {
            command(repository, url, new RefSpec("+" + ref.commit() + ":" + FETCHED_REF), transport).call();
        } catch (TransportException e) {
            if (GitSourceFailure.filterNotAdvertised(e)) {
                throw new PartialFetchUnavailable("the git server of " + url + " does not filter fetches", e);
            }
            GitSourceException classified = GitSourceFailure.classify(url, e);
            if (classified.isPermanent()) {
                throw classified;
            }
            // the ref was just fetched from this server, so a failure here is most likely a refusal
            throw new GitSourceException(GitSourceException.Kind.COMMIT_NOT_FETCHABLE, ref.fullName() + " of "
                    + url + " no longer points at " + ref.commit() + " and the server did not serve that commit "
                    + "by its SHA (" + GitSourceFailure.rootMessage(e) + "); resolving the ref again picks up the "
                    + "new commit", e);
        } catch (GitAPIException e) {
            throw failed(url, e);
        }
        if (!repository.getObjectDatabase().has(ObjectId.fromString(ref.commit()))) {
            throw new GitSourceException(GitSourceException.Kind.COMMIT_NOT_FETCHABLE,
                    "the server of " + url + " did not send the commit " + ref.commit(), null);
        }
    }

    private FetchCommand command(Repository repository, String url, RefSpec refSpec,
            TransportConfigCallback transport) {
        return Git.wrap(repository).fetch()
                .setRemote(url)
                .setRefSpecs(List.of(refSpec))
                .setDepth(1)
                .setTagOpt(TagOpt.NO_TAGS)
                .setTimeout(timeoutSeconds)
                .setTransportConfigCallback(transport);
    }

    private static FilterSpec blobNone() {
        try {
            return FilterSpec.fromFilterLine("blob:none");
        } catch (PackProtocolException e) {
            throw new IllegalStateException("JGit does not know the filter blob:none", e);
        }
    }

    private static GitSourceException failed(String url, GitAPIException e) {
        return new GitSourceException(GitSourceException.Kind.UNREACHABLE,
                "fetching from " + url + " failed: " + GitSourceFailure.rootMessage(e), e);
    }

    private Path createDirectory() throws GitSourceException {
        try {
            Files.createDirectories(workDirectory);
            return Files.createTempDirectory(workDirectory, "dcbuild-preflight-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary repository under " + workDirectory, e);
        }
    }

    private static void delete(Path directory) {
        try {
            FileUtils.delete(directory.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary repository " + directory, e);
        }
    }
}
