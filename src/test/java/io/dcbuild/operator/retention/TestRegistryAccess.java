package io.dcbuild.operator.retention;

import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.dcbuild.operator.registry.RegistryCredentials;
import io.dcbuild.operator.registry.RegistryRequestListener;
import io.dcbuild.operator.testing.LocalRegistry;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;

/**
 * {@link RegistryAccess} to a {@link LocalRegistry} over plain http, optionally with credentials, and with an
 * extra listener that sees every request after the sweep's own counter: the hook tests use to count requests by
 * method or to stop the registry in the middle of a run.
 */
final class TestRegistryAccess implements RegistryAccess {

    private static final HttpClient HTTP = DistributionClient.newHttpClient();

    private final ConfiguredRegistryAccess access;
    private final RegistryRequestListener hook;

    private TestRegistryAccess(ConfiguredRegistryAccess access, RegistryRequestListener hook) {
        this.access = access;
        this.hook = hook;
    }

    static TestRegistryAccess anonymous() {
        return withCredentials(null);
    }

    static TestRegistryAccess withCredentials(String username, String password) {
        return withCredentials(new RegistryCredentials(username, password));
    }

    private static TestRegistryAccess withCredentials(RegistryCredentials credentials) {
        return new TestRegistryAccess(new ConfiguredRegistryAccess(HTTP,
                new PlainHttpRegistries(List.of("127.0.0.1")), host -> Optional.ofNullable(credentials)),
                RegistryRequestListener.NONE);
    }

    /** The same access, with {@code newHook} seeing every request of the clients it makes. */
    TestRegistryAccess withHook(RegistryRequestListener newHook) {
        return new TestRegistryAccess(access, newHook);
    }

    @Override
    public DistributionClient client(String registryHost, RegistryRequestListener listener) {
        return access.client(registryHost, (method, uri) -> {
            listener.requestSending(method, uri);
            hook.requestSending(method, uri);
        });
    }

    /** A client of its own, for the test's checks, that the sweep's hook does not see. */
    DistributionClient checker(LocalRegistry registry) {
        return access.client(registry.hostPort(), RegistryRequestListener.NONE);
    }
}
