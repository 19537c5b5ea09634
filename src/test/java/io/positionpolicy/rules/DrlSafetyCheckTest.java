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
                // issue 14: rule code that never finishes or exhausts the service
                hostile("spins in while (true)", "while (true) { }", 7, "uses a while loop"),
                hostile("spins in for (;;)", "for (;;) { $a.getEquity(); }", 7, "for loop without a bound"),
                hostile("spins in do-while", "do { } while ($a != null);", 7, "uses a do-while loop"),
                hostile("counts to a bound it moves", "for (int i = 0; i < 10; i++) { i--; }", 7,
                        "for loop without a bound"),
                hostile("counts to a bound it cannot see", "for (int i = 0; i < Integer.MAX_VALUE; i++) { }", 7,
                        "for loop without a bound"),
                hostile("counts too far", "for (int i = 0; i < 1000000000; i++) { }", 7,
                        "for loop of 1000000000 iterations"),
                hostile("nests counted loops too deep",
                        "for (int i = 0; i < 1000; i++) { for (int j = 0; j < 1000; j++) { } }", 7,
                        "nested counted loops"),
                hostile("sums an infinite stream", "long s = java.util.stream.IntStream.iterate(0, i -> i + 1).sum();",
                        7, "calls iterate(): an infinite stream"),
                hostile("generates an infinite stream", "java.util.stream.Stream.generate(() -> 1).count();", 7,
                        "calls generate(): an infinite stream"),
                hostile("draws random numbers forever", "new java.util.Random().ints().sum();", 7,
                        "calls ints() without a size"),
                hostile("sleeps fully qualified", "java.lang.Thread.sleep(100000);", 7, "calls sleep()"),
                hostile("names Thread fully qualified", "java.lang.Thread.sleep(100000);", 7, "uses java.lang.Thread"),
                hostile("waits on a fact", "$a.wait(100000);", 7, "calls wait()"),
                hostile("parks", "java.util.concurrent.locks.LockSupport.parkNanos(1000000000L);", 7,
                        "calls parkNanos()"),
                hostile("allocates a huge array", "long[] a = new long[Integer.MAX_VALUE - 8];", 7,
                        "allocates an array sized by"),
                hostile("allocates an array sized by input", "double[] a = new double[(int) $a.getEquity()];", 7,
                        "allocates an array sized by"),
                hostile("repeats a string without end", "String s = \"x\".repeat(Integer.MAX_VALUE - 100);", 7,
                        "calls repeat() sized by"),
                hostile("copies a list many times",
                        "java.util.List l = java.util.Collections.nCopies(2000000000, \"x\");", 7,
                        "calls nCopies() sized by"),
                hostile("builds a huge StringBuilder", "new StringBuilder(Integer.MAX_VALUE - 8);", 7,
                        "creates a StringBuilder sized by"),
                hostile("formats a huge field", "String s = String.format(\"%2000000000d\", 1);", 7,
                        "width 2000000000"),
                hostile("sets the JVM's time zone", "java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone(\"UTC\"));",
                        7, "calls java.util.TimeZone.setDefault()"),
                hostile("sets the JVM's locale", "java.util.Locale.setDefault(java.util.Locale.ROOT);", 7,
                        "calls java.util.Locale.setDefault()"),
                hostile("runs the GC fully qualified", "java.lang.System.gc();", 7, "calls java.lang.System.gc()"),
                hostile("names System fully qualified", "java.lang.System.gc();", 7, "uses java.lang.System"),
                hostile("names Runtime fully qualified", "Object v = java.lang.Runtime.version();", 7,
                        "uses java.lang.Runtime"),
                hostile("refers to gc", "Runnable r = java.lang.System::gc;", 7, "refers to gc()"),
                hostile("refers to wait", "Runnable r = $a::wait;", 7, "refers to wait()"),
                Arguments.of("recurses in a function", """
                        package hostile;
                        function int f(int n) {
                            return f(n + 1);
                        }
                        rule "R" when then f(0); end
                        """, 3, "function f calls f (itself): recursion"),
                Arguments.of("recurses through two functions in two files", """
                        package hostile;
                        function int ping(int n) {
                            int m = n + 1;
                            return pong(m);
                        }
                        rule "R" when then ping(0); end
                        """, 4, "recursion among functions (ping → pong → ping)"),
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
        files.put("hostile/Pong.drl", """
                package hostile;
                function int pong(int n) {
                    return n > 100 ? n : ping(n);
                }
                """);

        List<RuleProblem> problems = check.check(files);

        assertThat(problems).as(name).isNotEmpty();
        assertThat(problems).as(name).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo("safety");
            assertThat(p.file()).isEqualTo("hostile/Hostile.drl");
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains(construct);
        });
    }

    @Test
    void boundedCodeIsAllowed() {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("fine/Fine.drl", """
                package fine;
                import io.positionpolicy.model.facts.*;
                function double twice(double x) {
                    return half(x) * 4;
                }
                function double half(double x) {
                    return x / 2;
                }
                rule "Bounded"
                when
                    $a : Account()
                then
                    double sum = 0;
                    for (int i = 0; i < 10; i++) { sum += i; }
                    for (int i = 20; i >= 0; i -= 2) { sum -= i; }
                    for (String s : java.util.List.of("a", "b")) { sum += s.length(); }
                    double[] steps = new double[3];
                    String line = "-".repeat(20) + String.join(",", "a", "b") + String.format("%.2f", sum);
                    long n = java.util.stream.IntStream.range(0, 100).sum() + java.util.stream.Stream.of(1, 2).count();
                    insert( new Note(line + twice(sum) + steps.length + n + Math.pow(2, 3)) );
                end
                """);

        assertThat(check.check(files)).isEmpty();
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
