package io.dcbuild.operator.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the Envbuilder container of one pod does, simulated in-process against the real git server and the real
 * registry. Behaviour is chosen by the environment, as in Envbuilder: {@code ENVBUILDER_GET_CACHED_IMAGE=true} is
 * the cache probe, anything else builds (and pushes with {@code ENVBUILDER_PUSH_IMAGE=true}).
 *
 * <p>Both go through kaniko's cache lookups first, in step order: each logs
 * {@code Checking for cached layer <cacheRepo>:<key>...}, GETs the tag's manifest and image config, and is a hit
 * unless the tag is missing, the registry cannot be read, or the config's {@code created} plus the cache TTL
 * ({@code ENVBUILDER_CACHE_TTL_DAYS} days, 7 when absent or 0) is before now by the run's clock (then
 * {@code Cache entry expired: <cacheRepo>:<key>}). A hit logs {@code Using caching version of cmd: <instruction>};
 * the first miss logs {@code No cached layer found for cmd <instruction>} and ends the lookups (kaniko's
 * {@code stopCache}): later steps are rebuilt without being looked up.
 *
 * <p>Build: clone, locate the Dockerfile, look up the steps, then reuse the hits and build (and push, with
 * {@code ENVBUILDER_PUSH_IMAGE=true}, tagged {@code <cacheRepo>:<key>}, {@code created} = now by the clock) the
 * rest, then push {@code <cacheRepo>:latest}. The digest of what was pushed is not printed (Envbuilder does not
 * either).
 *
 * <p>Probe: clone, look up the steps; a miss ends the run with
 * {@code error: get cached image: error probing build cache: uncached <KEYWORD> command is not supported in cache probe mode}. Then the final
 * image's digest is computed locally and HEADed; if present, {@code ENVBUILDER_CACHED_IMAGE=<cacheRepo>@<digest>}.
 */
final class SimulatedEnvbuilderRun {

    static final String PROBE_MISS_FORMAT =
            "error: get cached image: error probing build cache: uncached %s command is not supported in cache "
                    + "probe mode";

    private final EnvbuilderOptions options;
    private final Path workDir;
    private final EnvbuilderLog log;
    private final RegistryManifestHead registry;
    private final Optional<String> injectedFailure;
    private final Clock clock;

    SimulatedEnvbuilderRun(EnvbuilderOptions options, Path workDir, EnvbuilderLog log, RegistryManifestHead registry,
            Optional<String> injectedFailure) {
        this(options, workDir, log, registry, injectedFailure, Clock.systemUTC());
    }

    /** @param clock what the cache TTL is checked against and what pushed step images get as {@code created} */
    SimulatedEnvbuilderRun(EnvbuilderOptions options, Path workDir, EnvbuilderLog log, RegistryManifestHead registry,
            Optional<String> injectedFailure, Clock clock) {
        this.options = options;
        this.workDir = workDir;
        this.log = log;
        this.registry = registry;
        this.injectedFailure = injectedFailure;
        this.clock = clock;
    }

    /** kaniko's cache TTL as Envbuilder v1.3.0 sets it: {@code ENVBUILDER_CACHE_TTL_DAYS} days, 7 if unset or 0. */
    static Duration cacheTtl(EnvbuilderOptions options) {
        return Duration.ofDays(options.cacheTtlDays().filter(days -> days != 0).orElse(7));
    }

    /** Runs to the end and returns the container's exit code; the log tells why. */
    int run() {
        Instant start = Instant.now();
        log.line("envbuilder v1.3.0-simulated - Build development environments from repositories in a container");
        try {
            if (options.getCachedImage()) {
                probe();
            } else {
                build(start);
            }
            return 0;
        } catch (EnvbuilderFailure failure) {
            log.line(failure.errorLine());
            // the command framework (serpent) repeats the error as the last line, as the real binary does
            log.line("error: running command \"envbuilder\": " + failure.errorLine().replaceFirst("^error: ", ""));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.line("error: interrupted");
            return 1;
        } catch (RuntimeException e) {
            log.line("error: " + e);
            return 1;
        }
    }

    private List<CacheStep> prepare() throws EnvbuilderFailure {
        String workspace = SimulatedCheckout.workspacePath(options.gitUrl());
        Path repoDir = workDir.resolve("workspace");
        SimulatedCheckout.cloneInto(options, repoDir, log);
        if (injectedFailure.isPresent()) {
            log.stage(2, "🏗️ Building image...");
            throw new EnvbuilderFailure(injectedFailure.get());
        }
        DockerfileSource source = DevcontainerDockerfileLocator.locate(repoDir, options, workspace);
        log.stage(1, "Using " + source.origin());
        DockerfileInstructions dockerfile = DockerfileInstructions.parse(source.text());
        return CacheKeyChain.compute(dockerfile, BuildContextDigest.of(source.contextDir()));
    }

    private void build(Instant start) throws EnvbuilderFailure, InterruptedException {
        List<CacheStep> steps = prepare();
        SimulatedCacheImages images = images();
        log.stage(2, "🏗️ Building image...");
        int cached = cachedSteps(steps);
        for (CacheStep step : steps) {
            if (step.number() <= cached) {
                log.kaniko("Found cached layer, extracting to filesystem");
                continue;
            }
            log.kaniko(step.instruction());
            if (options.pushImage()) {
                log.kaniko("Pushing layer " + options.cacheRepo().tagged(step.key()) + " to cache now");
                log.kaniko("Pushing image to " + options.cacheRepo().tagged(step.key()));
                try {
                    images.pushStep(step);
                    log.kaniko("Pushed " + options.cacheRepo().tagged(step.key()));
                } catch (EnvbuilderFailure e) {
                    // kaniko goes on without the layer in the cache; the final push decides
                    log.kaniko("Error uploading layer to cache: failed to push to destination "
                            + options.cacheRepo().tagged(step.key()) + ": " + e.getMessage()
                                    .replaceFirst("^error: push image: ", ""));
                }
            }
        }
        log.stage(2, "🏗️ Built image! [" + seconds(start) + "]");
        if (options.pushImage()) {
            Instant pushStart = Instant.now();
            log.stage(3, "⏳ Pushing image...");
            try {
                images.pushFinal(steps);
            } catch (EnvbuilderFailure e) {
                throw new EnvbuilderFailure("error: do push: failed to push to destination "
                        + options.cacheRepo().reference() + ": " + e.getMessage()
                                .replaceFirst("^error: push image: ", ""), e);
            }
            log.stage(3, "🏗️ Pushed image! [" + seconds(pushStart) + "]");
        }
        log.line("=== Running init command as user \"root\": [/bin/sh -c exit 0]");
    }

    private void probe() throws EnvbuilderFailure, InterruptedException {
        List<CacheStep> steps = prepare();
        log.stage(2, "🏗️ Building image...");
        int cached = cachedSteps(steps);
        for (CacheStep step : steps) {
            if (step.number() > cached) {
                throw new EnvbuilderFailure(String.format(PROBE_MISS_FORMAT, step.keyword()));
            }
            log.kaniko("Found cached layer, extracting to filesystem");
        }
        String digest = images().finalImageDigest(steps);
        if (cachedDigest(digest).isEmpty()) {
            throw new EnvbuilderFailure("error: get cached image: cached image "
                    + options.cacheRepo().reference() + "@" + digest + " not found in the cache repository");
        }
        log.stage(2, "🏗️ Found image from remote cache! [" + digest + "]");
        log.line("ENVBUILDER_CACHED_IMAGE=" + options.cacheRepo().reference() + "@" + digest);
    }

    /**
     * kaniko's {@code optimize}: looks the steps up in order until the first miss (which ends the lookups, as
     * kaniko's {@code stopCache} does) and returns how many leading steps are cached.
     */
    private int cachedSteps(List<CacheStep> steps) throws InterruptedException {
        int cached = 0;
        for (CacheStep step : steps) {
            if (!cachedLayer(step)) {
                log.kaniko("No cached layer found for cmd " + step.instruction());
                break;
            }
            log.kaniko("Using caching version of cmd: " + step.instruction());
            cached++;
        }
        return cached;
    }

    /**
     * kaniko's {@code RegistryCache.RetrieveLayer}: whether {@code <cacheRepo>:<key>} is there and not older than
     * the cache TTL. A registry that cannot be reached or read is a miss, as the missing tag is.
     */
    private boolean cachedLayer(CacheStep step) throws InterruptedException {
        String cache = options.cacheRepo().tagged(step.key());
        log.kaniko("Checking for cached layer " + cache + "...");
        Optional<Instant> created;
        try {
            created = registry.created(options.cacheRepo(), step.key(), options.insecure(),
                    options.cacheRegistryCredential());
        } catch (IOException e) {
            return false;
        }
        if (created.isEmpty()) {
            return false;
        }
        if (created.get().plus(cacheTtl(options)).isBefore(clock.instant())) {
            log.kaniko("Cache entry expired: " + cache);
            return false;
        }
        return true;
    }

    /**
     * The digest of the final image in the cache repository, or empty. A registry that cannot be reached is a
     * miss, as for kaniko's cache lookups in the real Envbuilder (v1.3.0 logs "No cached layer found" and nothing about the connection): the
     * probe then reports an uncached step and a build goes on to fail at its push.
     */
    private Optional<String> cachedDigest(String tagOrDigest) throws InterruptedException {
        try {
            return registry.digest(options.cacheRepo(), tagOrDigest, options.insecure(),
                    options.cacheRegistryCredential());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private SimulatedCacheImages images() {
        return new SimulatedCacheImages(options.cacheRepo(), options.insecure(), options.cacheRegistryCredential(),
                workDir, clock);
    }

    private static String seconds(Instant since) {
        return String.format("%.3fs", Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }
}
