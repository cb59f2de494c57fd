package io.dcbuild.operator.builds;

import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.AllowedSources;
import io.dcbuild.operator.api.v1alpha1.CacheSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.GitSource;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.LocalRegistry;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What one corpus case works on: its namespace (shared with other cases, or its own when a policy selects it), its
 * build (named after the case), its git repository, and the Secrets, ConfigMaps and policy it makes. The steps of
 * {@link BadInput} are written against these operations, as a user would act with {@code kubectl} and {@code git}.
 */
final class CorpusCase {

    static final String DEVCONTAINER_JSON = """
            {
              "name": "corpus",
              "build": { "dockerfile": "Dockerfile" },
            }
            """;
    static final String DOCKERFILE = """
            FROM mcr.microsoft.com/devcontainers/base:bookworm
            RUN echo corpus > /etc/corpus
            """;
    static final String DEVCONTAINER_DIR = ".devcontainer/";
    static final String CORPUS_LABEL = "dcbuild.io/corpus-case";

    /** The servers and client every case shares. */
    record World(KubernetesClient client, GitHttpServer git, GitHttpServer privateGit, LocalRegistry registry,
            String policyNamespace) {
    }

    private final BadInput input;
    private final String namespace;
    private final World world;
    private final Set<String> committedPaths = new HashSet<>();
    private boolean onPrivateGit;
    private boolean repositoryCreated;
    private KubernetesClientException refusal;

    CorpusCase(BadInput input, String namespace, World world) {
        this.input = input;
        this.namespace = namespace;
        this.world = world;
    }

    BadInput input() {
        return input;
    }

    String namespace() {
        return namespace;
    }

    String name() {
        return input.id();
    }

    /** The API server's refusal of the build's creation, when there was one. */
    KubernetesClientException refusal() {
        return refusal;
    }

    World world() {
        return world;
    }

    // ---- the build ------------------------------------------------------------------------------------------

    /** The spec of this case when nothing is wrong with it. */
    DevContainerBuildSpec goodSpec() {
        DevContainerBuildSpec spec = new DevContainerBuildSpec();
        GitSource source = new GitSource();
        source.setUrl(gitUrl());
        source.setRef("main");
        if (onPrivateGit) {
            source.setCredentialsSecretRef(new io.dcbuild.operator.api.v1alpha1.SecretReference(gitSecretName()));
        }
        spec.setSource(source);
        CacheSpec cache = new CacheSpec();
        cache.setRepo(cacheRepo());
        spec.setCache(cache);
        // short enough that a fixed commit is picked up within the test, the minimum the operator accepts
        spec.setPollInterval("10s");
        return spec;
    }

    String gitUrl() {
        return (onPrivateGit ? world.privateGit() : world.git()).url(repository());
    }

    /**
     * A cache repository of the case's own: ~90 builds pushing the same tags into one repository at once made the
     * simulated Envbuilder's pushes fail now and then ("blob unknown to registry"), which is not what this corpus
     * is about.
     */
    String cacheRepo() {
        return world.registry().hostPort() + "/" + namespace + "/" + name();
    }

    /** Creates the build with the good spec changed by {@code change}; a refusal of the API server is kept. */
    void create(Consumer<DevContainerBuildSpec> change) {
        ensureRepository();
        DevContainerBuild build = new DevContainerBuild();
        build.getMetadata().setName(name());
        build.getMetadata().setNamespace(namespace);
        DevContainerBuildSpec spec = goodSpec();
        change.accept(spec);
        build.setSpec(spec);
        try {
            world.client().resources(DevContainerBuild.class).inNamespace(namespace).resource(build).create();
        } catch (KubernetesClientException e) {
            refusal = e;
        }
    }

    void createGood() {
        create(spec -> { });
    }

    /**
     * Replaces the build's spec with the good one changed by {@code change}, as {@code kubectl patch --type=json}
     * does: no resourceVersion, so the operator's status writes meanwhile cannot make it conflict.
     */
    void editSpec(Consumer<DevContainerBuildSpec> change) {
        DevContainerBuildSpec spec = goodSpec();
        change.accept(spec);
        String replace = "[{\"op\": \"replace\", \"path\": \"/spec\", \"value\": "
                + world.client().getKubernetesSerialization().asJson(spec) + "}]";
        world.client().resources(DevContainerBuild.class).inNamespace(namespace).withName(name())
                .patch(PatchContext.of(PatchType.JSON), replace);
    }

    void resetSpec() {
        editSpec(spec -> { });
    }

    /** Fixing an input the API server refused: the corrected object is applied. */
    void createFixed() {
        refusal = null;
        createGood();
    }

    // ---- the repository -------------------------------------------------------------------------------------

    /** The repository lives on the git server that asks for credentials (the case's git Secret). */
    void usePrivateGit() {
        onPrivateGit = true;
    }

    String repository() {
        return "corpus-" + namespace + "-" + name();
    }

    /** The repository holds the good definition unless the case committed something else before. */
    private void ensureRepository() {
        if (!repositoryCreated) {
            commitGood();
        }
    }

    /** Creates the repository without any commit: every ref the build names is missing. */
    void createEmptyRepository() {
        (onPrivateGit ? world.privateGit() : world.git()).createRepository(repository());
        repositoryCreated = true;
    }

    /** Commits {@code files} (paths relative to the repository root) on main. */
    void commit(Map<String, String> files) {
        GitHttpServer server = onPrivateGit ? world.privateGit() : world.git();
        if (!repositoryCreated) {
            server.createRepository(repository());
            repositoryCreated = true;
        }
        committedPaths.addAll(files.keySet());
        server.commit(repository(), "main", files);
    }

    /** Creates {@code branch} with the good definition. */
    void commitOn(String branch) {
        (onPrivateGit ? world.privateGit() : world.git()).commit(repository(), branch, Map.of(
                DEVCONTAINER_DIR + "devcontainer.json", DEVCONTAINER_JSON, DEVCONTAINER_DIR + "Dockerfile", DOCKERFILE));
    }

    /** Commits the devcontainer folder of this file's constants, removing every other file committed before. */
    void commitGood() {
        Map<String, String> files = new HashMap<>();
        committedPaths.forEach(path -> files.put(path, null));
        files.put(DEVCONTAINER_DIR + "devcontainer.json", DEVCONTAINER_JSON);
        files.put(DEVCONTAINER_DIR + "Dockerfile", DOCKERFILE);
        commit(files);
    }

    void commitDevcontainerJson(String content) {
        commit(Map.of(DEVCONTAINER_DIR + "devcontainer.json", content, DEVCONTAINER_DIR + "Dockerfile", DOCKERFILE));
    }

    void commitDockerfile(String content) {
        commit(Map.of(DEVCONTAINER_DIR + "devcontainer.json", DEVCONTAINER_JSON, DEVCONTAINER_DIR + "Dockerfile",
                content));
    }

    // ---- Secrets and ConfigMaps -----------------------------------------------------------------------------

    /** Creates or replaces the Secret {@code name} of the case's namespace. */
    void secret(String name, String type, Map<String, String> data) {
        secretIn(namespace, name, type, data);
    }

    void secretIn(String ns, String name, String type, Map<String, String> data) {
        Map<String, String> encoded = new HashMap<>();
        data.forEach((key, value) -> encoded.put(key, base64(value)));
        world.client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(name)
                .endMetadata().withType(type).withData(encoded).build()).createOr(existing -> existing.update());
    }

    void deleteSecret(String name) {
        world.client().secrets().inNamespace(namespace).withName(name).delete();
    }

    void configMapIn(String ns, String name, Map<String, String> data) {
        world.client().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .endMetadata().withData(data).build()).createOr(existing -> existing.update());
    }

    /** The Secret of git credentials of this case (cases sharing a namespace each have their own). */
    String gitSecretName() {
        return name() + "-git";
    }

    String registrySecretName() {
        return name() + "-regcred";
    }

    /** The git credentials the private git server accepts, in the case's git Secret. */
    void goodGitSecret() {
        deleteSecret(gitSecretName()); // its type may have been another
        secret(gitSecretName(), "kubernetes.io/basic-auth", Map.of("username", "dev", "password", "s3cret-git-token"));
    }

    /** A dockerconfigjson with {@code auth} for the registry. */
    String dockerConfig(String auth) {
        return "{\"auths\":{\"" + world.registry().hostPort() + "\":{\"auth\":\"" + auth + "\"}}}";
    }

    void goodRegistrySecret() {
        deleteSecret(registrySecretName()); // a Secret's type cannot change: the user deletes and creates it
        secret(registrySecretName(), "kubernetes.io/dockerconfigjson", Map.of(".dockerconfigjson",
                dockerConfig(base64("ci:registry-pass"))));
    }

    // ---- the policy -----------------------------------------------------------------------------------------

    String policyName() {
        return "corpus-" + name();
    }

    /** The policy of this case when nothing is wrong with it: it selects the case's namespace and allows its build. */
    DevContainerBuildPolicySpec goodPolicySpec() {
        DevContainerBuildPolicySpec spec = new DevContainerBuildPolicySpec();
        spec.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels(CORPUS_LABEL, name()).build());
        AllowedSources allowed = new AllowedSources();
        allowed.setGitUrls(List.of(world.git().url("corpus-*"), world.privateGit().url("corpus-*")));
        allowed.setImages(List.of("mcr.microsoft.com/devcontainers/**"));
        allowed.setFeatures(List.of("ghcr.io/devcontainers/features/*"));
        allowed.setCacheRepos(List.of(world.registry().hostPort() + "/" + namespace + "/**"));
        spec.setAllowedSources(allowed);
        return spec;
    }

    /** Creates or replaces the case's policy with the good one changed by {@code change}. */
    void policy(Consumer<DevContainerBuildPolicySpec> change) {
        DevContainerBuildPolicy policy = new DevContainerBuildPolicy();
        policy.getMetadata().setName(policyName());
        policy.getMetadata().setLabels(Map.of(CORPUS_LABEL, name()));
        DevContainerBuildPolicySpec spec = goodPolicySpec();
        change.accept(spec);
        policy.setSpec(spec);
        DevContainerBuildPolicy applied;
        try {
            applied = world.client().resource(policy).createOr(existing -> existing.update());
        } catch (KubernetesClientException e) {
            refusal = e;
            return;
        }
        // as on a cluster, the policy is in place before builds are created or fixed: the operator has seen it
        // once its controller has written the status of this generation
        long generation = applied.getMetadata().getGeneration();
        await("policy " + policyName() + " observed").atMost(Duration.ofSeconds(30)).until(() -> {
            DevContainerBuildPolicy seen = world.client().resources(DevContainerBuildPolicy.class)
                    .withName(policyName()).get();
            return seen.getStatus() != null && seen.getStatus().getObservedGeneration() != null
                    && seen.getStatus().getObservedGeneration() >= generation;
        });
    }

    void goodPolicy() {
        policy(spec -> { });
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return input.toString();
    }
}
