package io.positionpolicy.rules;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of the safety check that keeps rule code finite and small: no loop without a bound the check can see, no
 * infinite stream, no sleeping, waiting or blocking, no allocation sized by anything but a small constant, no change
 * of JVM-wide state. It also collects which names each DRL function calls, for the recursion check across files.
 * Fails closed: a loop or size it cannot read is refused.
 */
final class BoundedCode extends TreeScanner<Void, Void> {
    /** Most iterations of one counted loop, and of counted loops nested in each other (their product). */
    static final long MAX_LOOP_TRIPS = 10_000;
    /** Largest array (elements, all dimensions), repeat count, capacity or exponent rule code may ask for. */
    static final long MAX_SIZE = 10_000;
    /** Widest field a format pattern may ask for. */
    static final int MAX_FORMAT_WIDTH = 1_000;

    private static final Set<String> BLOCKING = Set.of("sleep", "wait", "notify", "notifyAll", "park", "parkNanos",
            "parkUntil", "await", "awaitTermination", "awaitNanos", "awaitUninterruptibly", "acquire",
            "acquireUninterruptibly", "lock", "lockInterruptibly", "tryLock", "waitFor", "onSpinWait", "yield");
    private static final Set<String> JVM_STATE = Set.of("setDefault", "gc", "runFinalization",
            "setDefaultUncaughtExceptionHandler", "addShutdownHook", "removeShutdownHook", "setSecurityManager",
            "clearProperty", "setErr", "setOut", "setIn", "setDefaultAssertionStatus", "traceInstructions");
    private static final Set<String> INFINITE = Set.of("iterate", "generate");
    /** Calls whose argument (by index; -1 the last) sizes what they build. */
    private static final Map<String, Integer> SIZED_CALLS = Map.of("repeat", -1, "nCopies", 0, "copyOf", 1,
            "ensureCapacity", 0, "setLength", 0, "shiftLeft", 0, "setBit", 0, "scaleByPowerOfTen", 0,
            "newHashMap", 0, "newHashSet", 0);
    private static final Set<String> SIZED_CLASSES = Set.of("StringBuilder", "StringBuffer", "ArrayList",
            "HashMap", "HashSet", "LinkedHashMap", "LinkedHashSet", "ArrayDeque", "Vector", "Hashtable", "BitSet",
            "PriorityQueue", "IdentityHashMap", "WeakHashMap", "BigInteger");
    private static final Pattern FORMAT_WIDTH = Pattern.compile("%[-#+ 0,(<]*(\\d+\\$)?[-#+ 0,(<]*(\\d+)?(\\.(\\d+))?");

    /** A call from DRL function {@code caller} to a method named {@code callee}. */
    record Call(String method, String callee, Tree at) {
    }

    private final BiConsumer<Tree, String> report;
    private final List<Call> calls = new ArrayList<>();
    private String method;
    private long nestedTrips = 1;

    BoundedCode(BiConsumer<Tree, String> report) {
        this.report = report;
    }

    /** Calls by simple name ({@code f(x)}), by the synthetic method they stand in. */
    List<Call> calls() {
        return calls;
    }

    @Override
    public Void visitMethod(MethodTree node, Void unused) {
        method = node.getName().toString();
        return super.visitMethod(node, unused);
    }

    @Override
    public Void visitWhileLoop(WhileLoopTree node, Void unused) {
        report.accept(node, "uses a while loop: loops must have a bound the safety check can see (a for-each over a "
                + "collection, or a counted for loop up to a constant of at most " + MAX_LOOP_TRIPS + ")");
        return super.visitWhileLoop(node, unused);
    }

    @Override
    public Void visitDoWhileLoop(DoWhileLoopTree node, Void unused) {
        report.accept(node, "uses a do-while loop: loops must have a bound the safety check can see (a for-each over "
                + "a collection, or a counted for loop up to a constant of at most " + MAX_LOOP_TRIPS + ")");
        return super.visitDoWhileLoop(node, unused);
    }

    @Override
    public Void visitForLoop(ForLoopTree node, Void unused) {
        long trips = CountedLoop.trips(node);
        long outer = nestedTrips;
        if (trips < 0) {
            report.accept(node, "uses a for loop without a bound the safety check can see: write "
                    + "for (int i = 0; i < N; i++) with a constant N of at most " + MAX_LOOP_TRIPS
                    + " and no other change of i, or a for-each over a collection");
        } else if (trips * nestedTrips > MAX_LOOP_TRIPS) {
            report.accept(node, (nestedTrips == 1 ? "uses a for loop of " : "uses nested counted loops of ")
                    + trips * nestedTrips + " iterations in all; at most " + MAX_LOOP_TRIPS + " are allowed");
        } else {
            nestedTrips = trips * nestedTrips;
        }
        super.visitForLoop(node, unused);
        nestedTrips = outer;
        return null;
    }

    @Override
    public Void visitNewArray(NewArrayTree node, Void unused) {
        long elements = 1;
        for (ExpressionTree dimension : node.getDimensions()) {
            long size = smallConstant(dimension);
            elements = size < 0 ? -1 : elements * size;
            if (elements < 0 || elements > MAX_SIZE) {
                report.accept(node, "allocates an array sized by " + dimension + ": array sizes must be constants of "
                        + "at most " + MAX_SIZE + " elements in all");
                break;
            }
        }
        return super.visitNewArray(node, unused);
    }

    @Override
    public Void visitNewClass(NewClassTree node, Void unused) {
        String type = node.getIdentifier().toString().replaceAll("<.*", "");
        String simple = type.substring(type.lastIndexOf('.') + 1);
        if (SIZED_CLASSES.contains(simple)) {
            for (ExpressionTree argument : node.getArguments()) {
                if (looksLikeASize(argument) && smallConstant(argument) < 0) {
                    report.accept(node, "creates a " + simple + " sized by " + argument + ": sizes must be constants "
                            + "of at most " + MAX_SIZE);
                }
            }
        }
        return super.visitNewClass(node, unused);
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
        ExpressionTree select = node.getMethodSelect();
        String name = select instanceof MemberSelectTree member ? member.getIdentifier().toString()
                : select.toString();
        String receiver = select instanceof MemberSelectTree member ? member.getExpression().toString() : null;
        List<? extends ExpressionTree> args = node.getArguments();
        if (receiver == null) {
            calls.add(new Call(method, name, node));
        }
        if (BLOCKING.contains(name)) {
            report.accept(node, "calls " + name + "(): rule code may not sleep, wait or block");
        } else if (name.equals("join") && !(receiver != null && receiver.matches("(java\\.lang\\.)?String"))) {
            report.accept(node, "calls join(): rule code may not wait for another thread (String.join is fine)");
        } else if (JVM_STATE.contains(name)) {
            report.accept(node, "calls " + (receiver == null ? "" : receiver + ".") + name
                    + "(): rule code may not change or drive JVM-wide state (default time zone or locale, GC, "
                    + "shutdown hooks)");
        } else if (INFINITE.contains(name)) {
            report.accept(node, "calls " + name + "(): an infinite stream; stream over a collection instead");
        } else if (Set.of("ints", "longs", "doubles").contains(name) && (args.size() == 0 || args.size() == 2)) {
            report.accept(node, "calls " + name + "() without a size: an infinite stream");
        } else if (Set.of("ints", "longs", "doubles").contains(name) && smallConstant(args.get(0)) < 0) {
            report.accept(node, "calls " + name + "() sized by " + args.get(0) + ": sizes must be constants of at "
                    + "most " + MAX_SIZE);
        } else if ((name.equals("range") || name.equals("rangeClosed")) && args.size() == 2
                && !smallRange(args.get(0), args.get(1))) {
            report.accept(node, "calls " + name + "(" + args.get(0) + ", " + args.get(1) + "): ranges must run "
                    + "between constants at most " + MAX_LOOP_TRIPS + " apart");
        } else if (name.equals("pow") && args.size() == 1 && smallConstant(args.get(0)) < 0) {
            report.accept(node, "calls pow(" + args.get(0) + "): the exponent must be a constant of at most "
                    + MAX_SIZE);
        } else if (SIZED_CALLS.containsKey(name) && !args.isEmpty()) {
            int index = SIZED_CALLS.get(name) < 0 ? args.size() - 1 : Math.min(SIZED_CALLS.get(name), args.size() - 1);
            if (smallConstant(args.get(index)) < 0) {
                report.accept(node, "calls " + name + "() sized by " + args.get(index) + ": sizes, counts and "
                        + "capacities must be constants of at most " + MAX_SIZE);
            }
        } else if (Set.of("format", "formatted", "printf").contains(name)
                || name.equals("of") && receiver != null && receiver.endsWith("Format")) {
            checkFormat(node, name, receiver, select, args);
        }
        return super.visitMethodInvocation(node, unused);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree node, Void unused) {
        String name = node.getName().toString();
        if (BLOCKING.contains(name) || JVM_STATE.contains(name) || INFINITE.contains(name)
                || SIZED_CALLS.containsKey(name) || name.equals("join")) {
            report.accept(node, "refers to " + name + "() (" + node + "), which rule code may not call");
        }
        if (node.getQualifierExpression() instanceof IdentifierTree) {
            calls.add(new Call(method, name, node));
        }
        return super.visitMemberReference(node, unused);
    }

    private void checkFormat(Tree node, String name, String receiver, ExpressionTree select,
            List<? extends ExpressionTree> args) {
        List<ExpressionTree> candidates = new ArrayList<>(args);
        if (name.equals("formatted") && select instanceof MemberSelectTree member) {
            candidates.add(0, member.getExpression());
        }
        for (ExpressionTree candidate : candidates) {
            if (unwrap(candidate) instanceof LiteralTree literal && literal.getValue() instanceof String pattern) {
                Matcher m = FORMAT_WIDTH.matcher(pattern);
                while (m.find()) {
                    for (String number : new String[] {m.group(2), m.group(4)}) {
                        if (number != null && (number.length() > 6 || Integer.parseInt(number) > MAX_FORMAT_WIDTH)) {
                            report.accept(node, "formats with a field of width " + number + ": at most "
                                    + MAX_FORMAT_WIDTH + " is allowed");
                        }
                    }
                }
                return;
            }
        }
        report.accept(node, "calls " + (receiver == null ? "" : receiver + ".") + name + "() with a pattern that is "
                + "not a string literal, so the check cannot see how much it builds");
    }

    /** The value of a non-negative integer literal of at most {@link #MAX_SIZE}, or -1. */
    static long smallConstant(ExpressionTree expression) {
        long value = constant(expression);
        return value >= 0 && value <= MAX_SIZE ? value : -1;
    }

    /** The value of an integer literal (with an optional sign), or {@link Long#MIN_VALUE}. */
    static long constant(ExpressionTree expression) {
        ExpressionTree plain = unwrap(expression);
        if (plain instanceof LiteralTree literal && literal.getValue() instanceof Number n
                && !(n instanceof Double) && !(n instanceof Float)) {
            return n.longValue();
        }
        if (plain instanceof UnaryTree unary && plain.getKind() == Tree.Kind.UNARY_MINUS) {
            long inner = constant(unary.getExpression());
            return inner == Long.MIN_VALUE ? inner : -inner;
        }
        return Long.MIN_VALUE;
    }

    private static boolean smallRange(ExpressionTree from, ExpressionTree to) {
        long a = constant(from);
        long b = constant(to);
        return a != Long.MIN_VALUE && b != Long.MIN_VALUE && Math.abs(b - a) <= MAX_LOOP_TRIPS;
    }

    /** Whether an argument could be a number: not a string, a char, a variable or a call (a copy of a collection). */
    private static boolean looksLikeASize(ExpressionTree argument) {
        ExpressionTree plain = unwrap(argument);
        return plain instanceof LiteralTree literal ? literal.getValue() instanceof Number
                : plain instanceof BinaryTree || plain instanceof UnaryTree
                        || plain instanceof MemberSelectTree select && select.getIdentifier().toString().matches(
                                "[A-Z_0-9]+");
    }

    static ExpressionTree unwrap(ExpressionTree expression) {
        ExpressionTree plain = expression;
        while (plain instanceof ParenthesizedTree parens) {
            plain = parens.getExpression();
        }
        return plain;
    }
}
