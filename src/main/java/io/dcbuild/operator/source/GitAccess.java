package io.dcbuild.operator.source;

import io.dcbuild.operator.egress.EgressGitConnections;
import io.dcbuild.operator.egress.EgressSettings;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** How the operator reaches a build's git server: its credentials, and the policy's proxy and CA. */
public record GitAccess(Optional<GitCredentials> credentials, EgressSettings egress) {

    public static GitAccess of(Optional<GitCredentials> credentials) {
        return new GitAccess(credentials, EgressSettings.direct());
    }

    /** Sets credentials and connections on the transports a JGit command opens. */
    public <C extends TransportCommand<C, ?>> C applyTo(C command) {
        return command.setTransportConfigCallback(this::applyTo);
    }

    /**
     * As {@link #applyTo(TransportCommand)}, and every response body the command's transports read goes through
     * {@code responseBodies}.
     */
    public <C extends TransportCommand<C, ?>> C applyTo(C command, UnaryOperator<InputStream> responseBodies) {
        return command.setTransportConfigCallback(transportConfig(responseBodies));
    }

    /**
     * Credentials and connections for transports, every response body read through {@code responseBodies}: for a
     * caller that sets more on each transport (a fetch filter) or opens transports itself.
     */
    public TransportConfigCallback transportConfig(UnaryOperator<InputStream> responseBodies) {
        // one connection factory (proxy, trusted CA) for every transport of the command, set once on each
        TransportConfigCallback connections = EgressGitConnections.transportConfig(egress, responseBodies);
        return transport -> {
            setCredentials(transport);
            connections.configure(transport);
        };
    }

    /** Sets credentials and connections on a JGit transport opened directly. */
    public Transport applyTo(Transport transport) {
        setCredentials(transport);
        if (!egress.equals(EgressSettings.direct())) {
            EgressGitConnections.transportConfig(egress).configure(transport);
        }
        return transport;
    }

    private void setCredentials(Transport transport) {
        credentials.ifPresent(c -> transport.setCredentialsProvider(
                new UsernamePasswordCredentialsProvider(c.username(), c.password())));
    }

    @Override
    public String toString() {
        return "GitAccess[credentials=" + credentials.isPresent() + ", egress=" + egress + "]";
    }
}
