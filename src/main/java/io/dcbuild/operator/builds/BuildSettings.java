package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.BuilderSpec;
import io.dcbuild.operator.api.v1alpha1.CacheSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.SecretReference;
import io.dcbuild.operator.clusterproxy.ProxyChoice;
import io.dcbuild.operator.config.OperatorConfig;
import io.dcbuild.operator.policy.EffectivePolicy;
import io.dcbuild.operator.policy.PolicyCompliance;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.time.Duration;
import java.util.Optional;

/** A build's spec with the operator's defaults filled in: what the pods and the cache key are made of. */
public record BuildSettings(
        String gitUrl,
        String ref,
        String devcontainerDir,
        String dockerfilePath,
        Optional<String> gitCredentialsSecret,
        String cacheRepo,
        int cacheTtlDays,
        Optional<String> registryCredentialsSecret,
        String builderImage,
        ResourceRequirements resources,
        long activeDeadlineSeconds,
        Duration pollInterval,
        int historyLimit,
        EffectivePolicy policy,
        ProxyChoice proxy) {

    /** Settings whose proxy is the policies' (or none): where no cluster proxy is asked. */
    public BuildSettings(String gitUrl, String ref, String devcontainerDir, String dockerfilePath,
            Optional<String> gitCredentialsSecret, String cacheRepo, int cacheTtlDays,
            Optional<String> registryCredentialsSecret, String builderImage, ResourceRequirements resources,
            long activeDeadlineSeconds, Duration pollInterval, int historyLimit, EffectivePolicy policy) {
        this(gitUrl, ref, devcontainerDir, dockerfilePath, gitCredentialsSecret, cacheRepo, cacheTtlDays,
                registryCredentialsSecret, builderImage, resources, activeDeadlineSeconds, pollInterval, historyLimit,
                policy, ProxyChoice.ofPolicy(policy.proxy()));
    }

    /**
     * Call only with a spec that {@link BuildSpecValidator} and {@link PolicyCompliance} accepted (the cache
     * repository comes from the spec or the policy defaults).
     */
    public static BuildSettings of(DevContainerBuildSpec spec, OperatorConfig config, EffectivePolicy policy) {
        return of(spec, config, policy, ProxyChoice.ofPolicy(policy.proxy()));
    }

    /** As {@link #of(DevContainerBuildSpec, OperatorConfig, EffectivePolicy)}, with the proxy chosen for the build. */
    public static BuildSettings of(DevContainerBuildSpec spec, OperatorConfig config, EffectivePolicy policy,
            ProxyChoice proxy) {
        int defaultTtl = Math.min(policy.defaultCacheTtlDays().orElse(config.build().defaultCacheTtlDays()),
                policy.retentionTtlDays().orElse(Integer.MAX_VALUE));
        CacheSpec cache = spec.getCache() == null ? new CacheSpec() : spec.getCache();
        BuilderSpec builder = spec.getBuilder() == null ? new BuilderSpec() : spec.getBuilder();
        return new BuildSettings(
                spec.getSource().getUrl(),
                spec.getSource().getRef(),
                blankToNull(spec.getSource().getDevcontainerDir()),
                blankToNull(spec.getSource().getDockerfilePath()),
                secretName(spec.getSource().getCredentialsSecretRef()),
                cache.getRepo() != null && !cache.getRepo().isBlank() ? cache.getRepo()
                        : policy.defaultCacheRepo().orElse(null),
                cache.getTtlDays() != null ? cache.getTtlDays() : defaultTtl,
                secretName(spec.getRegistryCredentialsSecretRef()),
                builder.getImage() != null ? builder.getImage()
                        : policy.builderImage().orElse(config.builder().defaultImage()),
                builder.getResources() != null ? builder.getResources()
                        : policy.resources().orElseGet(() -> defaultResources(config)),
                builder.getActiveDeadlineSeconds() != null ? builder.getActiveDeadlineSeconds()
                        : policy.maxDeadlineSeconds().orElse(config.builder().defaultDeadlineSeconds()),
                spec.getPollInterval() != null ? PollInterval.parse(spec.getPollInterval())
                        : config.build().defaultPollInterval(),
                policy.historyLimit().orElse(config.build().historyLimit()),
                policy,
                proxy);
    }

    /** These settings with another cache TTL (the pods of a refresh run; see {@link KeepWarm}). */
    public BuildSettings withCacheTtlDays(int days) {
        return new BuildSettings(gitUrl, ref, devcontainerDir, dockerfilePath, gitCredentialsSecret, cacheRepo, days,
                registryCredentialsSecret, builderImage, resources, activeDeadlineSeconds, pollInterval, historyLimit,
                policy, proxy);
    }

    private static ResourceRequirements defaultResources(OperatorConfig config) {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(config.builder().cpuRequest()))
                .addToRequests("memory", new Quantity(config.builder().memoryRequest()))
                .addToLimits("memory", new Quantity(config.builder().memoryLimit()))
                .build();
    }

    private static Optional<String> secretName(SecretReference ref) {
        return Optional.ofNullable(ref).map(SecretReference::getName).filter(n -> !n.isBlank());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
