package io.positionpolicy.security;

import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Bearer tokens as the test identity provider would issue them (key pair in src/test/resources/test-jwt). */
final class Tokens {
    static final String ISSUER = "https://idp.test.example";

    private Tokens() {
    }

    static String signed(String user, String... roles) {
        return Jwt.issuer(ISSUER).upn(user).groups(java.util.Set.of(roles)).expiresIn(300).sign();
    }

    /** A token with {@code alg: none}: claims anyone could write. */
    static String unsigned(String role) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"upn\":\"forger\",\"groups\":[\"" + role
                + "\"],\"exp\":" + (System.currentTimeMillis() / 1000 + 300) + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }
}
