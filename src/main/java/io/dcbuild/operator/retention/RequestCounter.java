package io.dcbuild.operator.retention;

import io.dcbuild.operator.registry.RegistryRequestListener;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the registry requests of one repository's sweep. */
final class RequestCounter implements RegistryRequestListener {

    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void requestSending(String method, URI uri) {
        count.incrementAndGet();
    }

    int count() {
        return count.get();
    }
}
