package io.warren.broker;

import io.warren.amqp.field.Binary;
import io.warren.amqp.field.UnsignedByte;
import io.warren.amqp.field.UnsignedInt;
import io.warren.amqp.field.UnsignedShort;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** RabbitMQ's names for field-table value types ({@code longstr}, {@code signedint}, ...), as its error texts print them. */
public final class FieldTypeNames {
    private FieldTypeNames() {
    }

    /** RabbitMQ's names for field-table types, as they appear in its error texts. */
    public static String of(Object value) {
        if (value == null) {
            return "void";
        } else if (value instanceof String) {
            return "longstr";
        } else if (value instanceof Integer) {
            return "signedint";
        } else if (value instanceof Long) {
            return "long";
        } else if (value instanceof Boolean) {
            return "bool";
        } else if (value instanceof Short) {
            return "short";
        } else if (value instanceof Byte) {
            return "byte";
        } else if (value instanceof Double) {
            return "double";
        } else if (value instanceof Float) {
            return "float";
        } else if (value instanceof BigDecimal) {
            return "decimal";
        } else if (value instanceof Instant) {
            return "timestamp";
        } else if (value instanceof Map) {
            return "table";
        } else if (value instanceof List) {
            return "array";
        } else if (value instanceof Binary) {
            return "binary";
        } else if (value instanceof UnsignedByte) {
            return "unsignedbyte";
        } else if (value instanceof UnsignedShort) {
            return "unsignedshort";
        } else if (value instanceof UnsignedInt) {
            return "unsignedint";
        }
        return value.getClass().getSimpleName();
    }
}
