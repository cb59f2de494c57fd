package io.dcbuild.operator.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a container's environment the way a kubelet does: literal {@code value}s, {@code $(VAR)} references to
 * earlier variables, and {@code valueFrom.secretKeyRef} / {@code configMapKeyRef} read from the API server
 * (Secret {@code data} base64-decoded). A missing non-optional Secret, ConfigMap or key is a
 * {@link ContainerConfigException}. {@code envFrom} and field/resource references are not simulated.
 *
 * <p>The API server folds a Secret's {@code stringData} into {@code data}; {@code stringData} is still read as a
 * fallback, for a Secret object handed over before it was stored.
 */
final class KubeletEnvResolver {

    private final KubernetesClient client;

    KubeletEnvResolver(KubernetesClient client) {
        this.client = client;
    }

    Map<String, String> resolve(String namespace, Container container) throws ContainerConfigException {
        Map<String, String> env = new LinkedHashMap<>();
        if (container.getEnv() == null) {
            return env;
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() == null) {
                env.put(variable.getName(), expand(variable.getValue() == null ? "" : variable.getValue(), env));
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                String value = secretValue(namespace, variable.getValueFrom().getSecretKeyRef());
                if (value != null) {
                    env.put(variable.getName(), value);
                }
            } else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                String value = configMapValue(namespace, variable.getValueFrom().getConfigMapKeyRef());
                if (value != null) {
                    env.put(variable.getName(), value);
                }
            }
        }
        return env;
    }

    private String secretValue(String namespace, SecretKeySelector ref) throws ContainerConfigException {
        boolean optional = Boolean.TRUE.equals(ref.getOptional());
        Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
        if (secret == null) {
            return missing(optional, "secret \"" + ref.getName() + "\" not found");
        }
        if (secret.getData() != null && secret.getData().containsKey(ref.getKey())) {
            return new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8);
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(ref.getKey())) {
            return secret.getStringData().get(ref.getKey());
        }
        return missing(optional, "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
    }

    private String configMapValue(String namespace, ConfigMapKeySelector ref) throws ContainerConfigException {
        boolean optional = Boolean.TRUE.equals(ref.getOptional());
        ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
        if (configMap == null) {
            return missing(optional, "configmap \"" + ref.getName() + "\" not found");
        }
        if (configMap.getData() != null && configMap.getData().containsKey(ref.getKey())) {
            return configMap.getData().get(ref.getKey());
        }
        return missing(optional,
                "couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
    }

    private static String missing(boolean optional, String message) throws ContainerConfigException {
        if (optional) {
            return null;
        }
        throw new ContainerConfigException(message);
    }

    /** Kubernetes' {@code $(VAR)} expansion of earlier variables; {@code $$} escapes a dollar. */
    private static String expand(String value, Map<String, String> earlier) {
        if (!value.contains("$")) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '(') {
                int close = value.indexOf(')', i + 2);
                String name = close < 0 ? null : value.substring(i + 2, close);
                if (name != null && earlier.containsKey(name)) {
                    out.append(earlier.get(name));
                    i = close + 1;
                } else {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
