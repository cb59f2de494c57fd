package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.GitSource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;

/**
 * Semantic checks of a spec (what needs a policy, such as a missing cache repository, is checked with it), on top of what the CRD schema enforces (the schema is not enforced everywhere, for
 * example not by every test or dry-run tool). Each problem is a sentence that names the field.
 */
public class BuildSpecValidator {

    private static final Pattern COMMIT_SHA = Pattern.compile("^[0-9a-f]{40}$|^[0-9a-f]{64}$");
    private static final Pattern REPOSITORY = Pattern.compile(
            "^[a-zA-Z0-9.-]+(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)+$");
    private static final Pattern DIGEST_PINNED = Pattern.compile("^[^@\\s]+@sha256:[0-9a-f]{64}$");

    private final boolean requirePinnedBuilder;

    public BuildSpecValidator(boolean requirePinnedBuilder) {
        this.requirePinnedBuilder = requirePinnedBuilder;
    }

    public List<String> validate(DevContainerBuildSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec == null) {
            problems.add("spec is missing");
            return problems;
        }
        validateSource(spec.getSource(), problems);
        if (spec.getCache() != null && !isBlank(spec.getCache().getRepo())
                && !REPOSITORY.matcher(spec.getCache().getRepo()).matches()) {
            problems.add("spec.cache.repo '" + spec.getCache().getRepo()
                    + "' is not a repository such as registry.example.com/team/cache (no tag, no digest)");
        }
        if (spec.getCache() != null && spec.getCache().getTtlDays() != null
                && (spec.getCache().getTtlDays() < 1 || spec.getCache().getTtlDays() > 365)) {
            problems.add("spec.cache.ttlDays must be between 1 and 365");
        }
        if (spec.getCache() != null && Boolean.TRUE.equals(spec.getCache().getKeepWarm())
                && Integer.valueOf(1).equals(spec.getCache().getTtlDays())) {
            problems.add("spec.cache.keepWarm needs spec.cache.ttlDays of at least 2: a refresh rebuilds the layers "
                    + "older than the TTL less one day");
        }
        if (spec.getBuilder() != null && spec.getBuilder().getImage() != null && requirePinnedBuilder
                && !isPinned(spec.getBuilder().getImage())) {
            problems.add("spec.builder.image '" + spec.getBuilder().getImage()
                    + "' must be pinned by digest (image@sha256:<64 hex>)");
        }
        if (spec.getBuilder() != null && spec.getBuilder().getActiveDeadlineSeconds() != null
                && spec.getBuilder().getActiveDeadlineSeconds() < 60) {
            problems.add("spec.builder.activeDeadlineSeconds must be at least 60");
        }
        if (spec.getBuilder() != null && spec.getBuilder().getResources() != null) {
            problems.addAll(resourceProblems(spec.getBuilder().getResources()));
        }
        if (spec.getPollInterval() != null) {
            try {
                PollInterval.parse(spec.getPollInterval());
            } catch (IllegalArgumentException e) {
                problems.add("spec.pollInterval: " + e.getMessage());
            }
        }
        return problems;
    }

    private static void validateSource(GitSource source, List<String> problems) {
        if (source == null) {
            problems.add("spec.source is required: the git repository and ref to build");
            return;
        }
        if (isBlank(source.getUrl())) {
            problems.add("spec.source.url is required");
        } else {
            validateUrl(source.getUrl(), problems);
        }
        if (isBlank(source.getRef())) {
            problems.add("spec.source.ref is required: a branch or tag");
        } else if (COMMIT_SHA.matcher(source.getRef()).matches()) {
            problems.add("spec.source.ref '" + source.getRef()
                    + "' looks like a commit SHA; Envbuilder clones branches and tags, so name one");
        } else if (!isValidRefName(source.getRef())) {
            problems.add("spec.source.ref '" + source.getRef() + "' is not a valid git branch or tag name (git "
                    + "refuses names with '..', '//', '@{', a leading '-' or '/', a trailing '/' or '.lock', "
                    + "whitespace or control characters)");
        }
        validateRelativePath("spec.source.devcontainerDir", source.getDevcontainerDir(), problems);
        validateRelativePath("spec.source.dockerfilePath", source.getDockerfilePath(), problems);
    }

    private static void validateUrl(String url, List<String> problems) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (uri.getRawUserInfo() != null) {
                problems.add("spec.source.url must not carry credentials; put them in a Secret named by "
                        + "spec.source.credentialsSecretRef");
            } else if (scheme == null || !(scheme.equals("https") || scheme.equals("http"))) {
                problems.add("spec.source.url '" + url + "' must be an http(s) URL");
            } else if (uri.getHost() == null) {
                problems.add("spec.source.url '" + url + "' has no host");
            } else if (uri.getPort() > 65535) {
                problems.add("spec.source.url '" + url + "' names port " + uri.getPort()
                        + "; ports go from 1 to 65535");
            }
        } catch (URISyntaxException e) {
            problems.add("spec.source.url is not a valid URL: " + e.getReason());
        }
    }

    private static void validateRelativePath(String field, String path, List<String> problems) {
        if (path == null || path.isBlank()) {
            return;
        }
        if (path.startsWith("/") || List.of(path.split("/")).contains("..")) {
            problems.add(field + " '" + path + "' must be a path inside the repository, without '..'");
        }
    }

    /** Whether git accepts the name, as a short branch or tag name or as a full ref. */
    private static boolean isValidRefName(String ref) {
        String full = ref.startsWith("refs/") ? ref : "refs/heads/" + ref;
        return !ref.startsWith("-") && Repository.isValidRefName(full);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Whether an image reference is pinned by digest ({@code image@sha256:<64 hex>}). */
    public static boolean isPinned(String image) {
        return DIGEST_PINNED.matcher(image).matches();
    }

    /**
     * What the API server would refuse when the pod is created, said before: a quantity it cannot read, a negative
     * one, a request above its limit.
     */
    private static List<String> resourceProblems(ResourceRequirements resources) {
        List<String> problems = new ArrayList<>();
        Map<String, Quantity> limits = resources.getLimits() == null ? Map.of() : resources.getLimits();
        Map<String, Quantity> requests = resources.getRequests() == null ? Map.of() : resources.getRequests();
        for (Map.Entry<String, Map<String, Quantity>> kind : new TreeMap<>(Map.of("limits", limits, "requests",
                requests)).entrySet()) {
            for (Map.Entry<String, Quantity> entry : new TreeMap<>(kind.getValue()).entrySet()) {
                Optional<BigDecimal> amount = amountOf(entry.getValue());
                if (amount.isEmpty()) {
                    problems.add("spec.builder.resources." + kind.getKey() + "." + entry.getKey() + " '"
                            + entry.getValue() + "' is not a quantity such as 500m, 2 or 4Gi");
                } else if (amount.get().signum() < 0) {
                    problems.add("spec.builder.resources." + kind.getKey() + "." + entry.getKey() + " "
                            + entry.getValue() + " is negative");
                }
            }
        }
        for (Map.Entry<String, Quantity> request : new TreeMap<>(requests).entrySet()) {
            Quantity limit = limits.get(request.getKey());
            Optional<BigDecimal> requested = amountOf(request.getValue());
            Optional<BigDecimal> limited = limit == null ? Optional.empty() : amountOf(limit);
            if (requested.isPresent() && limited.isPresent() && requested.get().compareTo(limited.get()) > 0) {
                problems.add("spec.builder.resources.requests." + request.getKey() + " " + request.getValue()
                        + " is above its limit " + limit + "; the API server refuses such a pod");
            }
        }
        return problems;
    }

    private static Optional<BigDecimal> amountOf(Quantity quantity) {
        try {
            return Optional.of(quantity.getNumericalAmount());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
