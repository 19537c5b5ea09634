package io.positionpolicy.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/**
 * The API as the OpenAPI document describes it: every operation takes either sign-in the service accepts, HTTP Basic
 * against the users file or a bearer JWT from the identity provider, so a generated client can send either.
 */
@OpenAPIDefinition(info = @Info(title = "position-policy", version = "1"),
        security = {@SecurityRequirement(name = PolicyApi.BASIC), @SecurityRequirement(name = PolicyApi.BEARER)})
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = PolicyApi.BASIC, type = SecuritySchemeType.HTTP, scheme = "basic",
                description = "HTTP Basic with a user of the service's users file (data/users)"),
        @SecurityScheme(securitySchemeName = PolicyApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
                bearerFormat = "JWT", description = "A JWT from the identity provider (mp.jwt.verify.*); roles in "
                        + "the claim named by smallrye.jwt.path.groups")})
public class PolicyApi extends Application {
    public static final String BASIC = "basicAuth";
    public static final String BEARER = "bearerJwt";
}
