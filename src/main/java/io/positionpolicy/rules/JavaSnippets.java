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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;

/**
 * The Java code of one DRL file (consequences, functions, conditions), parsed together by the JDK's Java parser as
 * one synthetic class and scanned for what it names and calls; findings carry the DRL line they came from.
 */
final class JavaSnippets {
    private static final String KIND = DrlSafetyCheck.KIND;
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

    private final JavaCompiler javac;

    private record Snippet(int drlLine, int javaLine, String where) {
    }

    private final String file;
    private final StringBuilder source = new StringBuilder("class DrlSnippets {\n");
    private final List<Snippet> snippets = new ArrayList<>();
    private int javaLine = 2;

    JavaSnippets(String file, JavaCompiler javac) {
        this.file = file;
        this.javac = javac;
    }

    String file() {
        return file;
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
