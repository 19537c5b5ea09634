package io.positionpolicy.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.positionpolicy.TestUsers;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;

/** Shared set-up for the HTTP tests: numbers read as doubles, signed in, requests built from the worked example. */
final class ApiTestSupport {
    private ApiTestSupport() {
    }

    /**
     * Numbers read as doubles, and every request signed in as the admin unless it says otherwise: these tests are about
     * what the endpoints do; who may call them is {@code AccessMatrixTest}'s subject.
     */
    static void setUp() {
        RestAssured.config = RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE));
        RestAssured.authentication = RestAssured.preemptive().basic(TestUsers.ADMIN.user, TestUsers.ADMIN.password);
    }

    /** A fresh, mutable copy of worked-example step {@code name}'s request. */
    static ObjectNode request(String name) {
        return WorkedExample.given(name).deepCopy();
    }

    static ObjectNode object(ObjectNode root, String field) {
        return (ObjectNode) root.get(field);
    }
}
