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
        int index = java.util.List.of("1", "2", "3", "3b", "3c", "4", "5", "6", "7").indexOf(name);
        return WorkedExample.given(index).deepCopy();
    }

    static ObjectNode object(ObjectNode root, String field) {
        return (ObjectNode) root.get(field);
    }
}
