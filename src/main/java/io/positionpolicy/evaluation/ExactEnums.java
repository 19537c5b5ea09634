package io.positionpolicy.evaluation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Enum values exactly as declared. Jackson trims a value it does not find and looks again, with no setting to stop it
 * (EnumDeserializer._fromString, 2.21), so {@code " OPEN"} and {@code "OPEN\u0000"} were read as OPEN. A trading
 * system that sends those has a bug, and the service should not guess what it meant: a value with leading or trailing
 * whitespace or control characters is refused like any other unknown value ("must be one of ...").
 */
final class ExactEnums {
    private ExactEnums() {
    }

    static Module module() {
        SimpleModule module = new SimpleModule("exact-enums");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                    BeanDescription description, JsonDeserializer<?> deserializer) {
                return new Untrimmed(deserializer, type.getRawClass());
            }
        });
        return module;
    }

    private static final class Untrimmed extends DelegatingDeserializer {
        private final Class<?> type;

        Untrimmed(JsonDeserializer<?> delegate, Class<?> type) {
            super(delegate);
            this.type = type;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Untrimmed(delegate, type);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext context) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING) && trimmable(p.getText())) {
                return context.handleWeirdStringValue(type, p.getText(), "leading or trailing whitespace");
            }
            return super.deserialize(p, context);
        }

        /** What String.trim() would remove: any character up to U+0020, spaces and controls alike. */
        private static boolean trimmable(String text) {
            return !text.isEmpty() && (text.charAt(0) <= ' ' || text.charAt(text.length() - 1) <= ' ');
        }
    }
}
