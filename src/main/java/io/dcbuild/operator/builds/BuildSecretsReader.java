package io.dcbuild.operator.builds;

import io.dcbuild.operator.policy.PolicyMaterial;
import io.dcbuild.operator.registry.DockerConfigJson;
import io.dcbuild.operator.source.GitCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the Secrets a build names and checks that they hold what Envbuilder needs. */
public class BuildSecretsReader {

    public static final String DOCKER_CONFIG_TYPE = "kubernetes.io/dockerconfigjson";
    public static final String DOCKER_CONFIG_KEY = ".dockerconfigjson";
    public static final String USERNAME_KEY = "username";
    public static final String PASSWORD_KEY = "password";

    private static final Pattern JSON_SECRET_FIELD = Pattern.compile(
            "\"(auth|password|identitytoken|registrytoken)\"\\s*:\\s*\"([^\"]+)\"");

    private final NamedSecretWatches secrets;

    public BuildSecretsReader(NamedSecretWatches secrets) {
        this.secrets = secrets;
    }

    /**
     * The build's Secrets; the policy's registry credentials when the build names none or the policy enforces. A
     * change of a Secret read here reconciles {@code build} again.
     */
    public BuildSecrets read(ResourceID build, BuildSettings settings, PolicyMaterial policy)
            throws BuildBlockedException {
        String namespace = build.getNamespace().orElseThrow();
        Set<String> values = new HashSet<>();
        Optional<GitCredentials> git = Optional.empty();
        if (settings.gitCredentialsSecret().isPresent()) {
            Secret secret = fetch(build, settings.gitCredentialsSecret().get(),
                    "spec.source.credentialsSecretRef");
            String username = decoded(secret, USERNAME_KEY);
            String password = decoded(secret, PASSWORD_KEY);
            if (password == null) {
                throw new BuildBlockedException("InvalidGitCredentialsSecret", "the Secret "
                        + settings.gitCredentialsSecret().get() + " named by spec.source.credentialsSecretRef has no '"
                        + PASSWORD_KEY + "' key (expected keys: username, password)");
            }
            git = Optional.of(new GitCredentials(username == null ? "git" : username, password));
            values.addAll(SecretForms.ofBasicAuth(git.get().username(), password));
        }
        Optional<String> dockerConfig = Optional.empty();
        if (policy.dockerConfigJson().isPresent()
                && (policy.enforceCredentials() || settings.registryCredentialsSecret().isEmpty())) {
            dockerConfig = policy.dockerConfigJson();
            values.addAll(secretStringsOf(dockerConfig.get()));
        } else if (settings.registryCredentialsSecret().isPresent()) {
            String name = settings.registryCredentialsSecret().get();
            Secret secret = fetch(build, name, "spec.registryCredentialsSecretRef");
            String json = decoded(secret, DOCKER_CONFIG_KEY);
            if (!DOCKER_CONFIG_TYPE.equals(secret.getType()) || json == null) {
                throw new BuildBlockedException("InvalidRegistryCredentialsSecret", "the Secret " + name
                        + " named by spec.registryCredentialsSecretRef must be of type " + DOCKER_CONFIG_TYPE
                        + " with the key " + DOCKER_CONFIG_KEY);
            }
            try {
                DockerConfigJson.parseCredentials(json);
            } catch (IllegalArgumentException e) {
                throw new BuildBlockedException("InvalidRegistryCredentialsSecret", "the Secret " + name
                        + " named by spec.registryCredentialsSecretRef is not a usable docker config: "
                        + e.getMessage());
            }
            dockerConfig = Optional.of(json);
            values.addAll(secretStringsOf(json));
        }
        return new BuildSecrets(git, dockerConfig, Set.copyOf(values));
    }

    private Secret fetch(ResourceID build, String name, String field) throws BuildBlockedException {
        String namespace = build.getNamespace().orElseThrow();
        return secrets.read(namespace, name, build).orElseThrow(() -> new BuildBlockedException("SecretNotFound",
                "the Secret " + name + " named by " + field + " does not exist in namespace " + namespace));
    }

    private static String decoded(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        if (secret.getStringData() != null) {
            return secret.getStringData().get(key);
        }
        return null;
    }

    /**
     * The credential strings of a docker config and the user:password pairs inside base64 auth fields, in every form
     * ({@link SecretForms}).
     */
    static Set<String> secretStringsOf(String dockerConfigJson) {
        Set<String> found = new HashSet<>();
        Matcher matcher = JSON_SECRET_FIELD.matcher(dockerConfigJson);
        while (matcher.find()) {
            String value = matcher.group(2);
            found.add(value);
            if (matcher.group(1).equals("auth")) {
                try {
                    String pair = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                    found.add(pair);
                    int colon = pair.indexOf(':');
                    if (colon >= 0 && colon < pair.length() - 1) {
                        found.add(pair.substring(colon + 1));
                    }
                } catch (IllegalArgumentException notBase64) {
                    // not base64: the raw value is redacted already
                }
            }
        }
        Set<String> forms = new HashSet<>();
        found.forEach(value -> forms.addAll(SecretForms.of(value)));
        forms.add(Base64.getEncoder().encodeToString(dockerConfigJson.getBytes(StandardCharsets.UTF_8)));
        return forms;
    }
}
