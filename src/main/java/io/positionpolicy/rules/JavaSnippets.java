package io.positionpolicy.rules;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
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
            "InitialContext", "SecurityManager", "StackWalker", "ModuleLayer", "kcontext", "LockSupport",
            "Preferences", "ServiceLoader");
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
            "sun", "com.sun", "io.quarkus", "jakarta", "org.kie", "org.drools", "io.smallrye", "io.vertx",
            "java.util.logging", "java.util.jar", "java.util.zip", "java.util.prefs", "java.util.spi",
            "java.util.ServiceLoader", "java.util.Timer");

    private final JavaCompiler javac;

    private record Snippet(int drlLine, int javaLine, String where, String function) {
    }

    /** A call from DRL function {@code caller} to a method named {@code callee}, at {@code line} of the file. */
    record FunctionCall(String file, int line, String caller, String callee) {
    }

    private final String file;
    private final StringBuilder source = new StringBuilder("class DrlSnippets {\n");
    private final List<Snippet> snippets = new ArrayList<>();
    private final List<FunctionCall> functionCalls = new ArrayList<>();
    private int javaLine = 2;
    private CompilationUnitTree unit;
    private SourcePositions positions;
    private List<RuleProblem> problems;

    JavaSnippets(String file, JavaCompiler javac) {
        this.file = file;
        this.javac = javac;
    }

    String file() {
        return file;
    }

    void statements(int drlLine, String code, String where) {
        add(drlLine, "void s" + snippets.size() + "() {", DrlSugar.statements(code), "}", where, null);
    }

    /** A DRL function's body; the calls it makes are kept for the recursion check. */
    void function(int drlLine, String name, String body) {
        add(drlLine, "void s" + snippets.size() + "() {", DrlSugar.statements(body), "}", "function " + name, name);
    }

    void expression(int drlLine, String expression, String where) {
        add(drlLine, "Object s" + snippets.size() + "() { return (", DrlSugar.expression(expression), "); }",
                where, null);
    }

    /** Calls by simple name made by DRL functions; filled by {@link #scan()}. */
    List<FunctionCall> functionCalls() {
        return functionCalls;
    }

    private void add(int drlLine, String open, String body, String close, String where, String function) {
        source.append(open).append('\n');
        javaLine++;
        snippets.add(new Snippet(drlLine, javaLine, where, function));
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
        JavaFileObject sourceFile = new SimpleJavaFileObject(URI.create("string:///DrlSnippets.java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none"), null,
                List.of(sourceFile));
        problems = new ArrayList<>();
        try {
            for (CompilationUnitTree tree : task.parse()) {
                this.unit = tree;
                positions = Trees.instance(task).getSourcePositions();
                new Scanner().scan(tree, null);
                BoundedCode bounds = new BoundedCode(this::report);
                bounds.scan(tree, null);
                for (BoundedCode.Call call : bounds.calls()) {
                    Snippet s = call.method() == null ? null : snippets.get(Integer.parseInt(call.method().substring(1)));
                    if (s != null && s.function() != null) {
                        functionCalls.add(new FunctionCall(file, lineOf(call.at()), s.function(), call.callee()));
                    }
                }
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
            if (DENIED_NAMES.contains(node.getIdentifier().toString()) && isPackageName(node.getExpression())) {
                report(node, "uses " + qualified);
            }
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
        public Void visitMemberReference(MemberReferenceTree node, Void unused) {
            if (DENIED_METHODS.contains(node.getName().toString())) {
                report(node, "refers to " + node.getName() + "() (" + node + ")");
            }
            return super.visitMemberReference(node, unused);
        }

        @Override
        public Void visitSynchronized(SynchronizedTree node, Void unused) {
            report(node, "uses synchronized");
            return super.visitSynchronized(node, unused);
        }

    }

    private int lineOf(Tree node) {
        return line(at(javaLineOf(node)), javaLineOf(node));
    }

    private int javaLineOf(Tree node) {
        return (int) unit.getLineMap().getLineNumber(positions.getStartPosition(unit, node));
    }

    private void report(Tree node, String what) {
        Snippet s = at(javaLineOf(node));
        problems.add(new RuleProblem(KIND, file, line(s, javaLineOf(node)), s.where() + " " + what));
    }

    /** Whether a qualifier is a package name ({@code java.lang}): lower-case identifiers joined by dots. */
    private static boolean isPackageName(Tree qualifier) {
        return qualifier instanceof IdentifierTree id ? Character.isLowerCase(id.getName().charAt(0))
                : qualifier instanceof MemberSelectTree select && isPackageName(select.getExpression())
                        && Character.isLowerCase(select.getIdentifier().charAt(0));
    }
}
