package io.dcbuild.operator.testing.controlplane;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The namespaces one test class works in on the shared {@link ControlPlane}: named {@code <prefix>-<n>}, and deleted
 * with everything in them when the class is done ({@link #close()}), so that its builds do not go on being
 * reconciled against servers the class has stopped.
 */
public final class TestNamespaces implements AutoCloseable {

    private final KubernetesClient admin;
    private final AtomicInteger counter = new AtomicInteger();
    private final List<String> created = new CopyOnWriteArrayList<>();

    public TestNamespaces(KubernetesClient admin) {
        this.admin = admin;
    }

    /** A new namespace {@code <prefix>-<n>}. */
    public String create(String prefix) {
        return create(prefix + "-" + counter.incrementAndGet(), Map.of());
    }

    /** A namespace of this exact name with these labels. */
    public String create(String name, Map<String, String> labels) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
        created.add(name);
        return name;
    }

    /** Deletes the namespaces created here; the namespace controller removes what they hold. */
    @Override
    public void close() {
        for (String name : created) {
            admin.namespaces().withName(name).delete();
        }
        created.clear();
    }
}
