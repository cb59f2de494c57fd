package io.dcbuild.operator.cli;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.NamespacedKeyReference;
import io.dcbuild.operator.api.v1alpha1.PolicyRegistryCredentials;
import io.dcbuild.operator.api.v1alpha1.ProxySpec;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.policy.EffectivePolicy;
import java.net.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where this run reaches the repository differently from the operator (credentials, CA), and which policy supplies
 * the proxy, CA and registry credentials that builder pods get. Names objects, never their values.
 */
final class PreflightNotes {

    private PreflightNotes() {
    }

    static List<String> about(DevContainerBuildSpec spec, List<DevContainerBuildPolicy> governing,
            EffectivePolicy policy, PreflightInputs inputs) {
        List<String> notes = new ArrayList<>();
        policy.proxy().ifPresent(proxy -> {
            String owner = supplier(governing, DevContainerBuildPolicySpec::getProxy);
            boolean direct = EgressSettings.of(Optional.of(proxy), Optional.empty())
                    .proxyFor(URI.create(spec.getSource().getUrl())) == Proxy.NO_PROXY;
            notes.add("policy " + owner + " sets the proxy " + describe(proxy) + "; "
                    + (direct ? "its noProxy names the git host, so git traffic goes direct"
                            : "git traffic goes through it")
                    + ", as the operator's does");
        });
        Optional<NamespacedKeyReference> ca = policy.caBundle();
        if (ca.isPresent() && inputs.caBundlePem().isEmpty()) {
            notes.add("policy " + supplier(governing, DevContainerBuildPolicySpec::getCaBundle)
                    + " trusts the CA bundle " + describe(ca.get(), "ConfigMap", "ca.crt")
                    + " for git; without --ca-file this run trusts only the JVM's roots");
        } else if (ca.isEmpty() && inputs.caBundlePem().isPresent()) {
            notes.add("--ca-file is trusted for git here, but no governing policy names a CA bundle: "
                    + "the operator would not trust it");
        }
        String credentialsSecret = spec.getSource().getCredentialsSecretRef() == null ? null
                : spec.getSource().getCredentialsSecretRef().getName();
        if (credentialsSecret != null && inputs.gitCredentials().isEmpty()) {
            notes.add("the operator reads the repository with the Secret " + credentialsSecret
                    + "; this run reads it anonymously (give --git-password-file for a private repository)");
        } else if (credentialsSecret == null && inputs.gitCredentials().isPresent()) {
            notes.add("the build names no spec.source.credentialsSecretRef: the operator would read the repository "
                    + "anonymously, this run uses the given credentials");
        }
        Optional<PolicyRegistryCredentials> registry = policy.registryCredentials();
        boolean ownRegistrySecret = spec.getRegistryCredentialsSecretRef() != null;
        if (registry.isPresent() && (!ownRegistrySecret || Boolean.TRUE.equals(registry.get().getEnforce()))) {
            notes.add("builder pods get the registry credentials of policy "
                    + supplier(governing, DevContainerBuildPolicySpec::getRegistryCredentials) + " ("
                    + describe(registry.get().getSecretRef(), "Secret", ".dockerconfigjson")
                    + ") through a derived Secret"
                    + (ownRegistrySecret ? ", not the build's own: the policy enforces its credentials" : ""));
        } else if (ownRegistrySecret) {
            notes.add("builder pods get the registry credentials of the build's Secret "
                    + spec.getRegistryCredentialsSecretRef().getName() + " through a derived Secret");
        }
        return notes;
    }

    /** The strongest governing policy that sets a value: the one the value comes from. */
    private static String supplier(List<DevContainerBuildPolicy> governing,
            Function<DevContainerBuildPolicySpec, Object> field) {
        return governing.stream().filter(p -> field.apply(p.getSpec()) != null)
                .map(p -> p.getMetadata().getName()).findFirst().orElse("?");
    }

    private static String describe(ProxySpec proxy) {
        List<String> parts = new ArrayList<>();
        if (proxy.getHttpsProxy() != null) {
            parts.add("httpsProxy " + UrlUserInfoRedaction.redact(proxy.getHttpsProxy()));
        }
        if (proxy.getHttpProxy() != null) {
            parts.add("httpProxy " + UrlUserInfoRedaction.redact(proxy.getHttpProxy()));
        }
        if (proxy.getNoProxy() != null) {
            parts.add("noProxy " + proxy.getNoProxy());
        }
        return "(" + String.join(", ", parts) + ")";
    }

    private static String describe(NamespacedKeyReference ref, String defaultKind, String defaultKey) {
        String kind = Objects.requireNonNullElse(ref.getKind(), defaultKind);
        String key = Objects.requireNonNullElse(ref.getKey(), defaultKey);
        return kind + " " + ref.getNamespace() + "/" + ref.getName() + " key " + key;
    }
}
