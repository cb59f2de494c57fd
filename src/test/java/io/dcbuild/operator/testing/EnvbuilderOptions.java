package io.dcbuild.operator.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The Envbuilder settings of one pod, read from its resolved environment ({@code ENVBUILDER_*} variables).
 *
 * @param gitUrl repository URL without the fragment
 * @param gitRef the fragment of {@code ENVBUILDER_GIT_URL} ({@code refs/heads/main}), or empty for the remote HEAD
 * @param dockerfilePath {@code ENVBUILDER_DOCKERFILE_PATH}, relative to the repository root, or empty
 * @param gitHttpProxyUrl {@code ENVBUILDER_GIT_HTTP_PROXY_URL}: the clone goes through this HTTP proxy
 * @param registryCredentials parsed from {@code ENVBUILDER_DOCKER_CONFIG_BASE64}
 */
public record EnvbuilderOptions(
        String gitUrl,
        Optional<String> gitRef,
        Optional<String> gitUsername,
        Optional<String> gitPassword,
        CacheRepository cacheRepo,
        boolean insecure,
        String devcontainerDir,
        Optional<String> dockerfilePath,
        boolean getCachedImage,
        boolean pushImage,
        boolean exitOnBuildFailure,
        boolean exitOnPushFailure,
        boolean remoteRepoBuildMode,
        Optional<Integer> cacheTtlDays,
        Optional<String> gitHttpProxyUrl,
        DockerConfigCredentials registryCredentials,
        Optional<String> sslCertPem) {

    public static EnvbuilderOptions fromEnvironment(Map<String, String> env) {
        String fullUrl = required(env, "ENVBUILDER_GIT_URL");
        int hash = fullUrl.indexOf('#');
        String gitUrl = hash < 0 ? fullUrl : fullUrl.substring(0, hash);
        Optional<String> gitRef = hash < 0 ? Optional.empty() : Optional.of(fullUrl.substring(hash + 1));
        String dockerConfig = env.get("ENVBUILDER_DOCKER_CONFIG_BASE64");
        return new EnvbuilderOptions(
                gitUrl,
                gitRef.filter(ref -> !ref.isEmpty()),
                optional(env, "ENVBUILDER_GIT_USERNAME"),
                optional(env, "ENVBUILDER_GIT_PASSWORD"),
                CacheRepository.parse(required(env, "ENVBUILDER_CACHE_REPO")),
                flag(env, "ENVBUILDER_INSECURE"),
                optional(env, "ENVBUILDER_DEVCONTAINER_DIR").orElse(".devcontainer"),
                optional(env, "ENVBUILDER_DOCKERFILE_PATH"),
                flag(env, "ENVBUILDER_GET_CACHED_IMAGE"),
                flag(env, "ENVBUILDER_PUSH_IMAGE"),
                flag(env, "ENVBUILDER_EXIT_ON_BUILD_FAILURE"),
                flag(env, "ENVBUILDER_EXIT_ON_PUSH_FAILURE"),
                flag(env, "ENVBUILDER_REMOTE_REPO_BUILD_MODE"),
                optional(env, "ENVBUILDER_CACHE_TTL_DAYS").map(Integer::valueOf),
                optional(env, "ENVBUILDER_GIT_HTTP_PROXY_URL"),
                dockerConfig == null || dockerConfig.isBlank()
                        ? DockerConfigCredentials.none()
                        : DockerConfigCredentials.parse(new String(
                                Base64.getDecoder().decode(dockerConfig.trim()), StandardCharsets.UTF_8)),
                optional(env, "ENVBUILDER_SSL_CERT_BASE64").map(b64 -> new String(
                        Base64.getDecoder().decode(b64.trim()), StandardCharsets.UTF_8)));
    }

    public Optional<RegistryCredential> cacheRegistryCredential() {
        return registryCredentials.forRegistry(cacheRepo.registry());
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new IllegalArgumentException(name + " is not set"));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
    }

    private static boolean flag(Map<String, String> env, String name) {
        return Boolean.parseBoolean(env.getOrDefault(name, "false").trim());
    }
}
