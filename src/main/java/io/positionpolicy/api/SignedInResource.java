package io.positionpolicy.api;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Who the caller is: the console shows each page and button only to the roles that may use it. */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class SignedInResource {
    private final SecurityIdentity caller;

    public SignedInResource(SecurityIdentity caller) {
        this.caller = caller;
    }

    public record Caller(String name, List<String> roles) {
    }

    @GET
    @Operation(summary = "The signed-in caller's name and roles")
    public Caller me() {
        return new Caller(caller.getPrincipal().getName(), caller.getRoles().stream().sorted().toList());
    }
}
