package io.dcbuild.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.util.FileUtils;

/**
 * What one simulated Envbuilder build leaves in a cache repository, without Kubernetes: the same images as
 * {@link EnvbuilderKubeletSimulator} pushes ({@link SimulatedCacheImages}: one single-layer image per RUN/COPY/ADD
 * step tagged with its 64-hex cache key, {@code created} = push time; the final image at {@code :latest},
 * {@code created} = 1970), for tests that only need the registry side.
 *
 * <pre>{@code
 * SimulatedEnvbuilderCache.Build build = SimulatedEnvbuilderCache.in(registry, "cache/app")
 *         .build("FROM debian:12\nRUN apt-get update\n", "context-1");
 * }</pre>
 */
public final class SimulatedEnvbuilderCache {

    private final CacheRepository repo;
    private final Optional<RegistryCredential> credential;
    private final Clock clock;

    private SimulatedEnvbuilderCache(CacheRepository repo, Optional<RegistryCredential> credential, Clock clock) {
        this.repo = repo;
        this.credential = credential;
        this.clock = clock;
    }

    /** @param repositoryPath the repository without the registry, e.g. {@code cache/app} */
    public static SimulatedEnvbuilderCache in(LocalRegistry registry, String repositoryPath) {
        return new SimulatedEnvbuilderCache(CacheRepository.parse(registry.hostPort() + "/" + repositoryPath),
                Optional.empty(), Clock.systemUTC());
    }

    public SimulatedEnvbuilderCache withCredentials(String username, String password) {
        return new SimulatedEnvbuilderCache(repo, Optional.of(new RegistryCredential(username, password)), clock);
    }

    /** The step images' {@code created} comes from {@code clock} (default: the system clock). */
    public SimulatedEnvbuilderCache withClock(Clock clock) {
        return new SimulatedEnvbuilderCache(repo, credential, clock);
    }

    /**
     * Pushes every step's cache image (even when the tag exists: a re-push moves the tag to a new digest, as an
     * expired layer is rebuilt) and then {@code :latest}.
     *
     * @param dockerfile     Dockerfile text; its FROM line and RUN/COPY/ADD lines give the cache keys
     * @param contextDigest  stands for the build context in COPY/ADD keys
     */
    public Build build(String dockerfile, String contextDigest) {
        Path workDir = null;
        try {
            workDir = Files.createTempDirectory("simulated-envbuilder-cache-");
            List<CacheStep> steps = CacheKeyChain.compute(DockerfileInstructions.parse(dockerfile), contextDigest);
            SimulatedCacheImages images = new SimulatedCacheImages(repo, true, credential, workDir, clock);
            List<String> stepDigests = new ArrayList<>();
            for (CacheStep step : steps) {
                stepDigests.add(images.pushStep(step));
            }
            String finalDigest = images.pushFinal(steps);
            return new Build(steps.stream().map(CacheStep::key).toList(), List.copyOf(stepDigests), finalDigest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (EnvbuilderFailure e) {
            throw new IllegalStateException("simulated build into " + repo.reference() + " failed: "
                    + e.errorLine(), e);
        } finally {
            deleteQuietly(workDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    /**
     * @param stepKeys    the cache keys, which are the tags of the step images, in step order
     * @param stepDigests the manifest digests of the step images
     * @param finalDigest the manifest digest of the final image ({@code :latest} right after the build)
     */
    public record Build(List<String> stepKeys, List<String> stepDigests, String finalDigest) {
    }
}
