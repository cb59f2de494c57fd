package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a build's own settings against its policies: a build may narrow what they allow, never widen it.
 * Each violation is a sentence naming the field, the value and the rule.
 */
public final class PolicyCompliance {

    private PolicyCompliance() {
    }

    public static List<String> violations(DevContainerBuildSpec spec, EffectivePolicy policy) {
        List<String> problems = new ArrayList<>();
        String url = spec.getSource().getUrl();
        EffectivePolicy.refusals(policy.gitUrls(), url)
                .forEach(r -> problems.add("git repository " + url + " is " + r));
        String ownRepo = spec.getCache() == null ? null : spec.getCache().getRepo();
        String cacheRepo = ownRepo != null && !ownRepo.isBlank() ? ownRepo : policy.defaultCacheRepo().orElse(null);
        if (cacheRepo != null) {
            EffectivePolicy.refusals(policy.cacheRepos(), cacheRepo)
                    .forEach(r -> problems.add("cache repository " + cacheRepo + " is " + r));
        }
        String ownImage = spec.getBuilder() == null ? null : spec.getBuilder().getImage();
        if (ownImage != null && policy.builderImage().isPresent() && !ownImage.equals(policy.builderImage().get())) {
            problems.add("spec.builder.image " + ownImage + " differs from the builder image of policy "
                    + policy.governing().orElse("?") + " (" + policy.builderImage().get() + ")");
        }
        Long ownDeadline = spec.getBuilder() == null ? null : spec.getBuilder().getActiveDeadlineSeconds();
        if (ownDeadline != null && policy.maxDeadlineSeconds().isPresent()
                && ownDeadline > policy.maxDeadlineSeconds().get()) {
            problems.add("spec.builder.activeDeadlineSeconds " + ownDeadline + " exceeds the "
                    + policy.maxDeadlineSeconds().get() + " seconds policy " + policy.governing().orElse("?")
                    + " allows");
        }
        policy.proxy().ifPresent(proxy -> {
            for (String proxyUrl : java.util.Arrays.asList(proxy.getHttpProxy(), proxy.getHttpsProxy())) {
                if (proxyUrl != null && proxyUrl.matches("^[a-zA-Z]+://[^/@]+@.*")) {
                    problems.add("the proxy of policy " + policy.governing().orElse("?") + " carries credentials "
                            + "in its URL, which would be a literal value in builder pods; proxies with "
                            + "authentication are not supported");
                }
            }
        });
        Integer ttl = spec.getCache() == null ? null : spec.getCache().getTtlDays();
        if (ttl != null && policy.retentionTtlDays().isPresent() && ttl > policy.retentionTtlDays().get()) {
            problems.add("spec.cache.ttlDays " + ttl + " exceeds the " + policy.retentionTtlDays().get()
                    + " days for which policy " + policy.governing().orElse("?") + " keeps cache layers");
        }
        return problems;
    }
}
