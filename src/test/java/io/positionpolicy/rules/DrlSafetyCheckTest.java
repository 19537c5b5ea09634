package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Hostile rule files are rejected with file, line and construct; the shipped rules pass untouched. */
class DrlSafetyCheckTest {
    private final DrlSafetyCheck check = new DrlSafetyCheck();

    @Test
    void theShippedRulesAreSafe() {
        assertThat(check.check(RuleSources.readDrl(StandardRuleSet.RULES))).isEmpty();
    }

    static Stream<Arguments> hostileRules() {
        return Stream.of(
                hostile("exits the JVM", "System.exit(0);", 7, "uses System"),
                hostile("halts through Runtime", "Runtime.getRuntime().halt(1);", 7, "uses Runtime"),
                hostile("starts a process", "new ProcessBuilder(\"rm\", \"-rf\", \"/\").start();", 7,
                        "uses ProcessBuilder"),
                hostile("runs a command fully qualified", "java.lang.Runtime.getRuntime().exec(\"id\");", 7,
                        "calls exec()"),
                hostile("reads a file", "String s = new String(java.nio.file.Files.readAllBytes(null));", 7,
                        "package java.nio"),
                hostile("writes a file", "try { new java.io.FileWriter(\"/tmp/x\").close(); } catch (Exception e) {}",
                        7, "package java.io"),
                hostile("opens a socket", "try { new java.net.Socket(\"example.org\", 80); } catch (Exception e) {}",
                        7, "package java.net"),
                hostile("spawns a thread", "new Thread(() -> {}).start();", 7, "uses Thread"),
                hostile("uses an executor", "java.util.concurrent.Executors.newSingleThreadExecutor();", 7,
                        "java.util.concurrent"),
                hostile("loads a class by name", "try { Class.forName(\"x.Y\"); } catch (Exception e) {}", 7,
                        "uses Class"),
                hostile("reflects through getClass", "Object o = $a.getClass().getDeclaredMethods();", 7,
                        "calls getClass()"),
                hostile("takes a class loader", "Object l = Thread.currentThread().getContextClassLoader();", 7,
                        "calls getContextClassLoader()"),
                hostile("reaches a Quarkus bean", "io.quarkus.arc.Arc.container();", 7, "package io.quarkus"),
                hostile("reaches the engine", "kcontext.getKieRuntime().halt();", 7, "uses kcontext"),
                hostile("reaches the service's code", "io.positionpolicy.rules.RuleSetHolder h = null;", 7,
                        "may use only io.positionpolicy.model"),
                hostile("synchronises", "synchronized (this) { }", 7, "uses synchronized"),
                hostile("prints", "System.out.println(\"hello\");", 7, "uses System"),
                Arguments.of("imports java.io", """
                        package hostile;
                        import java.io.File;
                        rule "R" when then end
                        """, 2, "import java.io.File is not on the allow-list"),
                Arguments.of("declares a global", """
                        package hostile;
                        global java.lang.Object service;
                        rule "R" when then end
                        """, 2, "globals are not allowed"),
                Arguments.of("uses the mvel dialect", """
                        package hostile;
                        rule "R"
                            dialect "mvel"
                        when
                        then
                        end
                        """, 3, "only the java dialect"),
                Arguments.of("hides a call in a condition", """
                        package hostile;
                        import io.positionpolicy.model.facts.*;
                        rule "R"
                        when
                            Account( equity > java.lang.Runtime.getRuntime().availableProcessors() )
                        then
                        end
                        """, 5, "calls getRuntime()"),
                Arguments.of("hides a call in an eval", """
                        package hostile;
                        rule "R"
                        when
                            eval( System.getenv("HOME") != null )
                        then
                        end
                        """, 4, "uses System"),
                Arguments.of("does it in a function", """
                        package hostile;
                        function void boom() {
                            Runtime.getRuntime().exit(3);
                        }
                        rule "R" when then boom(); end
                        """, 3, "uses Runtime"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRules")
    void rejectsHostileRules(String name, String drl, int line, String construct) {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("hostile/Hostile.drl", drl);

        List<RuleProblem> problems = check.check(files);

        assertThat(problems).as(name).isNotEmpty();
        assertThat(problems).as(name).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo("safety");
            assertThat(p.file()).isEqualTo("hostile/Hostile.drl");
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains(construct);
        });
    }

    private static Arguments hostile(String name, String consequence, int line, String construct) {
        return Arguments.of(name, """
                package hostile;
                import io.positionpolicy.model.facts.*;
                rule "Hostile"
                when
                    $a : Account()
                then
                    %s
                end
                """.formatted(consequence), line, construct);
    }
}
