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
        proxy(spec, governing, policy).ifPresent(notes::add);
        caBundle(governing, policy, inputs).ifPresent(notes::add);
        gitCredentials(spec, inputs).ifPresent(notes::add);
        registryCredentials(spec, governing, policy).ifPresent(notes::add);
        return notes;
    }

    private static Optional<String> proxy(DevContainerBuildSpec spec, List<DevContainerBuildPolicy> governing,
            EffectivePolicy policy) {
        return policy.proxy().map(proxy -> {
            boolean direct = EgressSettings.of(Optional.of(proxy), Optional.empty())
                    .proxyFor(URI.create(spec.getSource().getUrl())) == Proxy.NO_PROXY;
            return "policy " + supplier(governing, DevContainerBuildPolicySpec::getProxy) + " sets the proxy "
                    + describe(proxy) + "; " + (direct ? "its noProxy names the git host, so git traffic goes direct"
                            : "git traffic goes through it")
                    + ", as the operator's does";
        });
    }

    private static Optional<String> caBundle(List<DevContainerBuildPolicy> governing, EffectivePolicy policy,
            PreflightInputs inputs) {
        Optional<NamespacedKeyReference> ca = policy.caBundle();
        if (ca.isPresent() && inputs.caBundlePem().isEmpty()) {
            return Optional.of("policy " + supplier(governing, DevContainerBuildPolicySpec::getCaBundle)
                    + " trusts the CA bundle " + describe(ca.get(), "ConfigMap", "ca.crt")
                    + " for git; without --ca-file this run trusts only the JVM's roots");
        }
        if (ca.isEmpty() && inputs.caBundlePem().isPresent()) {
            return Optional.of("--ca-file is trusted for git here, but no governing policy names a CA bundle: "
                    + "the operator would not trust it");
        }
        return Optional.empty();
    }

    private static Optional<String> gitCredentials(DevContainerBuildSpec spec, PreflightInputs inputs) {
        String secret = spec.getSource().getCredentialsSecretRef() == null ? null
                : spec.getSource().getCredentialsSecretRef().getName();
        if (secret != null && inputs.gitCredentials().isEmpty()) {
            return Optional.of("the operator reads the repository with the Secret " + secret
                    + "; this run reads it anonymously (give --git-password-file for a private repository)");
        }
        if (secret == null && inputs.gitCredentials().isPresent()) {
            return Optional.of("the build names no spec.source.credentialsSecretRef: the operator would read the "
                    + "repository anonymously, this run uses the given credentials");
        }
        return Optional.empty();
    }

    /** Which Secret the derived registry config Secret is made from, as BuildSecretsReader chooses it. */
    private static Optional<String> registryCredentials(DevContainerBuildSpec spec,
            List<DevContainerBuildPolicy> governing, EffectivePolicy policy) {
        Optional<PolicyRegistryCredentials> fromPolicy = policy.registryCredentials();
        boolean ownSecret = spec.getRegistryCredentialsSecretRef() != null;
        if (fromPolicy.isPresent() && (!ownSecret || Boolean.TRUE.equals(fromPolicy.get().getEnforce()))) {
            return Optional.of("builder pods get the registry credentials of policy "
                    + supplier(governing, DevContainerBuildPolicySpec::getRegistryCredentials) + " ("
                    + describe(fromPolicy.get().getSecretRef(), "Secret", ".dockerconfigjson")
                    + ") through a derived Secret"
                    + (ownSecret ? ", not the build's own: the policy enforces its credentials" : ""));
        }
        if (ownSecret) {
            return Optional.of("builder pods get the registry credentials of the build's Secret "
                    + spec.getRegistryCredentialsSecretRef().getName() + " through a derived Secret");
        }
        return Optional.empty();
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
