package io.dcbuild.operator.clusterproxy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A change of the cluster proxy reconciles every primary resource (builds): those held by a cluster proxy that could
 * not be used go on once it is fixed, and the others see the new proxy (a new run takes it; see the README).
 */
public final class ClusterProxyEvents<P extends HasMetadata> extends AbstractEventSource<GenericKubernetesResource, P> {

    public static final String NAME = "cluster-proxy";
    private static final Logger LOG = Logger.getLogger(ClusterProxyEvents.class);

    private final ClusterProxySource source;
    private final Supplier<Stream<ResourceID>> primaries;

    public ClusterProxyEvents(ClusterProxySource source, Supplier<Stream<ResourceID>> primaries) {
        super(GenericKubernetesResource.class, NAME);
        this.source = source;
        this.primaries = primaries;
        source.onChange(this::changed);
    }

    @Override
    public void start() {
        try {
            source.start();
        } catch (RuntimeException e) {
            // asked again by the first build that needs it: an API server that does not answer now stops nothing
            LOG.warnf("cannot ask the API server for the cluster proxy yet: %s", e.getMessage());
        }
        super.start();
    }

    @Override
    public Set<GenericKubernetesResource> getSecondaryResources(P primary) {
        return Set.of();
    }

    private void changed() {
        if (isRunning()) {
            primaries.get().forEach(id -> getEventHandler().handleEvent(new Event(id)));
        }
    }
}
