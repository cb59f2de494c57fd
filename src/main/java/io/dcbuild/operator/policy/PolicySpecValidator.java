package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.builds.BuildSpecValidator;
import io.dcbuild.operator.builds.PollInterval;
import java.util.ArrayList;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What is wrong with a policy beyond what its CRD schema can say, one sentence each naming the field. An invalid
 * policy is reported on itself and holds the builds of every namespace it could govern (see
 * {@link NamespacePolicies#invalidCovering}): running them ungoverned would bypass the platform team.
 */
public final class PolicySpecValidator {

    private final boolean requirePinnedBuilder;

    /** @param requirePinnedBuilder whether builder images must be pinned by digest (dcbuild.builder.require-digest) */
    public PolicySpecValidator(boolean requirePinnedBuilder) {
        this.requirePinnedBuilder = requirePinnedBuilder;
    }

    public List<String> problems(DevContainerBuildPolicySpec spec) {
        if (spec == null) {
            return List.of("spec is missing");
        }
        List<String> problems = new ArrayList<>(LabelSelectorMatch.problems(spec.getNamespaceSelector()));
        String image = spec.getBuilder() == null ? null : spec.getBuilder().getImage();
        if (image != null && requirePinnedBuilder && !BuildSpecValidator.isPinned(image)) {
            problems.add("spec.builder.image '" + image + "' must be pinned by digest (image@sha256:<64 hex>)");
        }
        if (spec.getProxy() != null) {
            proxyProblem("spec.proxy.httpProxy", spec.getProxy().getHttpProxy()).ifPresent(problems::add);
            proxyProblem("spec.proxy.httpsProxy", spec.getProxy().getHttpsProxy()).ifPresent(problems::add);
        }
        if (spec.getRetention() != null && spec.getRetention().getInterval() != null) {
            try {
                PollInterval.parse(spec.getRetention().getInterval());
            } catch (IllegalArgumentException e) {
                problems.add("spec.retention.interval: " + e.getMessage());
            }
        }
        return problems;
    }

    /** A proxy URL must be http(s)://host[:port], without credentials (proxies that need them are not supported). */
    private static Optional<String> proxyProblem(String field, String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    || uri.getHost() == null) {
                return Optional.of(field + " '" + url + "' must be an http(s) URL with a host, such as "
                        + "http://proxy.example.com:3128");
            }
            if (uri.getRawUserInfo() != null) {
                return Optional.of(field + " carries credentials; proxies that need authentication are not "
                        + "supported");
            }
            if (uri.getPort() > 65535) {
                return Optional.of(field + " '" + url + "' names port " + uri.getPort() + "; ports go from 1 to 65535");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of(field + " is not a valid URL: " + e.getReason());
        }
    }
}
