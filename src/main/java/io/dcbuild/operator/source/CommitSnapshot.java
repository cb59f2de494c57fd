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
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files of one fetched commit, read straight from its tree (no checkout). Symbolic links inside the repository
 * are followed; links that leave it read as missing. Closing frees the repository (memory or temporary directory).
 */
public final class CommitSnapshot implements RepositoryFiles, AutoCloseable {

    private static final int MAX_LINK_HOPS = 8;

    private final Repository repository;
    private final Runnable release;
    private final ObjectId tree;
    private final long maxFileBytes;

    /**
     * @param release run after the repository is closed: gives back its memory, or deletes its temporary directory
     */
    CommitSnapshot(Repository repository, Runnable release, ObjectId commit, long maxFileBytes) throws IOException {
        this.repository = repository;
        this.release = release;
        this.maxFileBytes = maxFileBytes;
        try (RevWalk walk = new RevWalk(repository)) {
            this.tree = walk.parseCommit(commit).getTree().getId();
        }
    }

    @Override
    public Optional<String> read(String path) throws DevcontainerContentException {
        try (ObjectReader reader = repository.newObjectReader()) {
            Optional<Entry> entry = lookup(reader, path, 0);
            if (entry.isEmpty() || !entry.get().mode().equals(FileMode.REGULAR_FILE)
                    && !entry.get().mode().equals(FileMode.EXECUTABLE_FILE)) {
                return Optional.empty();
            }
            long size = reader.getObjectSize(entry.get().id(), Constants.OBJ_BLOB);
            if (size > maxFileBytes) {
                throw new DevcontainerContentException(DevcontainerContentException.Kind.TOO_LARGE,
                        SourceLocation.file(entry.get().path()), "the file has " + size + " bytes; the preflight "
                                + "reads files of at most " + maxFileBytes + " bytes");
            }
            byte[] bytes = reader.open(entry.get().id(), Constants.OBJ_BLOB).getBytes();
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path + " from the fetched commit failed", e);
        }
    }

    @Override
    public List<String> directories(String path) throws DevcontainerContentException {
        try (ObjectReader reader = repository.newObjectReader()) {
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
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + path + " in the fetched commit failed", e);
        }
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
        return !repository.getObjectDatabase().getShallowCommits().isEmpty();
    }

    /** Closes the repository and gives back what it held (memory or a temporary directory). */
    @Override
    public void close() {
        try {
            repository.close();
        } finally {
            release.run();
        }
    }
}
