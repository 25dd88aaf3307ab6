package io.warren.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ValueParsersTest {
    @Test
    void byteSizeReadsPlainBytesAndDecimalAndBinaryUnits() {
        assertThat(ValueParsers.byteSize("50000000")).isEqualTo(50_000_000L);
        assertThat(ValueParsers.byteSize("0")).isZero();
        assertThat(ValueParsers.byteSize("10kB")).isEqualTo(10_000L);
        assertThat(ValueParsers.byteSize("10KB")).isEqualTo(10_000L);
        assertThat(ValueParsers.byteSize("50MB")).isEqualTo(50_000_000L);
        assertThat(ValueParsers.byteSize("2GB")).isEqualTo(2_000_000_000L);
        assertThat(ValueParsers.byteSize("1KiB")).isEqualTo(1024L);
        assertThat(ValueParsers.byteSize("3MiB")).isEqualTo(3L * 1024 * 1024);
        assertThat(ValueParsers.byteSize("1GiB")).isEqualTo(1024L * 1024 * 1024);
        assertThat(ValueParsers.byteSize(" 4 GiB ")).isEqualTo(4L * 1024 * 1024 * 1024);
    }

    @Test
    void byteSizeReadsEveryUnitSpellingRabbitMqAccepts() {
        // rabbit_resource_monitor_misc:parse_information_unit: the bare k, M, G are binary units.
        for (String kilo : new String[] {"kb", "Kb"}) {
            assertThat(ValueParsers.byteSize("5" + kilo)).as(kilo).isEqualTo(5_000L);
        }
        for (String mega : new String[] {"mb", "Mb"}) {
            assertThat(ValueParsers.byteSize("5" + mega)).as(mega).isEqualTo(5_000_000L);
        }
        for (String giga : new String[] {"gb", "Gb"}) {
            assertThat(ValueParsers.byteSize("5" + giga)).as(giga).isEqualTo(5_000_000_000L);
        }
        for (String kibi : new String[] {"k", "K", "kiB", "kib", "KIB"}) {
            assertThat(ValueParsers.byteSize("5" + kibi)).as(kibi).isEqualTo(5L * 1024);
        }
        for (String mebi : new String[] {"m", "M", "mib", "MIB"}) {
            assertThat(ValueParsers.byteSize("5" + mebi)).as(mebi).isEqualTo(5L * 1024 * 1024);
        }
        for (String gibi : new String[] {"g", "G", "gib", "GIB"}) {
            assertThat(ValueParsers.byteSize("5" + gibi)).as(gibi).isEqualTo(5L * 1024 * 1024 * 1024);
        }
    }

    @Test
    void byteSizeRefusesWhatIsNotASize() {
        assertThatThrownBy(() -> ValueParsers.byteSize("MB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'MB' is not a size such as 50000000, 50MB or 1GiB");
        assertThatThrownBy(() -> ValueParsers.byteSize("-5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ValueParsers.byteSize("5TB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown size unit 'TB' (use kB, MB, GB or KiB, MiB, GiB)");
        assertThatThrownBy(() -> ValueParsers.byteSize("5mB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown size unit 'mB' (use kB, MB, GB or KiB, MiB, GiB)");
        assertThatThrownBy(() -> ValueParsers.byteSize("1.5GB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'1.5GB' is not a whole number; use a smaller unit, e.g. 1500MB");
    }

    @Test
    void byteSizeRefusesWhatOverflowsALongWithAReason() {
        assertThatThrownBy(() -> ValueParsers.byteSize("9999999999GiB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'9999999999GiB' is too large");
        assertThatThrownBy(() -> ValueParsers.byteSize("99999999999999999999")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'99999999999999999999' is too large");
    }

    @Test
    void rangesAndFractions() {
        assertThat(ValueParsers.intRange(0, 10).apply("10")).isEqualTo(10);
        assertThatThrownBy(() -> ValueParsers.intRange(0, 10).apply("11")).hasMessage("11 is outside 0..10");
        assertThatThrownBy(() -> ValueParsers.intRange(0, 10).apply("ten")).hasMessage("'ten' is not a whole number");
        assertThat(ValueParsers.longRange(1, 5).apply("5")).isEqualTo(5L);
        assertThat(ValueParsers.fraction(0, 1).apply("0.4")).isEqualTo(0.4);
        assertThatThrownBy(() -> ValueParsers.fraction(0, 1).apply("0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ValueParsers.fraction(0, 1).apply("NaN")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void booleans() {
        assertThat(ValueParsers.bool("true")).isTrue();
        assertThat(ValueParsers.bool("FALSE")).isFalse();
        assertThatThrownBy(() -> ValueParsers.bool("yes")).hasMessage("'yes' is not true or false");
    }
}
