package io.positionpolicy.rules;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
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
 * condition with the JDK's Java parser to see what it names and calls. It fails closed: code it cannot parse is
 * rejected.
 */
public final class DrlSafetyCheck {
    public static final String KIND = "safety";

    private static final List<String> ALLOWED_IMPORTS = List.of("io.positionpolicy.model.", "java.util.",
            "java.math.", "java.time.", "java.text.", "java.lang.Math", "java.lang.StrictMath", "java.lang.String",
            "java.lang.Double", "java.lang.Integer", "java.lang.Long", "java.lang.Boolean");
    private static final List<String> DENIED_IMPORTS = List.of("java.util.concurrent", "java.util.logging",
            "java.util.jar", "java.util.zip", "java.util.prefs", "java.util.spi", "java.util.ServiceLoader",
            "java.util.Timer");
    private static final Set<String> DENIED_NAMES = Set.of("System", "Runtime", "ProcessBuilder", "Process",
            "ProcessHandle", "Thread", "ThreadGroup", "ThreadLocal", "Executors", "ExecutorService", "Executor",
            "ForkJoinPool", "CompletableFuture", "Timer", "TimerTask", "ClassLoader", "URLClassLoader", "Class",
            "Method", "Field", "Constructor", "Proxy", "MethodHandles", "MethodHandle", "VarHandle", "File", "Files",
            "Path", "Paths", "FileSystems", "FileInputStream", "FileOutputStream", "FileReader", "FileWriter",
            "RandomAccessFile", "FileChannel", "PrintStream", "Socket", "ServerSocket", "DatagramSocket", "URL",
            "URI", "URLConnection", "HttpURLConnection", "HttpClient", "InetAddress", "ObjectInputStream",
            "ObjectOutputStream", "ScriptEngineManager", "Unsafe", "Arc", "CDI", "BeanManager", "ConfigProvider",
            "InitialContext", "SecurityManager", "StackWalker", "ModuleLayer", "kcontext");
    private static final Set<String> DENIED_METHODS = Set.of("exit", "halt", "exec", "load", "loadLibrary",
            "getRuntime", "forName", "getClassLoader", "getContextClassLoader", "setContextClassLoader",
            "setAccessible", "getDeclaredMethod", "getDeclaredMethods", "getMethod", "getMethods",
            "getDeclaredField", "getDeclaredFields", "getField", "getFields", "getDeclaredConstructor",
            "getDeclaredConstructors", "getConstructor", "getConstructors", "newInstance", "invoke", "getClass",
            "lookup", "getKieRuntime", "getWorkingMemory", "getKieBase", "getEntryPoint", "getChannels",
            "getProcessRuntime", "getGlobal", "setGlobal", "getenv", "setProperty", "getProperties", "start",
            "run", "submit");
    private static final List<String> DENIED_PACKAGES = List.of("java.io", "java.nio", "java.net",
            "java.lang.reflect", "java.lang.invoke", "java.lang.management", "java.util.concurrent", "javax", "jdk",
            "sun", "com.sun", "io.quarkus", "jakarta", "org.kie", "org.drools", "io.smallrye", "io.vertx");
    private static final Pattern BINDING = Pattern.compile("^\\s*\\$?[A-Za-z_][\\w$]*\\s*:(?!=)");
    private static final Pattern DRL_OPERATOR = Pattern.compile(
            "\\b(not\\s+)?(in|matches|contains|memberOf|soundslike|excludes|str)\\b(?=\\s*[\\[(\"$\\w])");
    private static final Pattern IN_LIST = Pattern.compile("\\b(not\\s+)?in\\s*\\(");
    private static final Pattern MODIFY = Pattern.compile("\\b(modify|update|retract|delete|insertLogical)\\s*\\(");

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();

    /** Every unsafe construct of every file, with its file and line. */
    public List<RuleProblem> check(SortedMap<String, String> drlFiles) {
        List<RuleProblem> problems = new ArrayList<>();
        drlFiles.forEach((file, text) -> problems.addAll(checkFile(file, text)));
        return problems;
    }

    private List<RuleProblem> checkFile(String file, String text) {
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
        Snippets snippets = new Snippets(file);
        for (FunctionDescr function : pkg.getFunctions()) {
            snippets.statements(function.getLine() + 1, function.getBody(), "function " + function.getName());
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
        return problems;
    }

    private void walkConditions(RuleDescr rule, BaseDescr descr, Snippets snippets, List<RuleProblem> problems) {
        String where = "rule \"" + rule.getName() + "\" condition";
        if (descr instanceof PatternDescr pattern) {
            if (pattern.getConstraint() != null) {
                pattern.getConstraint().getDescrs().forEach(d -> walkConditions(rule, d, snippets, problems));
            }
            if (pattern.getSource() instanceof FromDescr from) {
                snippets.expression(from.getLine(), from.getDataSource().toString(), where + " (from)");
            } else if (pattern.getSource() instanceof AccumulateDescr accumulate) {
                if (!accumulate.isExternalFunction() && accumulate.getInitCode() != null) {
                    problems.add(new RuleProblem(KIND, snippets.file, accumulate.getLine(),
                            where + ": accumulate with inline code is not allowed; use accumulate functions"));
                }
                accumulate.getFunctions().forEach(f -> List.of(f.getParams())
                        .forEach(p -> snippets.expression(accumulate.getLine(), p, where + " (accumulate)")));
                accumulate.getDescrs().forEach(d -> walkConditions(rule, d, snippets, problems));
            } else if (pattern.getSource() instanceof CollectDescr collect) {
                walkConditions(rule, collect.getInputPattern(), snippets, problems);
            } else if (pattern.getSource() != null && !(pattern.getSource() instanceof EntryPointDescr)) {
                problems.add(new RuleProblem(KIND, snippets.file, pattern.getLine(),
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
            problems.add(new RuleProblem(KIND, snippets.file, descr.getLine(),
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

    /** Java fragments of one DRL file, parsed together as one synthetic class, with their DRL lines. */
    private final class Snippets {
        private record Snippet(int drlLine, int javaLine, String where) {
        }

        final String file;
        private final StringBuilder source = new StringBuilder("class DrlSnippets {\n");
        private final List<Snippet> snippets = new ArrayList<>();
        private int javaLine = 2;

        Snippets(String file) {
            this.file = file;
        }

        void statements(int drlLine, String code, String where) {
            add(drlLine, "void s" + snippets.size() + "() {", normaliseStatements(code), "}", where);
        }

        void expression(int drlLine, String expression, String where) {
            add(drlLine, "Object s" + snippets.size() + "() { return (", normaliseExpression(expression), "); }",
                    where);
        }

        private void add(int drlLine, String open, String body, String close, String where) {
            source.append(open).append('\n');
            javaLine++;
            snippets.add(new Snippet(drlLine, javaLine, where));
            source.append(body).append('\n');
            javaLine += (int) body.chars().filter(c -> c == '\n').count() + 1;
            source.append(close).append('\n');
            javaLine++;
        }

        List<RuleProblem> scan() {
            if (snippets.isEmpty()) {
                return List.of();
            }
            source.append("}\n");
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///DrlSnippets.java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none"), null,
                    List.of(unit));
            List<RuleProblem> problems = new ArrayList<>();
            try {
                for (CompilationUnitTree tree : task.parse()) {
                    SourcePositions positions = Trees.instance(task).getSourcePositions();
                    new Scanner(tree, positions, problems).scan(tree, null);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot parse rule code", e);
            }
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    Snippet s = at((int) d.getLineNumber());
                    problems.add(new RuleProblem(KIND, file, line(s, (int) d.getLineNumber()), s.where()
                            + ": code the safety check cannot parse, so it is not allowed (" + d.getMessage(null) + ")"));
                }
            }
            return problems;
        }

        private Snippet at(int line) {
            Snippet found = snippets.get(0);
            for (Snippet s : snippets) {
                if (s.javaLine() <= line) {
                    found = s;
                }
            }
            return found;
        }

        private int line(Snippet s, int javaLine) {
            return s.drlLine() + Math.max(0, javaLine - s.javaLine());
        }

        /** Reports what a fragment names or calls that it must not. */
        private final class Scanner extends TreePathScanner<Void, Void> {
            private final CompilationUnitTree unit;
            private final SourcePositions positions;
            private final List<RuleProblem> problems;

            Scanner(CompilationUnitTree unit, SourcePositions positions, List<RuleProblem> problems) {
                this.unit = unit;
                this.positions = positions;
                this.problems = problems;
            }

            @Override
            public Void visitClass(ClassTree node, Void unused) {
                if (!node.getSimpleName().contentEquals("DrlSnippets")) {
                    report(node, "declares a class");
                }
                return super.visitClass(node, unused);
            }

            @Override
            public Void visitIdentifier(IdentifierTree node, Void unused) {
                if (DENIED_NAMES.contains(node.getName().toString())) {
                    report(node, "uses " + node.getName());
                }
                return super.visitIdentifier(node, unused);
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree node, Void unused) {
                String qualified = node.toString();
                DENIED_PACKAGES.stream().filter(p -> qualified.startsWith(p + ".")).findFirst()
                        .ifPresent(p -> report(node, "uses " + qualified + " (package " + p + ")"));
                if (node.getIdentifier().contentEquals("class")) {
                    report(node, "uses a class literal (" + qualified + "), the way into reflection");
                }
                if (qualified.startsWith("io.positionpolicy.") && !qualified.startsWith("io.positionpolicy.model")) {
                    report(node, "uses " + qualified + ": rules may use only io.positionpolicy.model");
                }
                return super.visitMemberSelect(node, unused);
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
                String name = node.getMethodSelect() instanceof MemberSelectTree select
                        ? select.getIdentifier().toString() : node.getMethodSelect().toString();
                if (DENIED_METHODS.contains(name)) {
                    report(node, "calls " + name + "()");
                }
                return super.visitMethodInvocation(node, unused);
            }

            @Override
            public Void visitSynchronized(SynchronizedTree node, Void unused) {
                report(node, "uses synchronized");
                return super.visitSynchronized(node, unused);
            }

            private void report(Tree node, String what) {
                int javaLine = (int) unit.getLineMap().getLineNumber(positions.getStartPosition(unit, node));
                Snippet s = at(javaLine);
                problems.add(new RuleProblem(KIND, file, line(s, javaLine), s.where() + " " + what));
            }
        }
    }

    /** DRL's consequence sugar (modify blocks) as plain Java statements. */
    static String normaliseStatements(String code) {
        StringBuilder out = new StringBuilder();
        Matcher m = MODIFY.matcher(code);
        int at = 0;
        while (m.find(at)) {
            out.append(code, at, m.start());
            int close = matching(code, m.end() - 1, '(', ')');
            String target = code.substring(m.end(), close);
            out.append("__").append(m.group(1)).append("(").append(target).append(");");
            int next = close + 1;
            int brace = skipSpaces(code, next);
            if (m.group(1).equals("modify") && brace < code.length() && code.charAt(brace) == '{') {
                int end = matching(code, brace, '{', '}');
                out.append(" {").append(topLevelCommasToSemicolons(code.substring(brace + 1, end))).append(";}");
                next = end + 1;
            }
            at = next;
        }
        out.append(code.substring(at));
        return out.toString();
    }

    /** DRL constraints as Java expressions: bindings dropped, DRL-only operators turned into comparisons. */
    static String normaliseExpression(String expression) {
        String plain = BINDING.matcher(expression).replaceFirst("");
        plain = IN_LIST.matcher(plain).replaceAll(" == __in(");
        return DRL_OPERATOR.matcher(plain).replaceAll(" == ");
    }

    private static String topLevelCommasToSemicolons(String body) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"' && (i == 0 || body.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '{' || c == '[')) {
                depth++;
            } else if (!quoted && (c == ')' || c == '}' || c == ']')) {
                depth--;
            }
            out.append(c == ',' && depth == 0 && !quoted ? ';' : c);
        }
        return out.toString();
    }

    private static int matching(String text, int open, char opening, char closing) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && text.charAt(i - 1) != '\\') {
                quoted = !quoted;
            } else if (!quoted && c == opening) {
                depth++;
            } else if (!quoted && c == closing && --depth == 0) {
                return i;
            }
        }
        return text.length() - 1;
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
