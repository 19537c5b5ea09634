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
        if (users.remembers(name, password)) {
            return Uni.createFrom().item(identity(users, name, password));
        }
        return context.runBlocking(() -> identity(users, name, password));
    }

    private static SecurityIdentity identity(UserDirectory users, String name, String password) {
        UsersFile.User user = users.authenticate(name, password)
                .orElseThrow(() -> new AuthenticationFailedException("wrong user name or password"));
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.name()))
                .addRoles(user.roles())
                .build();
    }
}
