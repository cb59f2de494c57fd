package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        ResourceRequirements ownResources = spec.getBuilder() == null ? null : spec.getBuilder().getResources();
        if (ownResources != null && policy.resources().isPresent()) {
            problems.addAll(resourcesBeyond(ownResources, policy.resources().get(), policy.governing().orElse("?")));
        }
        Integer ttl = spec.getCache() == null ? null : spec.getCache().getTtlDays();
        if (ttl != null && policy.retentionTtlDays().isPresent() && ttl > policy.retentionTtlDays().get()) {
            problems.add("spec.cache.ttlDays " + ttl + " exceeds the " + policy.retentionTtlDays().get()
                    + " days for which policy " + policy.governing().orElse("?") + " keeps cache layers");
        }
        return problems;
    }

    /**
     * A build's own resources replace the policy's: they must stay within the policy's limits. For every resource
     * the policy limits, the build must set a limit too (no limit would be no ceiling) and neither its limit nor its
     * request may exceed the policy's limit.
     */
    private static List<String> resourcesBeyond(ResourceRequirements own, ResourceRequirements policy,
            String policyName) {
        List<String> problems = new ArrayList<>();
        Map<String, Quantity> ceilings = policy.getLimits() == null ? Map.of() : policy.getLimits();
        Map<String, Quantity> limits = own.getLimits() == null ? Map.of() : own.getLimits();
        Map<String, Quantity> requests = own.getRequests() == null ? Map.of() : own.getRequests();
        for (Map.Entry<String, Quantity> ceiling : new TreeMap<>(ceilings).entrySet()) {
            String name = ceiling.getKey();
            Quantity limit = limits.get(name);
            if (limit == null) {
                problems.add("spec.builder.resources sets no " + name + " limit, but policy " + policyName
                        + " limits " + name + " to " + ceiling.getValue());
            } else if (exceeds(limit, ceiling.getValue())) {
                problems.add("spec.builder.resources.limits." + name + " " + limit + " exceeds the " + name
                        + " limit " + ceiling.getValue() + " of policy " + policyName);
            }
            Quantity request = requests.get(name);
            if (request != null && exceeds(request, ceiling.getValue())) {
                problems.add("spec.builder.resources.requests." + name + " " + request + " exceeds the " + name
                        + " limit " + ceiling.getValue() + " of policy " + policyName);
            }
        }
        return problems;
    }

    private static boolean exceeds(Quantity value, Quantity ceiling) {
        try {
            return value.getNumericalAmount().compareTo(ceiling.getNumericalAmount()) > 0;
        } catch (ArithmeticException | IllegalArgumentException unreadable) {
            return true; // a quantity that cannot be compared cannot be shown to stay within the limit
        }
    }
}
