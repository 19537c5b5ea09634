package io.positionpolicy.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.EntryPointDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * Rule text is code: this check keeps a rule set from reading files, opening sockets, starting processes or threads,
 * exiting the JVM, using reflection or class loaders, or reaching the service's own beans. It parses each DRL file
 * with Drools' parser, allows only listed imports and the Java dialect, and parses every consequence, function and
 * condition with the JDK's Java parser to see what it names and calls. It also keeps rule code finite and small
 * ({@link BoundedCode}: no unbounded loops, infinite streams, sleeping, big allocations, JVM-wide setters) and
 * refuses recursion among DRL functions. It fails closed: code it cannot parse is rejected.
 */
public final class DrlSafetyCheck {
    public static final String KIND = "safety";

    private static final List<String> ALLOWED_IMPORTS = List.of("io.positionpolicy.model.", "java.util.",
            "java.math.", "java.time.", "java.text.", "java.lang.Math", "java.lang.StrictMath", "java.lang.String",
            "java.lang.Double", "java.lang.Integer", "java.lang.Long", "java.lang.Boolean");
    private static final List<String> DENIED_IMPORTS = List.of("java.util.concurrent", "java.util.logging",
            "java.util.jar", "java.util.zip", "java.util.prefs", "java.util.spi", "java.util.ServiceLoader",
            "java.util.Timer");

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();

    /** Every unsafe construct of every file, with its file and line. */
    public List<RuleProblem> check(SortedMap<String, String> drlFiles) {
        List<RuleProblem> problems = new ArrayList<>();
        List<JavaSnippets.FunctionCall> calls = new ArrayList<>();
        drlFiles.forEach((file, text) -> {
            if (!DecisionTables.isTable(file)) {
                problems.addAll(checkFile(file, text, calls));
                return;
            }
            try { // a decision table is checked as the DRL it generates, its problems told by sheet, row and column
                String drl = DecisionTables.toDrl(file, text);
                checkFile(file, drl, calls).forEach(p -> problems.add(DecisionTables.locate(file, text, drl, p)));
            } catch (RuleCompilationException e) {
                // the compiler reports a table it cannot read, with its sheet and cell
            }
        });
        problems.addAll(recursion(calls));
        return problems;
    }

    /**
     * Every call between DRL functions that closes a cycle (a function calling itself, or one that calls back the
     * function that called it, across files too): recursion has no bound the check can see.
     */
    static List<RuleProblem> recursion(List<JavaSnippets.FunctionCall> calls) {
        Set<String> functions = calls.stream().map(JavaSnippets.FunctionCall::caller).collect(Collectors.toSet());
        Map<String, Set<String>> graph = new HashMap<>();
        calls.stream().filter(c -> functions.contains(c.callee()))
                .forEach(c -> graph.computeIfAbsent(c.caller(), k -> new TreeSet<>()).add(c.callee()));
        List<RuleProblem> problems = new ArrayList<>();
        for (JavaSnippets.FunctionCall call : calls) {
            List<String> back = path(graph, call.callee(), call.caller());
            if (back != null) {
                String cycle = call.caller() + " → " + String.join(" → ", back);
                problems.add(new RuleProblem(KIND, call.file(), call.line(), "function " + call.caller() + " calls "
                        + call.callee() + (call.caller().equals(call.callee()) ? " (itself)" : "")
                        + ": recursion among functions (" + cycle + ") has no bound the safety check can see"));
            }
        }
        return problems;
    }

    /** The functions from {@code from} to {@code to} along calls, both included, or null when there is no path. */
    private static List<String> path(Map<String, Set<String>> graph, String from, String to) {
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        cameFrom.put(from, from);
        while (!queue.isEmpty()) {
            String next = queue.poll();
            if (next.equals(to)) {
                List<String> path = new ArrayList<>();
                for (String at = to; ; at = cameFrom.get(at)) {
                    path.add(0, at);
                    if (at.equals(from)) {
                        return path;
                    }
                }
            }
            for (String callee : graph.getOrDefault(next, Set.of())) {
                if (cameFrom.putIfAbsent(callee, next) == null) {
                    queue.add(callee);
                }
            }
        }
        return null;
    }

    private List<RuleProblem> checkFile(String file, String text, List<JavaSnippets.FunctionCall> calls) {
        List<RuleProblem> problems = new ArrayList<>();
        PackageDescr pkg;
        try {
            DrlParser parser = new DrlParser();
            pkg = parser.parse(false, text);
            if (pkg == null || parser.hasErrors()) {
                return List.of(); // the compiler reports syntax errors with their lines
            }
        } catch (DroolsParserException e) {
            return List.of();
        }
        for (ImportDescr imported : pkg.getImports()) {
            checkImport(file, imported.getTarget(), imported.getLine(), problems);
        }
        pkg.getFunctionImports().forEach(f -> checkImport(file, f.getTarget(), f.getLine(), problems));
        pkg.getGlobals().forEach(g -> problems.add(new RuleProblem(KIND, file, g.getLine(),
                "global '" + g.getIdentifier() + "': globals are not allowed in rule files")));
        checkDialect(file, pkg.getAttributes(), problems);
        JavaSnippets snippets = new JavaSnippets(file, javac);
        for (FunctionDescr function : pkg.getFunctions()) {
            snippets.function(function.getLine() + 1, function.getName(), function.getBody());
        }
        for (RuleDescr rule : pkg.getRules()) {
            checkDialect(file, List.copyOf(rule.getAttributes().values()), problems);
            for (String attribute : List.of("timer", "calendars", "duration")) {
                if (rule.getAttributes().containsKey(attribute)) {
                    problems.add(new RuleProblem(KIND, file, rule.getLine(), "rule \"" + rule.getName()
                            + "\": attribute '" + attribute + "' schedules work outside an evaluation"));
                }
            }
            if (!rule.getNamedConsequences().isEmpty()) {
                problems.add(new RuleProblem(KIND, file, rule.getLine(),
                        "rule \"" + rule.getName() + "\": named consequences are not supported by the safety check"));
            }
            walkConditions(rule, rule.getLhs(), snippets, problems);
            if (rule.getConsequence() != null) {
                snippets.statements(consequenceLine(text, rule), rule.getConsequence().toString().strip(),
                        "rule \"" + rule.getName() + "\" consequence");
            }
        }
        problems.addAll(snippets.scan());
        calls.addAll(snippets.functionCalls());
        return problems;
    }

    private void walkConditions(RuleDescr rule, BaseDescr descr, JavaSnippets snippets, List<RuleProblem> problems) {
        String where = "rule \"" + rule.getName() + "\" condition";
        if (descr instanceof PatternDescr pattern) {
            if (pattern.getConstraint() != null) {
                pattern.getConstraint().getDescrs().forEach(d -> walkConditions(rule, d, snippets, problems));
            }
            if (pattern.getSource() instanceof FromDescr from) {
                snippets.expression(from.getLine(), from.getDataSource().toString(), where + " (from)");
            } else if (pattern.getSource() instanceof AccumulateDescr accumulate) {
                if (!accumulate.isExternalFunction() && accumulate.getInitCode() != null) {
                    problems.add(new RuleProblem(KIND, snippets.file(), accumulate.getLine(),
                            where + ": accumulate with inline code is not allowed; use accumulate functions"));
                }
                accumulate.getFunctions().forEach(f -> List.of(f.getParams())
                        .forEach(p -> snippets.expression(accumulate.getLine(), p, where + " (accumulate)")));
                accumulate.getDescrs().forEach(d -> walkConditions(rule, d, snippets, problems));
            } else if (pattern.getSource() instanceof CollectDescr collect) {
                walkConditions(rule, collect.getInputPattern(), snippets, problems);
            } else if (pattern.getSource() != null && !(pattern.getSource() instanceof EntryPointDescr)) {
                problems.add(new RuleProblem(KIND, snippets.file(), pattern.getLine(),
                        where + ": pattern source " + pattern.getSource().getClass().getSimpleName()
                                + " is not supported by the safety check"));
            }
        } else if (descr instanceof ExprConstraintDescr constraint) {
            snippets.expression(constraint.getLine(), constraint.getExpression(), where);
        } else if (descr instanceof EvalDescr eval) {
            snippets.expression(eval.getLine(), String.valueOf(eval.getContent()), where + " (eval)");
        } else if (descr instanceof ConditionalElementDescr element) {
            element.getDescrs().forEach(d -> walkConditions(rule, (BaseDescr) d, snippets, problems));
        } else if (descr != null) {
            problems.add(new RuleProblem(KIND, snippets.file(), descr.getLine(),
                    where + ": " + descr.getClass().getSimpleName() + " is not supported by the safety check"));
        }
    }

    /** The line where a consequence's code starts: where its first statement stands after {@code then}. */
    private static int consequenceLine(String text, RuleDescr rule) {
        String code = rule.getConsequence().toString().strip();
        int offset = Math.max(0, Math.min(rule.getConsequenceOffset(), text.length()));
        int start = code.isEmpty() ? -1 : text.indexOf(code.substring(0, Math.min(20, code.length())), offset);
        if (start < 0) {
            return rule.getConsequenceLine();
        }
        return 1 + (int) text.substring(0, start).chars().filter(c -> c == '\n').count();
    }

    private static void checkImport(String file, String target, int line, List<RuleProblem> problems) {
        boolean denied = DENIED_IMPORTS.stream().anyMatch(target::startsWith);
        boolean allowed = ALLOWED_IMPORTS.stream().anyMatch(target::startsWith);
        if (denied || !allowed) {
            problems.add(new RuleProblem(KIND, file, line, "import " + target + " is not on the allow-list ("
                    + String.join(", ", ALLOWED_IMPORTS) + ")"));
        }
    }

    private static void checkDialect(String file, Iterable<AttributeDescr> attributes, List<RuleProblem> problems) {
        for (AttributeDescr attribute : attributes) {
            if (attribute.getName().equals("dialect") && !attribute.getValue().replace("\"", "").equals("java")) {
                problems.add(new RuleProblem(KIND, file, attribute.getLine(),
                        "dialect " + attribute.getValue() + ": only the java dialect is allowed"));
            }
        }
    }

}
