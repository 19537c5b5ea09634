package io.positionpolicy.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** HTTP Basic authentication against the users file. A remembered credential is answered on the I/O thread. */
@ApplicationScoped
public class UsersFileIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
    private final SecurityBootstrap bootstrap;

    public UsersFileIdentityProvider(SecurityBootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        UserDirectory users = bootstrap.users();
        String name = request.getUsername();
        String password = new String(request.getPassword().getPassword());
        Optional<UsersFile.User> known = users.remembered(name, password);
        if (known.isPresent()) {
            return Uni.createFrom().item(identity(known.get()));
        }
        return context.runBlocking(() -> identity(users.authenticate(name, password)
                .orElseThrow(() -> new AuthenticationFailedException("wrong user name or password"))));
    }

    private static SecurityIdentity identity(UsersFile.User user) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.name()))
                .addRoles(user.roles())
                .build();
    }
}
