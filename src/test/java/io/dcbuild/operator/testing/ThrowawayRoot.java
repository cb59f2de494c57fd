package io.dcbuild.operator.testing;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A root filesystem of its own for one real Envbuilder container: a fresh directory that becomes {@code /} of a
 * process started by bubblewrap ({@code bwrap}) in new mount, PID, IPC and UTS namespaces. Envbuilder unpacks the base
 * image into {@code /} and deletes what is not in it (kaniko's {@code DeleteFilesystem}); here that {@code /} is this
 * directory and nothing else.
 *
 * <p>Why a mistake cannot reach the machine's {@code /}: bwrap {@code pivot_root}s into this directory inside a new
 * mount namespace and detaches the old root, so the machine's root filesystem is not mounted anywhere the process can
 * see (a chroot would leave it one {@code chroot("..")} away). What it can see is this directory, a new
 * {@code /proc} of its own PID namespace, a minimal {@code /dev} (a tmpfs with null, zero, random, ...), and the host
 * directories {@link #mountReadOnly} names, read-only (the kubelet's ConfigMap volumes). Its capabilities are those
 * a container runtime gives a pod by default, minus NET_RAW as the operator's pod spec drops it: no SYS_ADMIN, so it
 * cannot mount or unmount anything. The mounts live only in that namespace: once the process has exited there is
 * nothing mounted in this directory, and {@link #close()} deletes it without following symbolic links (a link the
 * build made to {@code /etc} is removed, not its target), refusing any path that is not a directory created here.
 * The network is shared: the servers of a test listen on loopback.
 */
public final class ThrowawayRoot implements AutoCloseable {

    /** Where the image puts the binary ({@code ghcr.io/coder/envbuilder}: {@code /.envbuilder/bin/envbuilder}). */
    public static final String BINARY_PATH = "/.envbuilder/bin/envbuilder";

    /** A container runtime's default capabilities (containerd, Docker) without NET_RAW, as the pod spec asks. */
    private static final List<String> POD_CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID",
            "CAP_FOWNER", "CAP_MKNOD", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    private final Path parent;
    private final Path root;
    private final Map<Path, String> readOnlyMounts = new LinkedHashMap<>();

    private ThrowawayRoot(Path parent, Path root) {
        this.parent = parent;
        this.root = root;
    }

    /**
     * A new root under {@code parent} with a copy of {@code envbuilderBinary} at {@link #BINARY_PATH}: a copy, not a
     * bind mount, since Envbuilder copies its own binary into the image it pushes and kaniko writes that path.
     */
    public static ThrowawayRoot create(Path parent, Path envbuilderBinary) throws IOException {
        Files.createDirectories(parent);
        Path root = Files.createTempDirectory(parent, "envbuilder-root-");
        ThrowawayRoot created = new ThrowawayRoot(parent.toRealPath(), root.toRealPath());
        Path binary = created.root.resolve(BINARY_PATH.substring(1));
        Files.createDirectories(binary.getParent());
        Files.copy(envbuilderBinary, binary, StandardCopyOption.COPY_ATTRIBUTES);
        return created;
    }

    /**
     * Deletes the roots under {@code parent} last changed more than {@code olderThan} ago: those of a test JVM that was
     * killed (its bwrap processes died with it, {@code --die-with-parent}, and nothing deleted their roots). Roots of a
     * JVM running now are younger.
     */
    public static void deleteStale(Path parent, java.time.Duration olderThan) throws IOException {
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        java.time.Instant before = java.time.Instant.now().minus(olderThan);
        List<Path> stale;
        try (var entries = Files.list(parent)) {
            stale = entries.filter(path -> path.getFileName().toString().startsWith("envbuilder-root-"))
                    .filter(path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                    .filter(path -> {
                        try {
                            return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant()
                                    .isBefore(before);
                        } catch (IOException e) {
                            return false;
                        }
                    }).toList();
        }
        for (Path root : stale) {
            new ThrowawayRoot(parent.toRealPath(), root.toRealPath()).close();
        }
    }

    public Path directory() {
        return root;
    }

    /** {@code hostDirectory} appears read-only at {@code containerPath} (absolute) inside the root. */
    public void mountReadOnly(Path hostDirectory, String containerPath) {
        if (!containerPath.startsWith("/") || containerPath.contains("..")) {
            throw new IllegalArgumentException("not an absolute path: " + containerPath);
        }
        readOnlyMounts.put(hostDirectory, containerPath);
    }

    /** The bwrap command that runs {@code BINARY_PATH} as the container's process, in its working directory /. */
    public List<String> command(Path bwrap) {
        return command(bwrap, List.of(BINARY_PATH));
    }

    /** The bwrap command that runs {@code program} (a path inside the root, then its arguments) in the root. */
    public List<String> command(Path bwrap, List<String> program) {
        List<String> command = new ArrayList<>(List.of(bwrap.toString(),
                "--bind", root.toString(), "/",
                "--proc", "/proc",
                "--dev", "/dev",
                "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--hostname", "envbuilder",
                "--die-with-parent", "--new-session",
                "--cap-drop", "ALL"));
        for (String capability : POD_CAPABILITIES) {
            command.add("--cap-add");
            command.add(capability);
        }
        readOnlyMounts.forEach((host, path) -> {
            command.add("--ro-bind");
            command.add(host.toString());
            command.add(path);
        });
        command.addAll(List.of("--chdir", "/"));
        command.addAll(program);
        return command;
    }

    /** Deletes the root: every entry below it, links as links; never anything outside {@code parent}. */
    @Override
    public void close() throws IOException {
        if (!root.getParent().equals(parent) || !root.getFileName().toString().startsWith("envbuilder-root-")
                || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("refusing to delete " + root + ": not a throwaway root of " + parent);
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() { // walkFileTree does not follow links by default
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                // a directory some build made read-only for its owner must still be emptied
                dir.toFile().setWritable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
