package io.outboundcalls.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import io.outboundcalls.domain.Inputs;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.domain.MultilineText;
import java.io.IOException;
import java.time.OffsetDateTime;

/**
 * The input rules of {@link Inputs} for every JSON body at once: no control characters in any text (tabs and line
 * breaks only where the field is {@link MultilineText}), times only within the years 1900-9999. A violation is a
 * mapping error of its field, so the problem names the field (ProblemHandler).
 */
class InputRulesModule extends SimpleModule {

    InputRulesModule() {
        super("InputRulesModule");
        addDeserializer(String.class, new PlainString(false));
        addDeserializer(OffsetDateTime.class, new BoundedTime());
    }

    /** The reason without the field name, which the mapping error's path adds. */
    private static JsonMappingException refused(JsonParser parser, InvalidInputException e) {
        String prefix = e.field() + ": ";
        String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return JsonMappingException.from(parser, reason);
    }

    private static String fieldOf(JsonParser parser) {
        try {
            String name = parser.currentName();
            return name == null ? "value" : name;
        } catch (IOException e) {
            return "value";
        }
    }

    private static final class PlainString extends StdScalarDeserializer<String> implements ContextualDeserializer {

        private final boolean multiline;

        PlainString(boolean multiline) {
            super(String.class);
            this.multiline = multiline;
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            try {
                return Inputs.plainText(fieldOf(parser), value, multiline);
            } catch (InvalidInputException e) {
                throw refused(parser, e);
            }
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            boolean multilineField = property != null && property.getAnnotation(MultilineText.class) != null;
            return multilineField == multiline ? this : new PlainString(multilineField);
        }
    }

    private static final class BoundedTime extends StdScalarDeserializer<OffsetDateTime> {

        BoundedTime() {
            super(OffsetDateTime.class);
        }

        @Override
        public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            OffsetDateTime value = InstantDeserializer.OFFSET_DATE_TIME.deserialize(parser, context);
            try {
                return Inputs.boundedTime(fieldOf(parser), value);
            } catch (InvalidInputException e) {
                throw refused(parser, e);
            }
        }
    }
}
