package io.dcbuild.operator.testing;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * The images a simulated Envbuilder build leaves in the cache repository, made with Jib Core:
 * <ul>
 *   <li>per cached step, a single-layer image from scratch tagged {@code <cacheRepo>:<key>}, config
 *       {@code created} = push time by the given clock, in whole seconds (what kaniko's cache TTL is measured
 *       from);</li>
 *   <li>the final image {@code <cacheRepo>:latest}: from scratch, one layer per step with the same content as the
 *       step's cache layer (so the blobs are shared), config {@code created} = the Unix epoch, as Envbuilder's
 *       reproducible push does.</li>
 * </ul>
 * A layer holds one file, {@code /.envbuilder/simulated-layers/<key>}, whose text is the instruction and the key;
 * its modification time is fixed, so layers and the final image are reproducible byte for byte.
 * {@link #finalImageDigest} computes the final image's manifest digest without pushing (Jib to a tar file).
 *
 * <p>Side effect: pushing with credentials to an insecure (plain HTTP) registry sets the JVM-wide system property
 * {@code sendCredentialsOverHttp=true}, without which Jib refuses to send them.
 */
final class SimulatedCacheImages {

    private static final Instant FILE_TIME = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;
    static final String SEND_CREDENTIALS_OVER_HTTP = "sendCredentialsOverHttp";
    private static final String LAYER_DIR = "/.envbuilder/simulated-layers/";

    private final CacheRepository repo;
    private final boolean insecure;
    private final Optional<RegistryCredential> credential;
    private final Path workDir;
    private final Clock clock;

    SimulatedCacheImages(CacheRepository repo, boolean insecure, Optional<RegistryCredential> credential,
            Path workDir) {
        this(repo, insecure, credential, workDir, Clock.systemUTC());
    }

    /** @param clock gives the step images' {@code created} */
    SimulatedCacheImages(CacheRepository repo, boolean insecure, Optional<RegistryCredential> credential,
            Path workDir, Clock clock) {
        this.repo = repo;
        this.insecure = insecure;
        this.credential = credential;
        this.workDir = workDir;
        this.clock = clock;
    }

    /** Pushes the single-layer cache image of {@code step}; returns its manifest digest. */
    String pushStep(CacheStep step) throws EnvbuilderFailure {
        JibContainerBuilder image = Jib.fromScratch()
                .setFormat(ImageFormat.Docker)
                .setCreationTime(clock.instant().truncatedTo(ChronoUnit.SECONDS))
                .addFileEntriesLayer(layerOf(step));
        return containerize(image, registryTarget(step.key())).getDigest().toString();
    }

    /** Pushes the final image to {@code <cacheRepo>:latest}; returns its manifest digest. */
    String pushFinal(List<CacheStep> steps) throws EnvbuilderFailure {
        return containerize(finalImage(steps), registryTarget("latest")).getDigest().toString();
    }

    /** The manifest digest {@link #pushFinal} would produce, computed locally; nothing is sent anywhere. */
    String finalImageDigest(List<CacheStep> steps) throws EnvbuilderFailure {
        try {
            Path tar = Files.createTempFile(workDir, "final-image", ".tar");
            TarImage target = TarImage.at(tar).named(repo.tagged("latest"));
            return containerize(finalImage(steps), configure(Containerizer.to(target))).getDigest().toString();
        } catch (IOException | InvalidImageReferenceException e) {
            throw new EnvbuilderFailure("error: get cached image: " + e.getMessage(), e);
        }
    }

    private JibContainerBuilder finalImage(List<CacheStep> steps) throws EnvbuilderFailure {
        // the config Envbuilder (v1.3.0) gives the images it pushes: its own binary as entrypoint, root, /
        JibContainerBuilder image = Jib.fromScratch()
                .setFormat(ImageFormat.Docker)
                .setCreationTime(Instant.EPOCH)
                .setEntrypoint(ThrowawayRoot.BINARY_PATH)
                .setUser("root")
                .setWorkingDirectory(AbsoluteUnixPath.get("/"));
        for (CacheStep step : steps) {
            image.addFileEntriesLayer(layerOf(step));
        }
        return image;
    }

    private FileEntriesLayer layerOf(CacheStep step) throws EnvbuilderFailure {
        try {
            Path content = workDir.resolve("layer-" + step.key());
            Files.writeString(content, "# simulated cache layer of envbuilder\n" + step.instruction() + "\n"
                    + "key: " + step.key() + "\n", StandardCharsets.UTF_8);
            return FileEntriesLayer.builder()
                    .setName("step-" + step.number())
                    .addEntry(new FileEntry(content, AbsoluteUnixPath.get(LAYER_DIR + step.key()),
                            FilePermissions.DEFAULT_FILE_PERMISSIONS, FILE_TIME))
                    .build();
        } catch (IOException e) {
            throw new EnvbuilderFailure("error: build layer: " + e.getMessage(), e);
        }
    }

    private Containerizer registryTarget(String tag) throws EnvbuilderFailure {
        try {
            RegistryImage target = RegistryImage.named(repo.tagged(tag));
            credential.ifPresent(c -> target.addCredential(c.username(), c.password()));
            if (insecure && credential.isPresent()) {
                // Envbuilder sends credentials to an insecure registry; Jib only does when this JVM-wide flag is set
                System.setProperty(SEND_CREDENTIALS_OVER_HTTP, "true");
            }
            return configure(Containerizer.to(target));
        } catch (InvalidImageReferenceException e) {
            throw new EnvbuilderFailure("error: push image: invalid reference " + repo.tagged(tag), e);
        }
    }

    private Containerizer configure(Containerizer containerizer) {
        return containerizer
                .setAllowInsecureRegistries(insecure)
                .setBaseImageLayersCache(workDir.resolve("jib-base-cache"))
                .setApplicationLayersCache(workDir.resolve("jib-app-cache"))
                .setToolName("envbuilder-kubelet-simulator");
    }

    private JibContainer containerize(JibContainerBuilder image, Containerizer containerizer)
            throws EnvbuilderFailure {
        try {
            return image.containerize(containerizer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvbuilderFailure("error: push image: interrupted", e);
        } catch (RegistryException | IOException | CacheDirectoryCreationException | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new EnvbuilderFailure("error: push image: " + firstLine(GoDialError.describe(cause, repo.registry())),
                    e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
