package io.dcbuild.operator.builds;

import static io.dcbuild.operator.builds.BadInput.REFUSED_ON_APPLY;
import static io.dcbuild.operator.builds.CorpusCase.DEVCONTAINER_DIR;
import static io.dcbuild.operator.builds.CorpusCase.DOCKERFILE;
import static io.dcbuild.operator.builds.CorpusCase.base64;

import io.dcbuild.operator.api.v1alpha1.BuilderSpec;
import io.dcbuild.operator.api.v1alpha1.CacheSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.NamespacedKeyReference;
import io.dcbuild.operator.api.v1alpha1.PolicyBuilderSpec;
import io.dcbuild.operator.api.v1alpha1.PolicyRegistryCredentials;
import io.dcbuild.operator.api.v1alpha1.ProxySpec;
import io.dcbuild.operator.api.v1alpha1.RetentionSpec;
import io.dcbuild.operator.api.v1alpha1.SecretReference;
import io.dcbuild.operator.builds.BadInput.Kind;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The corpus of bad inputs: specs, URLs, Secrets, devcontainer.json files, Dockerfiles and policies a user may write,
 * each with the condition the build must show and the user's fix. Cases of kind {@link Kind#POLICY} get a namespace
 * of their own, selected by their own policy; the others share one namespace.
 */
final class BadInputs {

    private final List<BadInput> cases = new ArrayList<>();

    private BadInputs() {
    }

    static List<BadInput> all() {
        BadInputs corpus = new BadInputs();
        corpus.specsTheApiServerRefuses();
        corpus.specsTheOperatorRefuses();
        corpus.urlsAndRefs();
        corpus.secrets();
        corpus.devcontainerJsonFiles();
        corpus.dockerfiles();
        corpus.policies();
        Set<String> ids = new HashSet<>();
        corpus.cases.forEach(c -> {
            if (!ids.add(c.id())) {
                throw new IllegalStateException("two cases named " + c.id());
            }
        });
        return List.copyOf(corpus.cases);
    }

    // ---- specs ----------------------------------------------------------------------------------------------

    /** What the CRD schema says: {@code kubectl apply} fails with the field named, nothing reaches the operator. */
    private void specsTheApiServerRefuses() {
        refused("url-ftp", "spec.source.url", s -> s.getSource().setUrl("ftp://example.com/repo.git"));
        refused("url-with-space", "spec.source.url", s -> s.getSource().setUrl("https://git.example.com/a b.git"));
        refused("url-with-credentials", "spec.source.url",
                s -> s.getSource().setUrl("https://dev:secret@git.example.com/app.git"));
        refused("url-missing", "spec.source.url", s -> s.getSource().setUrl(null));
        refused("ref-missing", "spec.source.ref", s -> s.getSource().setRef(null));
        refused("source-missing", "spec.source", s -> s.setSource(null));
        refused("ref-with-space", "spec.source.ref", s -> s.getSource().setRef("my branch"));
        refused("ref-with-tilde", "spec.source.ref", s -> s.getSource().setRef("main~1"));
        refused("ref-with-colon", "spec.source.ref", s -> s.getSource().setRef("main:other"));
        refused("ref-with-glob", "spec.source.ref", s -> s.getSource().setRef("release-*"));
        refused("cache-repo-with-tag", "spec.cache.repo", s -> s.getCache().setRepo("registry.example.com/c:latest"));
        refused("cache-repo-uppercase", "spec.cache.repo", s -> s.getCache().setRepo("registry.example.com/Team/c"));
        refused("cache-repo-with-digest", "spec.cache.repo", s -> s.getCache().setRepo(
                "registry.example.com/c@sha256:" + "a".repeat(64)));
        refused("cache-repo-no-path", "spec.cache.repo", s -> s.getCache().setRepo("registry.example.com"));
        refused("cache-ttl-zero", "spec.cache.ttlDays", s -> s.getCache().setTtlDays(0));
        refused("cache-ttl-too-long", "spec.cache.ttlDays", s -> s.getCache().setTtlDays(366));
        refused("deadline-too-short", "spec.builder.activeDeadlineSeconds", s -> builder(s)
                .setActiveDeadlineSeconds(59L));
        refused("deadline-too-long", "spec.builder.activeDeadlineSeconds", s -> builder(s)
                .setActiveDeadlineSeconds(86_401L));
        refused("poll-interval-unit", "spec.pollInterval", s -> s.setPollInterval("5x"));
        refused("poll-interval-negative", "spec.pollInterval", s -> s.setPollInterval("-5m"));
        refused("poll-interval-days", "spec.pollInterval", s -> s.setPollInterval("1d"));
        refused("registry-secret-no-name", "spec.registryCredentialsSecretRef.name",
                s -> s.setRegistryCredentialsSecretRef(new SecretReference(null)));
    }

    /** Values the schema admits and the operator's validator refuses: Stalled, InvalidSpec, the field named. */
    private void specsTheOperatorRefuses() {
        spec("url-port-out-of-range", "InvalidSpec", "port 99999",
                s -> s.getSource().setUrl("http://127.0.0.1:99999/git/app.git"));
        spec("poll-interval-overflow", "InvalidSpec", "spec.pollInterval",
                s -> s.setPollInterval("99999999999999999999h"));
        spec("poll-interval-below-minimum", "InvalidSpec", "minimum poll interval",
                s -> s.setPollInterval("5s"));
        spec("poll-interval-above-maximum", "InvalidSpec", "spec.pollInterval", s -> s.setPollInterval("9000h"));
        spec("poll-interval-zero", "InvalidSpec", "spec.pollInterval", s -> s.setPollInterval("0s"));
        spec("ref-is-a-commit", "InvalidSpec", "looks like a commit SHA", s -> s.getSource().setRef("a".repeat(40)));
        spec("ref-with-dot-dot", "InvalidSpec", "spec.source.ref", s -> s.getSource().setRef("main..other"));
        spec("ref-ending-in-slash", "InvalidSpec", "spec.source.ref", s -> s.getSource().setRef("feature/"));
        spec("ref-with-double-slash", "InvalidSpec", "spec.source.ref", s -> s.getSource().setRef("feature//x"));
        spec("ref-ending-in-lock", "InvalidSpec", "spec.source.ref", s -> s.getSource().setRef("main.lock"));
        spec("ref-with-at-brace", "InvalidSpec", "spec.source.ref", s -> s.getSource().setRef("main@{1}"));
        spec("ref-starting-with-dash", "InvalidSpec", "spec.source.ref", s -> s.getSource().setRef("-main"));
        spec("devcontainer-dir-escapes", "InvalidSpec", "spec.source.devcontainerDir",
                s -> s.getSource().setDevcontainerDir("../other"));
        spec("devcontainer-dir-absolute", "InvalidSpec", "spec.source.devcontainerDir",
                s -> s.getSource().setDevcontainerDir("/etc"));
        spec("dockerfile-path-escapes", "InvalidSpec", "spec.source.dockerfilePath",
                s -> s.getSource().setDockerfilePath("../../etc/passwd"));
        spec("dockerfile-path-absolute", "InvalidSpec", "spec.source.dockerfilePath",
                s -> s.getSource().setDockerfilePath("/Dockerfile"));
        spec("builder-image-unpinned", "InvalidSpec", "spec.builder.image",
                s -> builder(s).setImage("ghcr.io/coder/envbuilder:latest"));
        spec("resources-request-above-limit", "InvalidSpec", "spec.builder.resources.requests.cpu",
                s -> builder(s).setResources(resources(Map.of("cpu", "2"), Map.of("cpu", "4"))));
        spec("resources-negative", "InvalidSpec", "spec.builder.resources.limits.memory",
                s -> builder(s).setResources(resources(Map.of("memory", "-1Gi"), Map.of())));
        spec("resources-unreadable", "InvalidSpec", "spec.builder.resources.requests.memory",
                s -> builder(s).setResources(resources(Map.of(), Map.of("memory", "lots"))));
        spec("cache-repo-missing", "InvalidSpec", "spec.cache.repo is required", s -> s.setCache(null));
        spec("cache-repo-blank", "InvalidSpec", "spec.cache.repo is required", s -> {
            CacheSpec cache = new CacheSpec();
            cache.setTtlDays(7);
            s.setCache(cache);
        });
    }

    // ---- URLs and refs the git server answers -----------------------------------------------------------------

    private void urlsAndRefs() {
        add("repository-missing", Kind.URL, "GitRepositoryNotFound", "corpus-no-such-repository",
                c -> c.create(s -> s.getSource().setUrl(c.world().git().url("corpus-no-such-repository"))),
                CorpusCase::resetSpec);
        add("branch-missing", Kind.URL, "GitRefNotFound", "feature-x",
                c -> c.create(s -> s.getSource().setRef("feature-x")),
                c -> c.commitOn("feature-x"));
        add("tag-missing", Kind.URL, "GitRefNotFound", "v9.9.9",
                c -> c.create(s -> s.getSource().setRef("v9.9.9")), CorpusCase::resetSpec);
        add("full-ref-missing", Kind.URL, "GitRefNotFound", "refs/heads/gone",
                c -> c.create(s -> s.getSource().setRef("refs/heads/gone")), CorpusCase::resetSpec);
        add("empty-repository", Kind.URL, "GitRefNotFound", "main", c -> {
            c.createEmptyRepository();
            c.createGood();
        }, CorpusCase::commitGood);
        add("url-not-a-git-server", Kind.URL, "GitRepositoryNotFound", "/v2/",
                c -> c.create(s -> s.getSource().setUrl("http://" + c.world().registry().hostPort() + "/v2/")),
                CorpusCase::resetSpec);
        add("private-repository-without-credentials", Kind.URL, "GitAuthenticationFailed", "credentials", c -> {
            c.usePrivateGit();
            c.goodGitSecret();
            c.create(s -> s.getSource().setCredentialsSecretRef(null));
        }, CorpusCase::resetSpec);
    }

    // ---- Secrets ----------------------------------------------------------------------------------------------

    private void secrets() {
        add("git-secret-missing", Kind.SECRET, "SecretNotFound", "the Secret git-secret-missing-git", c -> {
            c.usePrivateGit();
            c.createGood();
        }, CorpusCase::goodGitSecret);
        gitSecret("git-secret-wrong-password", "GitAuthenticationFailed", "credentials",
                Map.of("username", "dev", "password", "not-the-token"));
        gitSecret("git-secret-wrong-user", "GitAuthenticationFailed", "credentials",
                Map.of("username", "nobody", "password", "s3cret-git-token"));
        gitSecret("git-secret-no-password", "InvalidGitCredentialsSecret", "'password'",
                Map.of("username", "dev"));
        gitSecret("git-secret-empty", "InvalidGitCredentialsSecret", "'password'", "Opaque", Map.of());
        gitSecret("git-secret-token-key-only", "InvalidGitCredentialsSecret", "'password'", "Opaque",
                Map.of("token", "s3cret-git-token"));
        registrySecret("registry-secret-missing", "SecretNotFound", "registry-secret-missing-regcred", null, null);
        // the API server itself refuses a Secret of type dockerconfigjson that does not unmarshal into a docker config
        registrySecret("registry-secret-not-json-opaque", "InvalidRegistryCredentialsSecret",
                "kubernetes.io/dockerconfigjson", "Opaque", Map.of(".dockerconfigjson", "this is not json"));
        registrySecret("registry-secret-null", "InvalidRegistryCredentialsSecret", "auths",
                "kubernetes.io/dockerconfigjson", Map.of(".dockerconfigjson", "null"));
        registrySecret("registry-secret-auth-not-base64", "InvalidRegistryCredentialsSecret", "not valid base64",
                "kubernetes.io/dockerconfigjson", Map.of(".dockerconfigjson", "{\"auths\":{\"r\":{\"auth\":\"%%%\"}}}"));
        registrySecret("registry-secret-auth-without-colon", "InvalidRegistryCredentialsSecret", "user:password",
                "kubernetes.io/dockerconfigjson", Map.of(".dockerconfigjson",
                        "{\"auths\":{\"r\":{\"auth\":\"" + base64("no-colon-here") + "\"}}}"));
        registrySecret("registry-secret-wrong-type", "InvalidRegistryCredentialsSecret", "kubernetes.io/dockerconfigjson",
                "Opaque", Map.of("config.json", "{}"));
        registrySecret("registry-secret-legacy-dockercfg", "InvalidRegistryCredentialsSecret",
                "kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg", Map.of(".dockercfg",
                        "{\"r\":{\"auth\":\"" + base64("ci:registry-pass") + "\"}}"));
        registrySecret("registry-secret-auths-missing", "InvalidRegistryCredentialsSecret", "auths",
                "kubernetes.io/dockerconfigjson", Map.of(".dockerconfigjson", "{\"credsStore\": \"desktop\"}"));
        registrySecret("registry-secret-auth-empty", "InvalidRegistryCredentialsSecret", "auth",
                "kubernetes.io/dockerconfigjson", Map.of(".dockerconfigjson", "{\"auths\":{\"r\":{\"auth\":\"\"}}}"));
    }

    private void gitSecret(String id, String reason, String part, Map<String, String> data) {
        gitSecret(id, reason, part, "kubernetes.io/basic-auth", data);
    }

    private void gitSecret(String id, String reason, String part, String type, Map<String, String> data) {
        add(id, Kind.SECRET, reason, part, c -> {
            c.usePrivateGit();
            c.secret(c.gitSecretName(), type, data);
            c.createGood();
        }, CorpusCase::goodGitSecret);
    }

    /** The build names the case's registry Secret; {@code type} null: the Secret does not exist. */
    private void registrySecret(String id, String reason, String part, String type, Map<String, String> data) {
        add(id, Kind.SECRET, reason, part, c -> {
            if (type != null) {
                c.secret(c.registrySecretName(), type, data);
            }
            c.create(s -> s.setRegistryCredentialsSecretRef(new SecretReference(c.registrySecretName())));
        }, CorpusCase::goodRegistrySecret);
    }

    // ---- devcontainer.json ------------------------------------------------------------------------------------

    private void devcontainerJsonFiles() {
        devcontainer("json-not-json", "DevcontainerInvalid", "not valid JSON", "{ \"name\": ");
        devcontainer("json-array", "DevcontainerInvalid", "must hold a JSON object", "[]");
        devcontainer("json-empty-file", "DevcontainerInvalid", "devcontainer.json", "");
        devcontainer("json-build-not-object", "DevcontainerInvalid", "build", "{\"build\": \"Dockerfile\"}");
        devcontainer("json-dockerfile-number", "DevcontainerInvalid", "dockerfile",
                "{\"build\": {\"dockerfile\": 5}}");
        devcontainer("json-image-number", "DevcontainerInvalid", "image", "{\"image\": 5}");
        devcontainer("json-args-array", "DevcontainerInvalid", "args",
                "{\"build\": {\"dockerfile\": \"Dockerfile\", \"args\": [\"A=1\"]}}");
        devcontainer("json-features-array", "DevcontainerInvalid", "features",
                "{\"build\": {\"dockerfile\": \"Dockerfile\"}, \"features\": [\"node\"]}");
        devcontainer("json-no-image-no-build", "DevcontainerInvalid", "image", "{\"name\": \"nothing to build\"}");
        devcontainer("json-dockerfile-missing", "DevcontainerInvalid", "Missing.Dockerfile",
                "{\"build\": {\"dockerfile\": \"Missing.Dockerfile\"}}");
        devcontainer("json-dockerfile-escapes", "DevcontainerInvalid", "../../../../etc/passwd",
                "{\"build\": {\"dockerfile\": \"../../../../etc/passwd\"}}");
        devcontainer("json-context-escapes", "DevcontainerInvalid", "lies outside the repository",
                "{\"build\": {\"dockerfile\": \"Dockerfile\", \"context\": \"../../..\"}}");
        devcontainer("json-compose", "DevcontainerUnsupported", "dockerComposeFile",
                "{\"dockerComposeFile\": \"compose.yaml\", \"service\": \"app\"}");
        devcontainer("json-nested-too-deep", "DevcontainerInvalid", "nesting",
                "{\"x\": " + "[".repeat(5000) + "]".repeat(5000) + ", \"build\": {\"dockerfile\": \"Dockerfile\"}}");
        devcontainer("json-too-large", "DevcontainerInvalid", "bytes",
                "{\"build\": {\"dockerfile\": \"Dockerfile\"}, \"x\": \"" + "y".repeat(1024 * 1024 + 1) + "\"}");
        devcontainer("json-trailing-garbage", "DevcontainerInvalid", "not valid JSON",
                "{\"build\": {\"dockerfile\": \"Dockerfile\"}} trailing");
        add("json-missing", Kind.DEVCONTAINER_JSON, "DevcontainerInvalid", "devcontainer.json",
                c -> {
                    c.commit(Map.of("README.md", "no dev container here"));
                    c.createGood();
                }, CorpusCase::commitGood);
        add("json-in-other-folder", Kind.DEVCONTAINER_JSON, "DevcontainerInvalid", "tools/devcontainer",
                c -> c.create(s -> s.getSource().setDevcontainerDir("tools/devcontainer")), CorpusCase::resetSpec);
    }

    private void devcontainer(String id, String reason, String part, String content) {
        add(id, Kind.DEVCONTAINER_JSON, reason, part, c -> {
            c.commitDevcontainerJson(content);
            c.createGood();
        }, CorpusCase::commitGood);
    }

    // ---- Dockerfiles ------------------------------------------------------------------------------------------

    private void dockerfiles() {
        dockerfile("dockerfile-no-from", "DevcontainerInvalid", "no FROM", "RUN echo hello\n");
        dockerfile("dockerfile-empty", "DevcontainerInvalid", "no FROM", "");
        dockerfile("dockerfile-comments-only", "DevcontainerInvalid", "no FROM", "# nothing\n# at all\n");
        dockerfile("dockerfile-from-without-image", "DevcontainerInvalid", "FROM must name an image", "FROM\n");
        dockerfile("dockerfile-from-bad-as", "DevcontainerInvalid", "FROM must name an image",
                "FROM debian AS\n");
        dockerfile("dockerfile-from-extra-words", "DevcontainerInvalid", "FROM must name an image",
                "FROM debian AS base extra\n");
        dockerfile("dockerfile-too-many-stages", "DevcontainerInvalid", "more than 128 stages",
                "FROM mcr.microsoft.com/devcontainers/base:bookworm AS s0\n"
                        + "FROM s0\n".repeat(200));
        dockerfile("dockerfile-too-large", "DevcontainerInvalid", "bytes",
                DOCKERFILE + "# " + "x".repeat(1024 * 1024) + "\n");
        add("dockerfile-path-missing", Kind.DOCKERFILE, "DevcontainerInvalid", "build/Dockerfile.dev",
                c -> c.create(s -> s.getSource().setDockerfilePath("build/Dockerfile.dev")), CorpusCase::resetSpec);
    }

    private void dockerfile(String id, String reason, String part, String content) {
        add(id, Kind.DOCKERFILE, reason, part, c -> {
            c.commitDockerfile(content);
            c.createGood();
        }, CorpusCase::commitGood);
    }

    // ---- policies ---------------------------------------------------------------------------------------------

    private void policies() {
        refusedPolicy("policy-selector-bad-operator", "operator must be In, NotIn, Exists or DoesNotExist", p -> p.setNamespaceSelector(
                new LabelSelectorBuilder(p.getNamespaceSelector()).addToMatchExpressions(
                        new LabelSelectorRequirementBuilder().withKey("tier").withOperator("Equals")
                                .withValues("gold").build()).build()));
        refusedPolicy("policy-selector-in-without-values", "In and NotIn need at least one value", p -> p.setNamespaceSelector(
                new LabelSelectorBuilder(p.getNamespaceSelector()).addToMatchExpressions(
                        new LabelSelectorRequirementBuilder().withKey("tier").withOperator("In").build()).build()));
        refusedPolicy("policy-selector-exists-with-values", "Exists and DoesNotExist take none", p -> p.setNamespaceSelector(
                new LabelSelectorBuilder(p.getNamespaceSelector()).addToMatchExpressions(
                        new LabelSelectorRequirementBuilder().withKey("tier").withOperator("Exists")
                                .withValues("gold").build()).build()));
        invalidPolicy("policy-builder-image-unpinned", "spec.builder.image", p -> policyBuilder(p)
                .setImage("ghcr.io/coder/envbuilder:latest"));
        invalidPolicy("policy-retention-interval-zero", "spec.retention.interval", p -> {
            RetentionSpec retention = new RetentionSpec();
            retention.setEnabled(false);
            retention.setInterval("0m");
            p.setRetention(retention);
        });
        invalidPolicy("policy-proxy-unparsable", "spec.proxy.httpProxy", p -> {
            ProxySpec proxy = new ProxySpec();
            proxy.setHttpProxy("http://[proxy.example.com:3128");
            p.setProxy(proxy);
        });
        invalidPolicy("policy-proxy-port-out-of-range", "spec.proxy.httpsProxy", p -> {
            ProxySpec proxy = new ProxySpec();
            proxy.setHttpsProxy("http://proxy.example.com:99999");
            p.setProxy(proxy);
        });
        invalidPolicy("policy-proxy-with-credentials", "spec.proxy.httpProxy", p -> {
            ProxySpec proxy = new ProxySpec();
            proxy.setHttpProxy("http://user:pass@proxy.example.com:3128");
            p.setProxy(proxy);
        });

        refusedByPolicy("policy-git-url-not-allowed", "PolicyViolation", "allowedSources.gitUrls",
                p -> p.getAllowedSources().setGitUrls(List.of("https://git.example.com/**")));
        refusedByPolicy("policy-git-urls-empty", "PolicyViolation", "allowedSources.gitUrls: nothing is allowed",
                p -> p.getAllowedSources().setGitUrls(List.of()));
        refusedByPolicy("policy-cache-repo-not-allowed", "PolicyViolation", "allowedSources.cacheRepos",
                p -> p.getAllowedSources().setCacheRepos(List.of("registry.example.com/**")));
        refusedByPolicy("policy-base-image-not-allowed", "PolicyViolation", "mcr.microsoft.com/devcontainers/base",
                p -> p.getAllowedSources().setImages(List.of("docker.io/library/**")));
        refusedByPolicy("policy-deadline-above-maximum", "PolicyViolation", "activeDeadlineSeconds",
                p -> policyBuilder(p).setActiveDeadlineSeconds(600L),
                s -> builder(s).setActiveDeadlineSeconds(3600L));
        refusedByPolicy("policy-resources-above-limit", "PolicyViolation", "spec.builder.resources",
                p -> policyBuilder(p).setResources(resources(Map.of("memory", "2Gi"), Map.of("memory", "1Gi"))),
                s -> builder(s).setResources(resources(Map.of("memory", "8Gi"), Map.of("memory", "1Gi"))));
        add("policy-feature-not-allowed", Kind.POLICY, "PolicyViolation", "ghcr.io/devcontainers/features/node", c -> {
            c.policy(p -> p.getAllowedSources().setFeatures(List.of("ghcr.io/example/features/*")));
            c.commitDevcontainerJson("{\"build\": {\"dockerfile\": \"Dockerfile\"}, "
                    + "\"features\": {\"ghcr.io/devcontainers/features/node:1\": {}}}");
            c.createGood();
        }, CorpusCase::goodPolicy);
        add("policy-unresolvable-base-image", Kind.POLICY, "PolicyViolation", "65536 characters", c -> {
            c.goodPolicy();
            c.commitDockerfile(doublingArgs(24) + "FROM mcr.microsoft.com/devcontainers/base:${A24}\n");
            c.createGood();
        }, CorpusCase::commitGood);
        add("policy-ca-bundle-missing", Kind.POLICY, "PolicyReferenceNotFound", "corpus-ca-missing", c -> {
            c.policy(p -> p.setCaBundle(reference(c.world().policyNamespace(), "corpus-ca-missing")));
            c.createGood();
        }, CorpusCase::goodPolicy);
        add("policy-ca-bundle-garbage", Kind.POLICY, "PolicyCaBundleInvalid", "corpus-ca-garbage", c -> {
            c.configMapIn(c.world().policyNamespace(), "corpus-ca-garbage", Map.of("ca.crt",
                    "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"));
            c.policy(p -> p.setCaBundle(reference(c.world().policyNamespace(), "corpus-ca-garbage")));
            c.createGood();
        }, CorpusCase::goodPolicy);
        add("policy-ca-bundle-wrong-key", Kind.POLICY, "PolicyReferenceNotFound", "ca.crt", c -> {
            c.configMapIn(c.world().policyNamespace(), "corpus-ca-wrong-key", Map.of("bundle.pem", "x"));
            c.policy(p -> p.setCaBundle(reference(c.world().policyNamespace(), "corpus-ca-wrong-key")));
            c.createGood();
        }, CorpusCase::goodPolicy);
        add("policy-registry-secret-missing", Kind.POLICY, "PolicyReferenceNotFound", "corpus-regcred-missing", c -> {
            c.policy(p -> p.setRegistryCredentials(registryCredentials(c, "corpus-regcred-missing")));
            c.createGood();
        }, CorpusCase::goodPolicy);
        add("policy-registry-secret-malformed", Kind.POLICY, "PolicyRegistryCredentialsInvalid",
                "corpus-regcred-malformed", c -> {
                    c.secretIn(c.world().policyNamespace(), "corpus-regcred-malformed",
                            "kubernetes.io/dockerconfigjson", Map.of(".dockerconfigjson",
                                    "{\"auths\":{\"r\":{\"auth\":\"%%%\"}}}"));
                    c.policy(p -> p.setRegistryCredentials(registryCredentials(c, "corpus-regcred-malformed")));
                    c.createGood();
                }, CorpusCase::goodPolicy);
    }

    /** The CRD's rules refuse the policy; the build waits to be created until the policy is in place. */
    private void refusedPolicy(String id, String part, Consumer<DevContainerBuildPolicySpec> bad) {
        add(id, Kind.POLICY, REFUSED_ON_APPLY, part, c -> c.policy(bad), c -> {
            c.goodPolicy();
            c.createGood();
        });
    }

    private void invalidPolicy(String id, String part, Consumer<DevContainerBuildPolicySpec> bad) {
        add(id, Kind.POLICY, "PolicyInvalid", part, c -> {
            c.policy(bad);
            c.createGood();
        }, CorpusCase::goodPolicy);
    }

    private void refusedByPolicy(String id, String reason, String part, Consumer<DevContainerBuildPolicySpec> bad) {
        refusedByPolicy(id, reason, part, bad, s -> { });
    }

    /** The policy is fixed by the platform team: it allows what the build asks. */
    private void refusedByPolicy(String id, String reason, String part, Consumer<DevContainerBuildPolicySpec> bad,
            Consumer<DevContainerBuildSpec> build) {
        add(id, Kind.POLICY, reason, part, c -> {
            c.policy(bad);
            c.create(build);
        }, c -> c.policy(p -> {
            if (p.getBuilder() == null) {
                p.setBuilder(new PolicyBuilderSpec());
            }
            p.getBuilder().setActiveDeadlineSeconds(86_400L);
            p.getBuilder().setResources(resources(Map.of("memory", "16Gi"), Map.of("memory", "1Gi")));
        }));
    }

    /** ARG A0=x, then A(n) = A(n-1) twice: {@code A<n>} expands to 2^n characters. */
    private static String doublingArgs(int n) {
        StringBuilder text = new StringBuilder("ARG A0=x\n");
        for (int i = 1; i <= n; i++) {
            text.append("ARG A").append(i).append("=${A").append(i - 1).append("}${A").append(i - 1).append("}\n");
        }
        return text.toString();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void refused(String id, String field, Consumer<DevContainerBuildSpec> bad) {
        add(id, Kind.SPEC, REFUSED_ON_APPLY, field, c -> c.create(bad), CorpusCase::createFixed);
    }

    private void spec(String id, String reason, String part, Consumer<DevContainerBuildSpec> bad) {
        add(id, id.startsWith("url") ? Kind.URL : Kind.SPEC, reason, part, c -> c.create(bad), CorpusCase::resetSpec);
    }

    private void add(String id, Kind kind, String reason, String part, BadInput.Step breakIt, BadInput.Step fix) {
        cases.add(new BadInput(id, kind, reason, part, breakIt, fix));
    }

    private static BuilderSpec builder(DevContainerBuildSpec spec) {
        if (spec.getBuilder() == null) {
            spec.setBuilder(new BuilderSpec());
        }
        return spec.getBuilder();
    }

    private static PolicyBuilderSpec policyBuilder(DevContainerBuildPolicySpec spec) {
        if (spec.getBuilder() == null) {
            spec.setBuilder(new PolicyBuilderSpec());
        }
        return spec.getBuilder();
    }

    private static ResourceRequirements resources(Map<String, String> limits, Map<String, String> requests) {
        ResourceRequirements resources = new ResourceRequirements();
        limits.forEach((name, value) -> resources.setLimits(merge(resources.getLimits(), name, value)));
        requests.forEach((name, value) -> resources.setRequests(merge(resources.getRequests(), name, value)));
        return resources;
    }

    private static Map<String, Quantity> merge(Map<String, Quantity> into, String name, String value) {
        Map<String, Quantity> map = into == null ? new java.util.HashMap<>() : new java.util.HashMap<>(into);
        map.put(name, new Quantity(value));
        return map;
    }

    private static NamespacedKeyReference reference(String namespace, String name) {
        NamespacedKeyReference reference = new NamespacedKeyReference();
        reference.setNamespace(namespace);
        reference.setName(name);
        return reference;
    }

    private static PolicyRegistryCredentials registryCredentials(CorpusCase c, String secret) {
        PolicyRegistryCredentials credentials = new PolicyRegistryCredentials();
        credentials.setSecretRef(reference(c.world().policyNamespace(), secret));
        return credentials;
    }
}
