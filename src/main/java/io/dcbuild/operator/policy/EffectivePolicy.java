package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.AllowedSources;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.api.v1alpha1.NamespacedKeyReference;
import io.dcbuild.operator.api.v1alpha1.PolicyBuilderSpec;
import io.dcbuild.operator.api.v1alpha1.PolicyRegistryCredentials;
import io.dcbuild.operator.api.v1alpha1.ProxySpec;
import io.dcbuild.operator.api.v1alpha1.RetentionSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What all policies selecting a namespace decide together. Single values come from the strongest policy that sets
 * them (highest priority, then name); allow-lists of every policy apply together, so a source must be allowed by
 * each policy that lists its kind.
 */
public record EffectivePolicy(
        Optional<String> governing,
        Optional<ProxySpec> proxy,
        Optional<NamespacedKeyReference> caBundle,
        Optional<PolicyRegistryCredentials> registryCredentials,
        Optional<String> builderImage,
        Optional<ResourceRequirements> resources,
        Optional<Long> maxDeadlineSeconds,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        Optional<Integer> retentionTtlDays,
        Optional<Integer> historyLimit,
        Optional<String> defaultCacheRepo,
        Optional<Integer> defaultCacheTtlDays,
        Optional<Boolean> defaultCacheKeepWarm,
        List<AllowList> gitUrls,
        List<AllowList> images,
        List<AllowList> features,
        List<AllowList> cacheRepos,
        String fingerprint) {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    public static EffectivePolicy none() {
        return of(List.of());
    }

    /** @param strongestFirst the policies selecting a namespace, as {@link PolicyRanking#applicable} orders them */
    public static EffectivePolicy of(List<DevContainerBuildPolicy> strongestFirst) {
        List<DevContainerBuildPolicySpec> specs = strongestFirst.stream().map(DevContainerBuildPolicy::getSpec).toList();
        Optional<RetentionSpec> retention = first(specs, s -> s.getRetention() != null
                && Boolean.TRUE.equals(s.getRetention().getEnabled()) ? s.getRetention() : null);
        return new EffectivePolicy(
                strongestFirst.stream().findFirst().map(p -> p.getMetadata().getName()),
                first(specs, DevContainerBuildPolicySpec::getProxy),
                first(specs, DevContainerBuildPolicySpec::getCaBundle),
                first(specs, DevContainerBuildPolicySpec::getRegistryCredentials),
                first(specs, s -> builder(s).getImage()),
                first(specs, s -> builder(s).getResources()),
                first(specs, s -> builder(s).getActiveDeadlineSeconds()),
                first(specs, s -> builder(s).getNodeSelector()).orElse(Map.of()),
                first(specs, s -> builder(s).getTolerations()).orElse(List.of()),
                retention.map(r -> r.getTtlDays() == null ? 7 : r.getTtlDays()),
                first(specs, s -> s.getRetention() == null ? null : s.getRetention().getHistoryLimit()),
                first(specs, s -> s.getDefaults() == null ? null : s.getDefaults().getCacheRepo()),
                first(specs, s -> s.getDefaults() == null ? null : s.getDefaults().getCacheTtlDays()),
                first(specs, s -> s.getDefaults() == null ? null : s.getDefaults().getCacheKeepWarm()),
                allowLists(strongestFirst, "allowedSources.gitUrls", AllowedSources::getGitUrls),
                allowLists(strongestFirst, "allowedSources.images", AllowedSources::getImages),
                allowLists(strongestFirst, "allowedSources.features", AllowedSources::getFeatures),
                allowLists(strongestFirst, "allowedSources.cacheRepos", AllowedSources::getCacheRepos),
                fingerprint(specs));
    }

    /** Why a source breaks the policies, or empty when every applicable allow-list allows it. */
    public static List<String> refusals(List<AllowList> lists, String value) {
        return lists.stream().map(l -> l.refusal(value)).flatMap(Optional::stream).toList();
    }

    private static PolicyBuilderSpec builder(DevContainerBuildPolicySpec spec) {
        return spec.getBuilder() == null ? new PolicyBuilderSpec() : spec.getBuilder();
    }

    private static <T> Optional<T> first(List<DevContainerBuildPolicySpec> specs,
            Function<DevContainerBuildPolicySpec, T> field) {
        return specs.stream().filter(Objects::nonNull).map(field).filter(Objects::nonNull).findFirst();
    }

    private static List<AllowList> allowLists(List<DevContainerBuildPolicy> policies, String field,
            Function<AllowedSources, List<String>> list) {
        List<AllowList> lists = new ArrayList<>();
        for (DevContainerBuildPolicy policy : policies) {
            AllowedSources sources = policy.getSpec().getAllowedSources();
            if (sources != null && list.apply(sources) != null) {
                lists.add(new AllowList(policy.getMetadata().getName(), field, List.copyOf(list.apply(sources))));
            }
        }
        return List.copyOf(lists);
    }

    /** Changes when anything a build's pods or checks depend on changes. */
    private static String fingerprint(List<DevContainerBuildPolicySpec> specs) {
        List<Object> relevant = new ArrayList<>();
        for (DevContainerBuildPolicySpec spec : specs) {
            relevant.add(java.util.Arrays.asList(spec.getProxy(), spec.getCaBundle(), spec.getBuilder(),
                    spec.getAllowedSources(), spec.getRegistryCredentials(), spec.getDefaults()));
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(JSON.asJson(relevant).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
