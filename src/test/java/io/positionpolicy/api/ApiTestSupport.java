package io.positionpolicy.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;

/** Shared set-up for the HTTP tests: numbers read as doubles, requests built from the worked example. */
final class ApiTestSupport {
    private ApiTestSupport() {
    }

    static void numbersAsDoubles() {
        RestAssured.config = RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE));
    }

    /** A fresh, mutable copy of worked-example step {@code name}'s request. */
    static ObjectNode request(String name) {
        return WorkedExample.given(name).deepCopy();
    }

    static ObjectNode object(ObjectNode root, String field) {
        return (ObjectNode) root.get(field);
    }
}
