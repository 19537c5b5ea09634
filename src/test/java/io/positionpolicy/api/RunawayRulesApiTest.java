package io.positionpolicy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 over HTTP: every row of the issue's table sent to validate is refused (by the safety check, or by the
 * sandbox's budget), with file and line, never a 500; afterwards the service still answers evaluations.
 */
@QuarkusTest
class RunawayRulesApiTest {
    private static final String SPINS = io.positionpolicy.rules.RunawayRules.SPINS;

    @BeforeAll
    static void setUp() {
        ApiTestSupport.setUp();
    }

    static Stream<Arguments> theIssuesTable() {
        return Stream.of(
                Arguments.of("while (true) { }", "uses a while loop"),
                Arguments.of("for (;;) { $a.getEquity(); }", "for loop without a bound"),
                Arguments.of("long s = java.util.stream.IntStream.iterate(0, i -> i + 1).sum();", "infinite stream"),
                Arguments.of("java.lang.Thread.sleep(100000);", "calls sleep()"),
                Arguments.of("$a.wait(100000);", "calls wait()"),
                Arguments.of("long[] a = new long[Integer.MAX_VALUE - 8];", "allocates an array sized by"),
                Arguments.of("String s = \"x\".repeat(Integer.MAX_VALUE - 100);", "calls repeat() sized by"),
                Arguments.of("java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone(\"UTC\"));",
                        "setDefault()"),
                Arguments.of("java.util.Locale.setDefault(java.util.Locale.ROOT);", "setDefault()"),
                Arguments.of("java.lang.System.gc();", "gc()"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("theIssuesTable")
    void eachConsequenceOfTheTableIsRefusedByTheCheck(String consequence, String construct) {
        validate("hostile/Hostile.drl", """
                package hostile;
                import io.positionpolicy.model.facts.*;
                rule "Hostile"
                when
                    $a : Account()
                then
                    %s
                end
                """.formatted(consequence))
                .body("outcome", equalTo("rejected"))
                .body("problems.kind", everyItem(equalTo("safety")))
                .body("problems.file", everyItem(equalTo("hostile/Hostile.drl")))
                .body("problems.line", everyItem(equalTo(7)))
                .body("problems.message", hasItem(containsString(construct)));
        evaluationsStillAnswer();
    }

    @Test
    void unboundedRecursionInAFunctionIsRefusedByTheCheck() {
        validate("hostile/Recursion.drl", """
                package hostile;
                function int f(int n) {
                    return f(n + 1);
                }
                rule "R" when then f(0); end
                """)
                .body("outcome", equalTo("rejected"))
                .body("problems[0].kind", equalTo("safety"))
                .body("problems[0].line", equalTo(3))
                .body("problems[0].message", containsString("recursion"));
    }

    @Test
    void anInsertChainIsStoppedByTheFiringLimitAndNamesTheRule() {
        validate("hostile/Chain.drl", """
                package hostile;
                import io.positionpolicy.model.facts.*;
                rule "Starts a chain"
                when
                    Account()
                then
                    insert( new Note("x") );
                end
                rule "Grows every note"
                when
                    $n : Note( message != null, message.startsWith("x") )
                then
                    insert( new Note($n.message() + "x") );
                end
                """)
                .body("outcome", equalTo("rejected"))
                .body("problems[0].kind", equalTo("scenario"))
                .body("problems[0].file", startsWith("tests/"))
                .body("problems[0].line", greaterThan(0))
                .body("problems[0].message", containsString("Grows every note"))
                .body("problems[0].message", containsString("hostile/Chain.drl"));
        evaluationsStillAnswer();
    }

    @Test
    void recursionTheCheckCannotSeeIsAProblemNamingTheRuleNotA500() {
        validate("hostile/Lambda.drl", """
                package hostile;
                import io.positionpolicy.model.facts.*;
                rule "Recurses through a lambda"
                when
                    Account()
                then
                    java.util.function.IntUnaryOperator[] f = new java.util.function.IntUnaryOperator[1];
                    f[0] = n -> f[0].applyAsInt(n + 1);
                    f[0].applyAsInt(0);
                end
                """)
                .body("outcome", equalTo("rejected"))
                .body("problems[0].kind", equalTo("scenario"))
                .body("problems[0].message", containsString("StackOverflowError"))
                .body("problems[0].message", containsString("Recurses through a lambda"))
                .body("problems[0].message", containsString("hostile/Lambda.drl"));
        evaluationsStillAnswer();
    }

    @Test
    void aRuleThatSpinsPastTheCheckIsStoppedInTheSandboxAndNamesTheScenario() {
        validate("runaway/Spins.drl", SPINS)
                .body("outcome", equalTo("rejected"))
                .body("problems[0].kind", equalTo("limit"))
                .body("problems[0].file", startsWith("tests/"))
                .body("problems[0].line", greaterThan(0))
                .body("problems[0].message", containsString("did not finish within its time budget of 3 s"));
        evaluationsStillAnswer();

        ObjectNode impact = JsonNodeFactory.instance.objectNode();
        impact.putObject("files").put("runaway/Spins.drl", SPINS);
        given().contentType(ContentType.JSON).body(impact.toString())
                .when().post("/api/v1/rulesets/impact")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:position-policy:problem:rules-invalid"))
                .body("errors[0].field", startsWith("tests/"))
                .body("errors[0].reason", containsString("did not finish"));
    }

    private static io.restassured.response.ValidatableResponse validate(String path, String text) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("files").put(path, text);
        return given().contentType(ContentType.JSON).body(body.toString())
                .when().post("/api/v1/rulesets/validate")
                .then().statusCode(200);
    }

    private static void evaluationsStillAnswer() {
        given().contentType(ContentType.JSON).body(WorkedExample.step("1"))
                .when().post("/api/v1/evaluations")
                .then().statusCode(200).body("verdict", equalTo("APPROVE"));
    }
}
