package io.positionpolicy.rules;

import static io.positionpolicy.rules.BoundedCode.constant;
import static io.positionpolicy.rules.BoundedCode.unwrap;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;

/** The counted for loops the check accepts: {@code for (int i = A; i < B; i++)}, constants, i not changed. */
final class CountedLoop {
    private CountedLoop() {
    }

    /** How many times the loop runs, or -1 when the check cannot see a bound. */
    static long trips(ForLoopTree loop) {
        if (loop.getInitializer().size() != 1 || !(loop.getInitializer().get(0) instanceof VariableTree variable)
                || variable.getInitializer() == null || loop.getUpdate().size() != 1
                || !(loop.getCondition() instanceof BinaryTree condition)) {
            return -1;
        }
        String name = variable.getName().toString();
        long start = constant(variable.getInitializer());
        long end = constant(condition.getRightOperand());
        if (start == Long.MIN_VALUE || end == Long.MIN_VALUE
                || !(unwrap(condition.getLeftOperand()) instanceof IdentifierTree left)
                || !left.getName().contentEquals(name)) {
            return -1;
        }
        long step = step(loop.getUpdate().get(0), name);
        long trips = switch (condition.getKind()) {
            case LESS_THAN -> step > 0 ? ceilDiv(end - start, step) : -1;
            case LESS_THAN_EQUAL -> step > 0 ? ceilDiv(end - start + 1, step) : -1;
            case GREATER_THAN -> step < 0 ? ceilDiv(start - end, -step) : -1;
            case GREATER_THAN_EQUAL -> step < 0 ? ceilDiv(start - end + 1, -step) : -1;
            default -> -1;
        };
        return trips < 0 || changes(loop.getStatement(), name) ? -1 : trips;
    }

    private static long ceilDiv(long span, long step) {
        return span <= 0 ? 0 : (span + step - 1) / step;
    }

    private static long step(ExpressionStatementTree update, String name) {
        ExpressionTree e = update.getExpression();
        if (e instanceof UnaryTree unary && unwrap(unary.getExpression()) instanceof IdentifierTree id
                && id.getName().contentEquals(name)) {
            return switch (e.getKind()) {
                case POSTFIX_INCREMENT, PREFIX_INCREMENT -> 1;
                case POSTFIX_DECREMENT, PREFIX_DECREMENT -> -1;
                default -> 0;
            };
        }
        if (e instanceof CompoundAssignmentTree compound && compound.getVariable() instanceof IdentifierTree id
                && id.getName().contentEquals(name)) {
            long by = constant(compound.getExpression());
            if (by <= 0 || by == Long.MIN_VALUE) {
                return 0;
            }
            return e.getKind() == Tree.Kind.PLUS_ASSIGNMENT ? by : e.getKind() == Tree.Kind.MINUS_ASSIGNMENT
                    ? -by : 0;
        }
        return 0;
    }

    /** Whether the body assigns, increments or decrements the loop variable. */
    private static boolean changes(StatementTree body, String name) {
        boolean[] changed = {false};
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitAssignment(AssignmentTree node, Void unused) {
                changed[0] |= node.getVariable() instanceof IdentifierTree id && id.getName().contentEquals(name);
                return super.visitAssignment(node, unused);
            }

            @Override
            public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
                changed[0] |= node.getVariable() instanceof IdentifierTree id && id.getName().contentEquals(name);
                return super.visitCompoundAssignment(node, unused);
            }

            @Override
            public Void visitUnary(UnaryTree node, Void unused) {
                changed[0] |= unwrap(node.getExpression()) instanceof IdentifierTree id
                        && id.getName().contentEquals(name) && node.getKind().name().contains("CREMENT");
                return super.visitUnary(node, unused);
            }
        }.scan(body, null);
        return changed[0];
    }
}
