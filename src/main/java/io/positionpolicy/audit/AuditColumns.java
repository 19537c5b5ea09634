package io.positionpolicy.audit;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The columns of {@code audit_evaluation}, derived once from the components of {@link AuditRow}: a component
 * {@code chainSeq} is the column {@code chain_seq}. Component types are {@code String} (VARCHAR/TEXT), {@code long}
 * (BIGINT) and {@code Instant} (TIMESTAMP WITH TIME ZONE, UTC).
 */
final class AuditColumns {
    /** Components up to and including {@code hash} were there when the chain hash was defined. */
    private static final int FIRST_VERSION = 19;

    /** One column: its name, its component's type and accessor. */
    record Column(String name, Class<?> type, MethodHandle accessor, int index) {
        Object get(AuditRow row) {
            try {
                return accessor.invoke(row);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot read " + name, e);
            }
        }

        /** The value as text, as the chain hash and the CSV export see it; null stays null. */
        String text(AuditRow row) {
            Object value = get(row);
            return value == null ? null : value.toString();
        }

        /** Columns added after the first version are left out of the hash while they are null. */
        boolean hashedWhenNull() {
            return index < FIRST_VERSION;
        }
    }

    static final List<Column> ALL;
    /** {@code id, chain_id, …, hash}: the SELECT list and the INSERT's column list, in component order. */
    static final String NAMES;
    /**
     * The components' columns, then {@code rule_names}: the fired rules' names one per line, for the rule filter. It
     * is not a component: it repeats {@code fired_rules}, which the hash covers, and verify checks that it agrees.
     */
    static final String INSERT;
    static final String RULE_NAMES = "rule_names";
    private static final MethodHandle CONSTRUCTOR;

    static {
        RecordComponent[] components = AuditRow.class.getRecordComponents();
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        List<Column> columns = new ArrayList<>();
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                columns.add(new Column(snake(c.getName()), c.getType(), lookup.unreflect(c.getAccessor()), i));
            }
            CONSTRUCTOR = lookup.findConstructor(AuditRow.class, java.lang.invoke.MethodType.methodType(void.class,
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new)))
                    .asSpreader(Object[].class, components.length);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        ALL = List.copyOf(columns);
        NAMES = ALL.stream().map(Column::name).collect(Collectors.joining(", "));
        INSERT = "INSERT INTO audit_evaluation (" + NAMES + ", " + RULE_NAMES + ") VALUES ("
                + ALL.stream().map(c -> "?").collect(Collectors.joining(", ")) + ", ?)";
    }

    private AuditColumns() {
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Binds every column of {@code row} and the names of its fired rules to the parameters of {@link #INSERT}. */
    static void bind(PreparedStatement statement, AuditRow row, List<String> ruleNames) throws SQLException {
        bindRow(statement, row);
        statement.setString(ALL.size() + 1, ruleNames(ruleNames));
    }

    /** Binds every column of {@code row} to parameters 1, 2, … in component order. */
    static void bindRow(PreparedStatement statement, AuditRow row) throws SQLException {
        for (Column column : ALL) {
            Object value = column.get(row);
            int at = column.index() + 1;
            if (column.type() == long.class) {
                statement.setLong(at, (Long) value);
            } else if (column.type() == Instant.class) {
                statement.setObject(at, ((Instant) value).atOffset(ZoneOffset.UTC));
            } else if (value == null) {
                statement.setNull(at, Types.VARCHAR);
            } else {
                statement.setString(at, (String) value);
            }
        }
    }

    /** The {@code rule_names} column's value: one name per line, in firing order. */
    static String ruleNames(List<String> names) {
        return String.join("\n", names);
    }

    /** The names in a {@code rule_names} value. */
    static List<String> ruleNames(String column) {
        return column == null || column.isEmpty() ? List.of() : List.of(column.split("\n"));
    }

    /** The codes in a {@code violation_codes} value (separated by single spaces). */
    static List<String> violationCodes(String column) {
        return column == null || column.isEmpty() ? List.of() : List.of(column.split(" "));
    }

    /** Reads a row selected with {@link #NAMES} (optionally prefixed), in that order. */
    static AuditRow read(ResultSet rs) throws SQLException {
        Object[] values = new Object[ALL.size()];
        for (Column column : ALL) {
            int at = column.index() + 1;
            if (column.type() == long.class) {
                values[column.index()] = rs.getLong(at);
            } else if (column.type() == Instant.class) {
                OffsetDateTime time = rs.getObject(at, OffsetDateTime.class);
                values[column.index()] = time == null ? null : time.toInstant();
            } else {
                values[column.index()] = rs.getString(at);
            }
        }
        return construct(values);
    }

    /** A copy of {@code row} with the named columns set: {@code with(row, "hash", h)}. */
    static AuditRow with(AuditRow row, Object... namesAndValues) {
        Object[] values = ALL.stream().map(c -> c.get(row)).toArray();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values[column((String) namesAndValues[i]).index()] = namesAndValues[i + 1];
        }
        return construct(values);
    }

    static Column column(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no audit column " + name));
    }

    private static AuditRow construct(Object[] values) {
        try {
            return (AuditRow) CONSTRUCTOR.invoke(values);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot build an audit row", e);
        }
    }
}
