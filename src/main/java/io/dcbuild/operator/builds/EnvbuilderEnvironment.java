package io.dcbuild.operator.builds;

import io.dcbuild.operator.runs.PodRole;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The Envbuilder environment of a probe or builder pod. Secret values only ever appear as secretKeyRef.
 */
final class EnvbuilderEnvironment {

    private final List<EnvVar> env = new ArrayList<>();

    static List<EnvVar> of(BuildSettings settings, BuildRun run, PodRole role, boolean plainHttpCache,
            DerivedObjects derived) {
        EnvbuilderEnvironment e = new EnvbuilderEnvironment();
        e.literal("ENVBUILDER_GIT_URL", settings.gitUrl() + "#" + run.gitRef());
        e.literal("ENVBUILDER_GIT_CLONE_DEPTH", "1");
        e.literal("ENVBUILDER_GIT_CLONE_SINGLE_BRANCH", "true");
        settings.gitCredentialsSecret().ifPresent(secret -> {
            e.fromSecret("ENVBUILDER_GIT_USERNAME", secret, BuildSecretsReader.USERNAME_KEY);
            e.fromSecret("ENVBUILDER_GIT_PASSWORD", secret, BuildSecretsReader.PASSWORD_KEY);
        });
        if (settings.devcontainerDir() != null) {
            e.literal("ENVBUILDER_DEVCONTAINER_DIR", settings.devcontainerDir());
        }
        if (settings.dockerfilePath() != null) {
            e.literal("ENVBUILDER_DOCKERFILE_PATH", settings.dockerfilePath());
        }
        e.literal("ENVBUILDER_CACHE_REPO", settings.cacheRepo());
        e.literal("ENVBUILDER_CACHE_TTL_DAYS", Integer.toString(settings.cacheTtlDays()));
        e.literal("ENVBUILDER_REMOTE_REPO_BUILD_MODE", "true");
        derived.registryConfigSecret().ifPresent(secret ->
                e.fromSecret("ENVBUILDER_DOCKER_CONFIG_BASE64", secret, RegistryConfigSecret.KEY));
        settings.proxy().proxy().ifPresent(proxy -> {
            e.proxy("HTTP_PROXY", proxy.getHttpProxy());
            e.proxy("HTTPS_PROXY", proxy.getHttpsProxy());
            e.proxy("NO_PROXY", proxy.getNoProxy());
            String gitProxy = proxy.getHttpsProxy() != null ? proxy.getHttpsProxy() : proxy.getHttpProxy();
            if (gitProxy != null) {
                e.literal("ENVBUILDER_GIT_HTTP_PROXY_URL", gitProxy);
            }
        });
        // The cluster's trusted bundle (OpenShift merges the system roots into it, some 200 KiB) is too large for one
        // environment variable (Linux: 128 KiB, beyond which the container cannot start); Envbuilder's git then
        // trusts Go's system roots, which SSL_CERT_FILE replaces with the same bundle.
        boolean clusterBundle = settings.proxy().fromCluster() && settings.policy().caBundle().isEmpty();
        derived.caBundleConfigMap().ifPresent(configMap -> {
            if (!clusterBundle) {
                e.env.add(new EnvVarBuilder().withName("ENVBUILDER_SSL_CERT_BASE64")
                        .withNewValueFrom().withNewConfigMapKeyRef().withName(configMap)
                        .withKey(CaBundleConfigMap.BASE64_KEY).withOptional(false).endConfigMapKeyRef()
                        .endValueFrom().build());
            }
            e.literal("SSL_CERT_FILE", CaBundleConfigMap.MOUNT_DIRECTORY + "/" + CaBundleConfigMap.PEM_KEY);
        });
        if (plainHttpCache) {
            e.literal("ENVBUILDER_INSECURE", "true");
        }
        if (role.asksCache()) {
            e.literal("ENVBUILDER_GET_CACHED_IMAGE", "true");
        } else {
            e.literal("ENVBUILDER_PUSH_IMAGE", "true");
            e.literal("ENVBUILDER_EXIT_ON_BUILD_FAILURE", "true");
            e.literal("ENVBUILDER_EXIT_ON_PUSH_FAILURE", "true");
            // The pod only builds: once the image is pushed, the workspace init exits at once.
            e.literal("ENVBUILDER_INIT_SCRIPT", "exit 0");
        }
        return List.copyOf(e.env);
    }

    private void literal(String name, String value) {
        env.add(new EnvVarBuilder().withName(name).withValue(value).build());
    }

    /** Proxy variables in upper and lower case: tools disagree on which they read. */
    private void proxy(String name, String value) {
        if (value != null && !value.isBlank()) {
            literal(name, value);
            literal(name.toLowerCase(java.util.Locale.ROOT), value);
        }
    }

    private void fromSecret(String name, String secret, String key) {
        env.add(new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key).withOptional(false)
                .endSecretKeyRef().endValueFrom()
                .build());
    }
}
