package io.warren.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warren.routing.CodecLookalikes.Binary;
import io.warren.routing.CodecLookalikes.UnsignedByte;
import io.warren.routing.CodecLookalikes.UnsignedInt;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersExchangeTypeTest extends BindingTableContract {
    @Override
    ExchangeType type() {
        return new HeadersExchangeType();
    }

    @Override
    Map<String, Object> arguments() {
        return Map.of("x-match", "all", "region", "eu");
    }

    private final BindingTable<String> headers = type().newBindingTable();

    /** Whether a single binding with {@code arguments} matches a message with {@code messageHeaders}. */
    private boolean matches(Map<String, Object> arguments, Map<String, Object> messageHeaders) {
        BindingTable<String> table = type().newBindingTable();
        table.add(new Binding<>("q", "", arguments));
        return !Routes.all(table, "ignored", messageHeaders).isEmpty();
    }

    /** A map that allows void (null) values, from alternating keys and values. */
    private static Map<String, Object> table(Object... keysAndValues) {
        Map<String, Object> table = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            table.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return table;
    }

    @Test
    void isCalledHeaders() {
        assertThat(type().name()).isEqualTo("headers");
    }

    @Nested
    class XMatchAll {
        @Test
        void needsEveryArgument() {
            Map<String, Object> args = table("x-match", "all", "a", 1, "b", "two");
            assertThat(matches(args, table("a", 1, "b", "two"))).isTrue();
            assertThat(matches(args, table("a", 1, "b", "two", "c", 3))).isTrue();
            assertThat(matches(args, table("a", 1))).isFalse();
            assertThat(matches(args, table("a", 1, "b", "three"))).isFalse();
            assertThat(matches(args, table())).isFalse();
            assertThat(matches(args, null)).isFalse();
        }

        @Test
        void isTheDefault() {
            Map<String, Object> args = table("a", 1, "b", "two");
            assertThat(matches(args, table("a", 1, "b", "two"))).isTrue();
            assertThat(matches(args, table("a", 1))).isFalse();
        }

        @Test
        void withNothingToCompareMatchesEveryMessageEvenWithoutHeaders() {
            assertThat(matches(table(), null)).isTrue();
            assertThat(matches(table(), table("a", 1))).isTrue();
            assertThat(matches(table("x-match", "all"), null)).isTrue();
            assertThat(matches(table("x-match", "all", "x-only", 1), null)).isTrue();
        }

        @Test
        void ignoresArgumentsStartingWithX() {
            Map<String, Object> args = table("x-match", "all", "a", 1, "x-b", 2);
            assertThat(matches(args, table("a", 1))).isTrue();
            assertThat(matches(args, table("a", 1, "x-b", 3))).isTrue();
        }
    }

    @Nested
    class XMatchAny {
        @Test
        void needsOneArgument() {
            Map<String, Object> args = table("x-match", "any", "a", 1, "b", "two");
            assertThat(matches(args, table("a", 1))).isTrue();
            assertThat(matches(args, table("b", "two", "a", 5))).isTrue();
            assertThat(matches(args, table("a", 2, "b", "three"))).isFalse();
            assertThat(matches(args, table("c", 1))).isFalse();
            assertThat(matches(args, null)).isFalse();
        }

        @Test
        void withNothingToCompareMatchesNothing() {
            assertThat(matches(table("x-match", "any"), table("a", 1))).isFalse();
            assertThat(matches(table("x-match", "any"), null)).isFalse();
            assertThat(matches(table("x-match", "any", "x-a", 1), table("x-a", 1))).isFalse();
        }

        @Test
        void ignoresArgumentsStartingWithX() {
            assertThat(matches(table("x-match", "any", "x-a", 1), table("x-a", 1))).isFalse();
        }
    }

    @Nested
    class WithX {
        @Test
        void allWithXComparesXArgumentsToo() {
            Map<String, Object> args = table("x-match", "all-with-x", "a", 1, "x-b", 2);
            assertThat(matches(args, table("a", 1, "x-b", 2))).isTrue();
            assertThat(matches(args, table("a", 1))).isFalse();
            assertThat(matches(args, table("a", 1, "x-b", 3))).isFalse();
        }

        @Test
        void anyWithXComparesXArgumentsToo() {
            Map<String, Object> args = table("x-match", "any-with-x", "a", 1, "x-b", 2);
            assertThat(matches(args, table("x-b", 2))).isTrue();
            assertThat(matches(args, table("a", 1))).isTrue();
            assertThat(matches(args, table("x-b", 3))).isFalse();
        }

        @Test
        void neverComparesXMatchItself() {
            assertThat(matches(table("x-match", "all-with-x", "a", 1), table("a", 1))).isTrue();
            assertThat(matches(table("x-match", "any-with-x"), table("x-match", "any-with-x"))).isFalse();
        }
    }

    @Nested
    class VoidArguments {
        @Test
        void askOnlyForPresence() {
            Map<String, Object> args = table("a", null);
            assertThat(matches(args, table("a", 1))).isTrue();
            assertThat(matches(args, table("a", "anything"))).isTrue();
            assertThat(matches(args, table("a", null))).isTrue();
            assertThat(matches(args, table("b", 1))).isFalse();
            assertThat(matches(args, null)).isFalse();
        }

        @Test
        void countForAnyToo() {
            Map<String, Object> args = table("x-match", "any", "a", null, "b", 2);
            assertThat(matches(args, table("a", false))).isTrue();
            assertThat(matches(args, table("b", 3))).isFalse();
        }

        @Test
        void aVoidHeaderMatchesNoValuedArgument() {
            assertThat(matches(table("a", 1), table("a", null))).isFalse();
            assertThat(matches(table("a", "undefined"), table("a", null))).isFalse();
        }
    }

    @Nested
    class ValueEquality {
        @Test
        void integersOfEveryWidthCompareByValue() {
            Object[] ones = {1, 1L, (short) 1, (byte) 1, new UnsignedByte(1), new UnsignedInt(1)};
            for (Object argument : ones) {
                for (Object header : ones) {
                    assertThat(matches(table("a", argument), table("a", header)))
                            .as("%s (%s) vs %s (%s)", argument, argument.getClass().getSimpleName(), header,
                                    header.getClass().getSimpleName())
                            .isTrue();
                }
            }
            assertThat(matches(table("a", 1), table("a", 2L))).isFalse();
            assertThat(matches(table("a", new UnsignedInt(4_294_967_295L)), table("a", -1))).isFalse();
            assertThat(matches(table("a", new UnsignedInt(4_294_967_295L)), table("a", 4_294_967_295L))).isTrue();
        }

        @Test
        void integersAndFloatingValuesCompareByNumericValueAsInRabbitMq3() {
            assertThat(matches(table("a", 1), table("a", 1.0))).isTrue();
            assertThat(matches(table("a", 1.0), table("a", 1))).isTrue();
            assertThat(matches(table("a", 1.0f), table("a", 1L))).isTrue();
            assertThat(matches(table("a", 1), table("a", 1.5))).isFalse();
            assertThat(matches(table("a", 2.5), table("a", 2))).isFalse();
            assertThat(matches(table("a", 3.0), table("a", new UnsignedByte(3)))).isTrue();
        }

        @Test
        void floatsAndDoublesCompareByValue() {
            assertThat(matches(table("a", 1.5f), table("a", 1.5d))).isTrue();
            assertThat(matches(table("a", 1.5d), table("a", 1.5f))).isTrue();
            assertThat(matches(table("a", 0.1f), table("a", 0.1d))).isFalse();
            assertThat(matches(table("a", 0.1d), table("a", 0.1d))).isTrue();
        }

        @Test
        void stringsAndByteArraysAreBothBinaries() {
            assertThat(matches(table("a", "héllo"), table("a", Binary.utf8("héllo")))).isTrue();
            assertThat(matches(table("a", Binary.utf8("héllo")), table("a", "héllo"))).isTrue();
            assertThat(matches(table("a", Binary.utf8("x")), table("a", Binary.utf8("x")))).isTrue();
            assertThat(matches(table("a", "x"), table("a", Binary.utf8("y")))).isFalse();
            assertThat(matches(table("a", Binary.of(0xFF, 0xFE)), table("a", "\uFFFD\uFFFD"))).isFalse();
            assertThat(matches(table("a", "1"), table("a", 1))).isFalse();
            assertThat(matches(table("a", 1), table("a", "1"))).isFalse();
        }

        @Test
        void stringsAreCaseSensitive() {
            assertThat(matches(table("a", "EU"), table("a", "eu"))).isFalse();
        }

        @Test
        void booleansDecimalsArraysAndTablesCompareWithEquals() {
            assertThat(matches(table("a", true), table("a", true))).isTrue();
            assertThat(matches(table("a", true), table("a", 1))).isFalse();
            assertThat(matches(table("a", new BigDecimal("1.50")), table("a", new BigDecimal("1.50")))).isTrue();
            assertThat(matches(table("a", new BigDecimal("1.50")), table("a", new BigDecimal("1.5")))).isFalse();
            assertThat(matches(table("a", List.of(1, "x")), table("a", List.of(1, "x")))).isTrue();
            // Inside arrays RabbitMQ keeps field types: signedint 1 and long 1 differ there.
            assertThat(matches(table("a", List.of(1)), table("a", List.of(1L)))).isFalse();
            assertThat(matches(table("a", Map.of("k", 1)), table("a", Map.of("k", 1)))).isTrue();
            assertThat(matches(table("a", Map.of("k", 1)), table("a", Map.of("k", 2)))).isFalse();
        }

        @Test
        void timestampsAreIntegersOfSeconds() {
            Instant at = Instant.ofEpochSecond(1_700_000_000L);
            assertThat(matches(table("a", at), table("a", at))).isTrue();
            assertThat(matches(table("a", at), table("a", 1_700_000_000L))).isTrue();
            assertThat(matches(table("a", 1_700_000_000L), table("a", at))).isTrue();
            assertThat(matches(table("a", at), table("a", at.plusSeconds(1)))).isFalse();
        }
    }

    @Test
    void routesEachMatchingBindingAndSkipsTheRest() {
        headers.add(new Binding<>("eu", "", table("region", "eu")));
        headers.add(new Binding<>("big", "", table("x-match", "any", "size", "big", "priority", 9)));
        headers.add(new Binding<>("all", "", table()));
        headers.add(new Binding<>("none", "", table("x-match", "any")));
        assertThat(Routes.distinct(headers, "k", table("region", "eu", "priority", 9)))
                .isEqualTo(Set.of("eu", "big", "all"));
        assertThat(Routes.distinct(headers, "k", null)).isEqualTo(Set.of("all"));
    }

    @Test
    void theRoutingKeyIsIgnored() {
        headers.add(new Binding<>("q", "some.key", table("a", 1)));
        assertThat(Routes.distinct(headers, "other", table("a", 1))).containsExactly("q");
    }

    @Nested
    class Validation {
        @ParameterizedTest
        @ValueSource(strings = {"all", "any", "all-with-x", "any-with-x"})
        void acceptsTheFourModes(String mode) {
            assertThatCode(() -> type().validateBinding("", table("x-match", mode))).doesNotThrowAnyException();
        }

        @Test
        void acceptsNoXMatch() {
            assertThatCode(() -> type().validateBinding("", table("a", 1))).doesNotThrowAnyException();
            assertThatCode(() -> type().validateBinding("", Map.of())).doesNotThrowAnyException();
            assertThatCode(() -> type().validateBinding("", null)).doesNotThrowAnyException();
        }

        @Test
        void refusesAnUnknownModeInRabbitMqsWords() {
            assertThatThrownBy(() -> type().validateBinding("", table("x-match", "some")))
                    .isInstanceOf(InvalidBindingException.class)
                    .hasMessage("Invalid x-match field value <<\"some\">>; expected all, any, all-with-x, or any-with-x");
            assertThatThrownBy(() -> type().validateBinding("", table("x-match", "ALL")))
                    .hasMessage("Invalid x-match field value <<\"ALL\">>; expected all, any, all-with-x, or any-with-x");
            assertThatThrownBy(() -> type().validateBinding("", table("x-match", "")))
                    .hasMessage("Invalid x-match field value <<\"\">>; expected all, any, all-with-x, or any-with-x");
            assertThatThrownBy(() -> type().validateBinding("", table("x-match", "tout")))
                    .hasMessageContaining("<<\"tout\">>");
            assertThatThrownBy(() -> type().validateBinding("", table("x-match", "größer")))
                    .hasMessageContaining("<<\"größer\"/utf8>>");
        }

        @Test
        void refusesANonStringModeNamingItsFieldType() {
            assertThatThrownBy(() -> type().validateBinding("", table("x-match", 1)))
                    .isInstanceOf(InvalidBindingException.class)
                    .hasMessage("Invalid x-match field type signedint (value 1); expected longstr");
            assertThatThrownBy(() -> type().validateBinding("", table("x-match", Binary.utf8("all"))))
                    .hasMessage("Invalid x-match field type binary (value <<\"all\">>); expected longstr");
            assertThatThrownBy(() -> type().validateBinding("", table("x-match", null)))
                    .hasMessage("Invalid x-match field type void (value undefined); expected longstr");
            assertThatThrownBy(() -> type().validateBinding("", table("x-match", true)))
                    .hasMessage("Invalid x-match field type bool (value true); expected longstr");
            assertThatThrownBy(() -> type().validateBinding("", table("x-match", 2L)))
                    .hasMessage("Invalid x-match field type long (value 2); expected longstr");
            assertThatThrownBy(() -> type().validateBinding("", table("x-match", List.of("all"))))
                    .hasMessage("Invalid x-match field type array (value [{longstr,<<\"all\">>}]); expected longstr");
        }

        @Test
        void anUnvalidatedBadModeRoutesAsAllLikeRabbitMq() {
            assertThat(matches(table("x-match", "some", "a", 1), table("a", 1))).isTrue();
            assertThat(matches(table("x-match", 7, "a", 1, "b", 2), table("a", 1))).isFalse();
        }
    }

    @Test
    void byteArraysPrintAsNumbersWhenNotText() {
        assertThat(ErlangTerms.format(Binary.of(0, 255))).isEqualTo("<<0,255>>");
        assertThat(Arrays.asList(ErlangTerms.typeName(new UnsignedByte(1)), ErlangTerms.typeName(1.5d),
                ErlangTerms.typeName(new BigDecimal("1.5")), ErlangTerms.typeName(Map.of())))
                .containsExactly("unsignedbyte", "double", "decimal", "table");
    }
}
