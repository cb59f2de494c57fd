package io.dcbuild.operator.testing;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.eclipse.jgit.util.FileUtils;

/**
 * A base image for real builds, made here and pushed to a {@link LocalRegistry} with Jib Core (no public registry is
 * reachable from tests): one layer with Debian's static busybox ({@code busybox-static}) as {@code /bin/busybox} and
 * {@code /bin/sh}, {@code /etc/passwd} and {@code /etc/group} with root, and {@code /tmp}, {@code /root}. Enough for
 * {@code RUN} steps in {@code /bin/sh -c} (busybox's shell runs its applets: {@code echo}, {@code cat}, {@code test},
 * ...). Equal inputs give the same digest (Jib's fixed timestamps).
 */
public final class BusyboxBaseImage {

    static final Path BUSYBOX = Path.of("/bin/busybox");

    private BusyboxBaseImage() {
    }

    /**
     * Pushes {@code <registry>/<repositoryAndTag>} and returns its reference (with the registry host).
     *
     * @throws IllegalStateException when {@code /bin/busybox} is not a static binary (install busybox-static)
     */
    public static String pushTo(LocalRegistry registry, String repositoryAndTag) {
        requireStatic(BUSYBOX);
        String reference = registry.hostPort() + "/" + repositoryAndTag;
        Path work = null;
        try {
            work = Files.createTempDirectory("busybox-image-");
            Path passwd = Files.writeString(work.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n",
                    StandardCharsets.UTF_8);
            Path group = Files.writeString(work.resolve("group"), "root:x:0:\n", StandardCharsets.UTF_8);
            Path emptyDir = Files.createDirectory(work.resolve("empty"));
            FilePermissions executable = FilePermissions.fromOctalString("755");
            FileEntriesLayer layer = FileEntriesLayer.builder().setName("busybox")
                    .addEntry(BUSYBOX, AbsoluteUnixPath.get("/bin/busybox"), executable)
                    .addEntry(BUSYBOX, AbsoluteUnixPath.get("/bin/sh"), executable)
                    .addEntry(passwd, AbsoluteUnixPath.get("/etc/passwd"))
                    .addEntry(group, AbsoluteUnixPath.get("/etc/group"))
                    .addEntry(emptyDir, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"))
                    .addEntry(emptyDir, AbsoluteUnixPath.get("/root"), FilePermissions.fromOctalString("700"))
                    .build();
            Containerizer containerizer = Containerizer.to(RegistryImage.named(reference))
                    .setAllowInsecureRegistries(true)
                    .setBaseImageLayersCache(work.resolve("base-cache"))
                    .setApplicationLayersCache(work.resolve("app-cache"))
                    .setToolName("dcbuild-tests");
            Jib.fromScratch().setCreationTime(Instant.EPOCH).addFileEntriesLayer(layer)
                    .setEnvironment(java.util.Map.of("PATH", RealEnvbuilder.RUNTIME_PATH))
                    .containerize(containerizer);
            return reference;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pushing " + reference, e);
        } catch (Exception e) {
            throw new IllegalStateException("Jib could not push " + reference, e);
        } finally {
            if (work != null) {
                try {
                    FileUtils.delete(work.toFile(), FileUtils.RECURSIVE);
                } catch (IOException e) {
                    // a temp directory left behind is harmless
                }
            }
        }
    }

    /** An ELF executable without a PT_INTERP program header needs no dynamic loader. */
    static void requireStatic(Path binary) {
        try (InputStream in = Files.newInputStream(binary)) {
            ByteBuffer elf = ByteBuffer.wrap(in.readNBytes(64 * 1024)).order(ByteOrder.LITTLE_ENDIAN);
            if (elf.limit() < 64 || elf.getInt(0) != 0x464c457f || elf.get(4) != 2) {
                throw new IllegalStateException(binary + " is not a 64-bit ELF executable");
            }
            long programHeaders = elf.getLong(0x20);
            int entrySize = Short.toUnsignedInt(elf.getShort(0x36));
            int count = Short.toUnsignedInt(elf.getShort(0x38));
            for (int i = 0; i < count; i++) {
                int type = elf.getInt((int) programHeaders + i * entrySize);
                if (type == 3) { // PT_INTERP
                    throw new IllegalStateException(binary + " is dynamically linked: install busybox-static");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(binary + " cannot be read (install busybox-static)", e);
        }
    }
}
