package io.dcbuild.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;

/**
 * Pushes tiny single-layer images built from scratch with Jib Core to a {@link LocalRegistry}: one file
 * {@code /content.txt} whose text makes the digest unique.
 *
 * <pre>{@code
 * String digest = ScratchImagePusher.to(registry).push("cache/app:v1", "one", Instant.EPOCH, List.of("v1-alias"));
 * }</pre>
 */
public final class ScratchImagePusher {

    private final LocalRegistry registry;
    private ImageFormat format = ImageFormat.Docker;
    private String username;
    private String password;

    private ScratchImagePusher(LocalRegistry registry) {
        this.registry = registry;
    }

    public static ScratchImagePusher to(LocalRegistry registry) {
        return new ScratchImagePusher(registry);
    }

    /** Push OCI manifests instead of Docker v2.2 ones. */
    public ScratchImagePusher oci() {
        this.format = ImageFormat.OCI;
        return this;
    }

    public ScratchImagePusher withCredentials(String user, String pass) {
        this.username = user;
        this.password = pass;
        return this;
    }

    /** Pushes {@code repository:tag} created "now" by Jib's default (the epoch) and returns the manifest digest. */
    public String push(String repositoryAndTag, String content) {
        return push(repositoryAndTag, content, Instant.EPOCH, List.of());
    }

    /**
     * @param repositoryAndTag {@code path:tag} without the registry host
     * @param content          text of {@code /content.txt}; different texts give different digests
     * @param created          the config's {@code created} time
     * @param additionalTags   further tags on the same manifest
     * @return the manifest digest, {@code sha256:<hex>}
     */
    public String push(String repositoryAndTag, String content, Instant created, List<String> additionalTags) {
        Path work = null;
        try {
            work = Files.createTempDirectory("scratch-image-");
            Path file = Files.writeString(work.resolve("content.txt"), content, StandardCharsets.UTF_8);
            RegistryImage target = RegistryImage.named(registry.hostPort() + "/" + repositoryAndTag);
            if (username != null) {
                // Jib refuses to send credentials over plain http unless told so; the registry is on loopback
                System.setProperty("sendCredentialsOverHttp", "true");
                target.addCredential(username, password);
            }
            Containerizer containerizer = Containerizer.to(target)
                    .setAllowInsecureRegistries(true)
                    .setBaseImageLayersCache(work.resolve("base-cache"))
                    .setApplicationLayersCache(work.resolve("app-cache"))
                    .setToolName("dcbuild-tests");
            additionalTags.forEach(containerizer::withAdditionalTag);
            JibContainer container = Jib.fromScratch()
                    .setFormat(format)
                    .setCreationTime(created)
                    .addFileEntriesLayer(FileEntriesLayer.builder()
                            .addEntry(file, AbsoluteUnixPath.get("/content.txt"))
                            .build())
                    .containerize(containerizer);
            return container.getDigest().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pushing " + repositoryAndTag, e);
        } catch (Exception e) {
            throw new IllegalStateException("Jib could not push " + repositoryAndTag + " to " + registry, e);
        } finally {
            deleteRecursively(work);
        }
    }

    private static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
