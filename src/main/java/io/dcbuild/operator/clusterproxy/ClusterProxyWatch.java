package io.dcbuild.operator.clusterproxy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * The OpenShift cluster proxy as the API server has it: when the API server serves {@code config.openshift.io/v1}
 * {@code proxies} (asked once, by API discovery, when first needed), an informer on the one object {@code cluster}
 * (a list and watch with the field selector {@code metadata.name=cluster}, which RBAC's resourceNames can require);
 * elsewhere nothing is watched and no request about proxies is made.
 */
final class ClusterProxyWatch implements ResourceEventHandler<GenericKubernetesResource>, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterProxyWatch.class);

    private final KubernetesClient client;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Optional<ClusterProxy> current = Optional.empty();
    private boolean started;
    private SharedIndexInformer<GenericKubernetesResource> informer;

    ClusterProxyWatch(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The proxy the cluster states now; empty when it states none or the API does not exist.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when discovery or the informer's first list
     *         failed (asked again on the next call)
     */
    Optional<ClusterProxy> current() {
        start();
        return current;
    }

    /** Told after the cluster proxy changed. */
    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    synchronized void start() {
        if (started) {
            return;
        }
        if (!client.supports(ClusterProxy.API_VERSION, ClusterProxy.KIND)) {
            LOG.infof("the API server does not serve %s proxies (not OpenShift): no cluster proxy",
                    ClusterProxy.API_VERSION);
            started = true;
            return;
        }
        informer = client.genericKubernetesResources(ClusterProxy.API_VERSION, ClusterProxy.KIND)
                .withName(ClusterProxy.NAME).inform(this, 0);
        started = true;
        update(); // the informer's first list has been handled before inform returned; say what it found
    }

    @Override
    public void onAdd(GenericKubernetesResource proxy) {
        update();
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
        update();
    }

    @Override
    public void onDelete(GenericKubernetesResource proxy, boolean finalStateUnknown) {
        update();
    }

    private synchronized void update() {
        if (informer == null) {
            return; // inform() has not returned yet: start() calls this once it has
        }
        Optional<ClusterProxy> now = informer.getStore().list().stream()
                .filter(p -> ClusterProxy.NAME.equals(p.getMetadata().getName())).findFirst()
                .flatMap(ClusterProxy::of);
        if (Objects.equals(now, current)) {
            return;
        }
        current = now;
        if (now.isEmpty()) {
            LOG.infof("%s states no proxy: builds whose policies set none use no proxy", ClusterProxy.DESCRIPTION);
        } else if (!now.get().problems().isEmpty()) {
            LOG.warnf("%s cannot be used: %s; builds whose policies set no proxy are held until it is fixed",
                    ClusterProxy.DESCRIPTION, String.join("; ", now.get().problems()));
        } else {
            LOG.infof("%s: %s; used by builds whose policies set no proxy", ClusterProxy.DESCRIPTION, now.get());
        }
        listeners.forEach(Runnable::run);
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
            informer = null;
        }
        started = false;
    }
}
