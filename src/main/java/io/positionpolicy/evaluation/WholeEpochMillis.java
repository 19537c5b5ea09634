package io.positionpolicy.evaluation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A time is ISO-8601 text or whole epoch milliseconds. Jackson's Instant reads a whole number as milliseconds (with
 * READ_DATE_TIMESTAMPS_AS_NANOSECONDS off) but a decimal one as seconds and a fraction, so {@code 1764000000000} and
 * {@code 1764000000000.0} were ten centuries apart and {@code 1764000000.5} was read as seconds; a number in a string
 * is read the same way. A decimal, bare or quoted, is refused ("must be a time: ISO-8601 text or epoch milliseconds")
 * instead of guessing its unit.
 */
final class WholeEpochMillis {
    private WholeEpochMillis() {
    }

    static Module module() {
        SimpleModule module = new SimpleModule("whole-epoch-millis");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == Instant.class ? new NoDecimals(deserializer) : deserializer;
            }
        });
        return module;
    }

    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d*\\.\\d*([eE][+-]?\\d+)?|[+-]?\\d+[eE][+-]?\\d+");

    private static final class NoDecimals extends DelegatingDeserializer {
        NoDecimals(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new NoDecimals(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext context) throws IOException {
            if (p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                return context.handleUnexpectedToken(Instant.class, p);
            }
            if (p.hasToken(JsonToken.VALUE_STRING) && DECIMAL.matcher(p.getText().trim()).matches()) {
                // Jackson reads a number in a string the same way: "1795478400.5" as seconds
                return context.handleWeirdStringValue(Instant.class, p.getText(), "a decimal number of unknown unit");
            }
            return super.deserialize(p, context);
        }
    }
}
