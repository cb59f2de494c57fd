package io.dcbuild.operator.admission;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Puts the self-signed CA bundle into {@code clientConfig.caBundle} of every webhook of the operator's
 * ValidatingWebhookConfiguration (get, then a JSON patch of only those fields, only when one differs), as
 * cert-manager's CA injector does in the other mode. A configuration that is not there (not installed yet, or an
 * operator run outside the chart) is no error: it is looked at again at the next check.
 */
public final class CaBundleInjection {

    private static final Logger LOG = Logger.getLogger(CaBundleInjection.class);

    private final KubernetesClient client;
    private final String configurationName;
    private volatile boolean missingReported;

    public CaBundleInjection(KubernetesClient client, String configurationName) {
        this.client = client;
        this.configurationName = configurationName;
    }

    /** Patches the bundle in where it differs; true when the configuration now carries it in every webhook. */
    public boolean inject(String caBundlePem) {
        String bundle = Base64.getEncoder().encodeToString(caBundlePem.getBytes(StandardCharsets.US_ASCII));
        var resource = client.admissionRegistration().v1().validatingWebhookConfigurations()
                .withName(configurationName);
        ValidatingWebhookConfiguration configuration = resource.get();
        if (configuration == null) {
            if (!missingReported) {
                LOG.infof("no ValidatingWebhookConfiguration %s: nothing to put the webhook's CA into (it is looked "
                        + "for again at each certificate check)", configurationName);
                missingReported = true;
            }
            return false;
        }
        missingReported = false;
        List<ValidatingWebhook> webhooks = configuration.getWebhooks() == null ? List.of()
                : configuration.getWebhooks();
        List<Map<String, Object>> patch = new ArrayList<>();
        for (int i = 0; i < webhooks.size(); i++) {
            ValidatingWebhook webhook = webhooks.get(i);
            String current = webhook.getClientConfig() == null ? null : webhook.getClientConfig().getCaBundle();
            if (!bundle.equals(current)) {
                // test first: a webhook list changed since the get makes the patch fail rather than hit another one
                patch.add(Map.of("op", "test", "path", "/webhooks/" + i + "/name", "value", webhook.getName()));
                patch.add(Map.of("op", "add", "path", "/webhooks/" + i + "/clientConfig/caBundle", "value", bundle));
            }
        }
        if (patch.isEmpty()) {
            return true;
        }
        resource.patch(PatchContext.of(PatchType.JSON), client.getKubernetesSerialization().asJson(patch));
        LOG.infof("put the webhook's CA bundle into %d webhook(s) of ValidatingWebhookConfiguration %s",
                patch.size() / 2, configurationName);
        return true;
    }
}
