package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The Secrets that builds name (git credentials, registry credentials), each read through a watch on that one Secret
 * (a list and watch restricted to its name): a Secret that is missing, or wrong, and is then created or fixed
 * reconciles the builds that read it at once, instead of at their next poll, and reading it again costs no API call.
 *
 * <p>Bounded: at most {@code capacity} watches. A new name beyond that closes the watch read least recently if no
 * build has read it for {@code idleAfter}; otherwise the Secret is read with a GET, as without watches. Nothing but
 * the named Secrets is ever cached.
 */
public final class NamedSecretWatches extends AbstractEventSource<Secret, DevContainerBuild> {

    public static final String NAME = "named-secrets";

    private static final Logger LOG = Logger.getLogger(NamedSecretWatches.class);

    private final KubernetesClient client;
    private final int capacity;
    private final Duration idleAfter;
    private final Clock clock;
    private final Map<ResourceID, Watch> watches = new ConcurrentHashMap<>();

    public NamedSecretWatches(KubernetesClient client, int capacity, Duration idleAfter, Clock clock) {
        super(Secret.class, NAME);
        this.client = client;
        this.capacity = capacity;
        this.idleAfter = idleAfter;
        this.clock = clock;
    }

    /**
     * The Secret {@code name} of {@code namespace} as the API server has it, empty if it does not exist; the build
     * {@code reader} is reconciled when it changes.
     */
    public Optional<Secret> read(String namespace, String name, ResourceID reader) {
        ResourceID key = new ResourceID(name, namespace);
        Watch watch = watches.get(key);
        if (watch == null && isRunning() && makeRoom()) {
            watch = watches.computeIfAbsent(key, Watch::new);
        }
        if (watch != null) {
            Optional<Optional<Secret>> watched = watch.read(reader);
            if (watched.isPresent()) {
                return watched.get();
            }
        }
        return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
    }

    /** How many Secrets are watched now. */
    public int watched() {
        return watches.size();
    }

    @Override
    public Set<Secret> getSecondaryResources(DevContainerBuild build) {
        return Set.of(); // read through read(...), which knows the names
    }

    @Override
    public void stop() {
        watches.values().forEach(Watch::close);
        watches.clear();
        super.stop();
    }

    /** Whether a new watch may be opened, after closing the least recently read idle one if at capacity. */
    private boolean makeRoom() {
        if (watches.size() < capacity) {
            return true;
        }
        Instant idleSince = clock.instant().minus(idleAfter);
        Optional<Watch> idlest = watches.values().stream().min(Comparator.comparing(Watch::lastRead));
        if (idlest.isPresent() && idlest.get().lastRead().isBefore(idleSince)
                && watches.remove(idlest.get().key, idlest.get())) {
            idlest.get().close();
            return watches.size() < capacity;
        }
        return false;
    }

    /** The watch on one Secret, started when first read, and the builds that read it. */
    private final class Watch implements ResourceEventHandler<Secret> {

        private final ResourceID key;
        private final Set<ResourceID> readers = ConcurrentHashMap.newKeySet();
        private volatile Instant lastRead;
        private SharedIndexInformer<Secret> informer;
        private boolean failed;
        /** The version last handed to a reader: the watch's first event for it is no news. */
        private String servedVersion;

        Watch(ResourceID key) {
            this.key = key;
            this.lastRead = clock.instant();
        }

        Instant lastRead() {
            return lastRead;
        }

        /** What the watch holds; empty if it could not be started (read it with a GET then). */
        synchronized Optional<Optional<Secret>> read(ResourceID reader) {
            readers.add(reader);
            lastRead = clock.instant();
            if (informer == null && !failed) {
                try {
                    informer = client.secrets().inNamespace(key.getNamespace().orElseThrow()).withName(key.getName())
                            .inform(this, 0);
                } catch (KubernetesClientException e) {
                    failed = true; // e.g. no list/watch permission on Secrets: fall back to GET for this name
                    LOG.warnf("cannot watch the Secret %s/%s (reading it on each reconcile instead): %s",
                            key.getNamespace().orElse(""), key.getName(), e.getMessage());
                }
            }
            if (informer == null) {
                return Optional.empty();
            }
            Optional<Secret> secret = informer.getStore().list().stream().findFirst();
            servedVersion = secret.map(s -> s.getMetadata().getResourceVersion()).orElse(null);
            return Optional.of(secret);
        }

        synchronized void close() {
            if (informer != null) {
                informer.close();
            }
        }

        @Override
        public synchronized void onAdd(Secret secret) {
            if (!secret.getMetadata().getResourceVersion().equals(servedVersion)) {
                changed();
            }
        }

        @Override
        public void onUpdate(Secret old, Secret secret) {
            if (!old.getMetadata().getResourceVersion().equals(secret.getMetadata().getResourceVersion())) {
                changed();
            }
        }

        @Override
        public void onDelete(Secret secret, boolean finalStateUnknown) {
            changed();
        }

        private void changed() {
            if (isRunning()) {
                readers.forEach(reader -> getEventHandler().handleEvent(new Event(reader)));
            }
        }
    }
}
