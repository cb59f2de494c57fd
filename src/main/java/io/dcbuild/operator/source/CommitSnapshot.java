package io.dcbuild.operator.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jboss.logging.Logger;

/**
 * The files of one fetched commit, read straight from its tree (no checkout). Symbolic links inside the repository
 * are followed; links that leave it read as missing. Closing frees the repository (memory or temporary directory).
 *
 * <p>After a partial fetch the trees are here but no blob: a file's blob is fetched when the file is first read, the
 * files of the folder named by {@link #willReadFolder} all at once. If the server cannot serve them, the whole commit
 * is fetched instead and the read goes on from it.
 */
public final class CommitSnapshot implements RepositoryFiles, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CommitSnapshot.class);
    private static final int MAX_LINK_HOPS = 8;

    /** Fetches the whole commit, for a snapshot whose partial fetch cannot provide the blobs read. */
    @FunctionalInterface
    interface WholeCommitFetch {
        FetchedRepository fetch() throws GitSourceException;
    }

    private final ObjectId commit;
    private final ObjectId tree;
    private final long maxFileBytes;
    private final WholeCommitFetch wholeCommit;
    /** Null once closed, or when fetching the whole commit failed. */
    private FetchedRepository fetched;
    /** Fetches the blobs the repository lacks; null when it holds them all. */
    private BlobBackfill backfill;
    /** The folder whose files are fetched together when the first of them is read; null when there is none. */
    private String folderToFetch;

    /** The snapshot of a commit fetched whole. */
    CommitSnapshot(FetchedRepository fetched, ObjectId commit, long maxFileBytes) throws IOException {
        this(fetched, null, null, commit, maxFileBytes);
    }

    /**
     * The snapshot of a commit fetched without its blobs.
     *
     * @param backfill    fetches the blobs into {@code fetched} as they are read
     * @param wholeCommit fetches the whole commit when {@code backfill} cannot
     */
    CommitSnapshot(FetchedRepository fetched, BlobBackfill backfill, WholeCommitFetch wholeCommit, ObjectId commit,
            long maxFileBytes) throws IOException {
        this.fetched = fetched;
        this.backfill = backfill;
        this.wholeCommit = wholeCommit;
        this.commit = commit;
        this.maxFileBytes = maxFileBytes;
        try (RevWalk walk = new RevWalk(fetched.repository())) {
            this.tree = walk.parseCommit(commit).getTree().getId();
        }
    }

    /**
     * Remembers {@code folder}: when the first file under it is read, the files of the whole folder are fetched
     * together, saving a request for each. The root is never fetched that way (its tree is the whole commit).
     */
    @Override
    public void willReadFolder(String folder) {
        folderToFetch = backfill == null || folder.isEmpty() ? null : folder;
    }

    @Override
    public Optional<String> read(String path) throws DevcontainerContentException {
        return withObjects("reading " + path, reader -> readFile(reader, path));
    }

    @Override
    public List<String> directories(String path) throws DevcontainerContentException {
        return withObjects("listing " + path, reader -> listDirectories(reader, path));
    }

    /** One read of the objects of the commit. */
    @FunctionalInterface
    private interface ObjectRead<T> {
        T read(ObjectReader reader) throws IOException, DevcontainerContentException;
    }

    /** Runs {@code read}; when the partial fetch cannot provide a blob, fetches the whole commit and runs it again. */
    private <T> T withObjects(String what, ObjectRead<T> read) throws DevcontainerContentException {
        try {
            try {
                return readFromRepository(read);
            } catch (PartialFetchUnavailable e) {
                fetchWholeCommit(e);
                return readFromRepository(read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what + " from the fetched commit " + commit.name() + " failed", e);
        }
    }

    private <T> T readFromRepository(ObjectRead<T> read) throws IOException, DevcontainerContentException {
        if (fetched == null) {
            throw new IllegalStateException("the snapshot of " + commit.name() + " holds no repository: it is "
                    + "closed, or fetching the whole commit failed");
        }
        try (ObjectReader reader = fetched.repository().newObjectReader()) {
            return read.read(reader);
        }
    }

    private void fetchWholeCommit(PartialFetchUnavailable cause) {
        LOG.debugf("%s; fetching the whole commit %s", cause.getMessage(), commit.name());
        backfill = null;
        folderToFetch = null;
        FetchedRepository partial = fetched;
        fetched = null;
        // gives back the partial fetch's memory before the whole commit takes some
        partial.close();
        try {
            fetched = wholeCommit.fetch();
        } catch (GitSourceException e) {
            e.addSuppressed(cause);
            throw new UncheckedGitSourceException(e);
        }
    }

    private Optional<String> readFile(ObjectReader reader, String path)
            throws IOException, DevcontainerContentException {
        Optional<Entry> entry = lookup(reader, path, 0);
        if (entry.isEmpty() || !entry.get().mode().equals(FileMode.REGULAR_FILE)
                && !entry.get().mode().equals(FileMode.EXECUTABLE_FILE)) {
            return Optional.empty();
        }
        Entry file = entry.get();
        fetchIfMissing(reader, file);
        long size = reader.getObjectSize(file.id(), Constants.OBJ_BLOB);
        if (size > maxFileBytes) {
            throw new DevcontainerContentException(DevcontainerContentException.Kind.TOO_LARGE,
                    SourceLocation.file(file.path()), "the file has " + size + " bytes; the preflight "
                            + "reads files of at most " + maxFileBytes + " bytes");
        }
        byte[] bytes = reader.open(file.id(), Constants.OBJ_BLOB).getBytes();
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    private List<String> listDirectories(ObjectReader reader, String path)
            throws IOException, DevcontainerContentException {
        Optional<Entry> entry = lookup(reader, path, 0);
        List<String> names = new ArrayList<>();
        if (entry.isEmpty() || !entry.get().mode().equals(FileMode.TREE)) {
            return names;
        }
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(entry.get().id());
            while (walk.next()) {
                if (walk.getFileMode(0).equals(FileMode.TREE)) {
                    names.add(walk.getNameString());
                }
            }
        }
        names.sort(null);
        return names;
    }

    /**
     * Fetches the blob of {@code file} (a file or a link) when the partial fetch left it out: with the files of the
     * folder to fetch if it lies there, else on its own.
     */
    private void fetchIfMissing(ObjectReader reader, Entry file) throws IOException, DevcontainerContentException {
        if (backfill == null || reader.has(file.id())) {
            return;
        }
        Optional<ObjectId> folder = folderHolding(reader, file.path());
        if (folder.isPresent() && backfill.fetchFolder(folder.get()) && reader.has(file.id())) {
            return;
        }
        backfill.fetchFile(file.id(), file.path());
    }

    /** The tree of the folder to fetch, when {@code path} lies in it; the folder is fetched once. */
    private Optional<ObjectId> folderHolding(ObjectReader reader, String path)
            throws IOException, DevcontainerContentException {
        String folder = folderToFetch;
        if (folder == null) {
            return Optional.empty();
        }
        // finding the folder may follow a link, whose blob is then fetched on its own
        folderToFetch = null;
        Optional<Entry> found = lookup(reader, folder, 0);
        if (found.isEmpty() || !found.get().mode().equals(FileMode.TREE) || found.get().path().isEmpty()) {
            return Optional.empty();
        }
        if (!path.startsWith(found.get().path() + "/")) {
            folderToFetch = folder;
            return Optional.empty();
        }
        return Optional.of(found.get().id());
    }

    /** A tree entry found by path: the path it was finally found at (after links), its mode and object. */
    private record Entry(String path, FileMode mode, ObjectId id) {
    }

    /** Walks {@code path} one name at a time from the root tree, following symbolic links. */
    private Optional<Entry> lookup(ObjectReader reader, String path, int hops)
            throws IOException, DevcontainerContentException {
        if (path.isEmpty()) {
            return Optional.of(new Entry("", FileMode.TREE, tree));
        }
        String[] names = path.split("/");
        ObjectId current = tree;
        for (int i = 0; i < names.length; i++) {
            try (TreeWalk walk = TreeWalk.forPath(reader, names[i], current)) {
                if (walk == null) {
                    return Optional.empty();
                }
                FileMode mode = walk.getFileMode(0);
                ObjectId id = walk.getObjectId(0);
                String walked = String.join("/", Arrays.copyOfRange(names, 0, i + 1));
                if (mode.equals(FileMode.SYMLINK)) {
                    return followLink(reader, walked, id, names, i, hops);
                }
                if (i == names.length - 1) {
                    return Optional.of(new Entry(walked, mode, id));
                }
                if (!mode.equals(FileMode.TREE)) {
                    return Optional.empty();
                }
                current = id;
            }
        }
        return Optional.empty();
    }

    private Optional<Entry> followLink(ObjectReader reader, String link, ObjectId id, String[] names, int at,
            int hops) throws IOException, DevcontainerContentException {
        if (hops >= MAX_LINK_HOPS) {
            throw new DevcontainerContentException(DevcontainerContentException.Kind.MALFORMED,
                    SourceLocation.file(link), "more than " + MAX_LINK_HOPS + " symbolic links in a row");
        }
        fetchIfMissing(reader, new Entry(link, FileMode.SYMLINK, id));
        String target = new String(reader.open(id, Constants.OBJ_BLOB).getCachedBytes(4096),
                StandardCharsets.UTF_8);
        if (target.startsWith("/")) {
            return Optional.empty();
        }
        StringBuilder rest = new StringBuilder(target);
        for (int i = at + 1; i < names.length; i++) {
            rest.append('/').append(names[i]);
        }
        Optional<String> resolved = RepositoryPath.resolve(RepositoryPath.parent(link), rest.toString());
        return resolved.isEmpty() ? Optional.empty() : lookup(reader, resolved.get(), hops + 1);
    }

    /** Whether the fetch was shallow: the commit's parents were not fetched. For tests. */
    boolean isShallow() throws IOException {
        return !fetched.repository().getObjectDatabase().getShallowCommits().isEmpty();
    }

    /** Closes the repository and gives back what it held (memory or a temporary directory). */
    @Override
    public void close() {
        if (fetched != null) {
            fetched.close();
            fetched = null;
        }
    }
}
