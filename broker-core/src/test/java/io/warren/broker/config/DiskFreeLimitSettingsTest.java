package io.warren.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code disk_free_limit.absolute} and {@code disk_free_limit.relative} as the configuration file reads them. */
class DiskFreeLimitSettingsTest {
    private static final long HEAP = 1L << 30;

    private final ConfigFileParser parser = new ConfigFileParser(ConfigKeyRegistry.core());

    private BrokerConfig parse(String... lines) throws ConfigException {
        return parser.parse("warren.conf", List.of(lines), BrokerConfig.defaults());
    }

    private long limit(String... lines) throws ConfigException {
        return CoreSettings.diskFreeLimit(parse(lines), HEAP);
    }

    @Test
    void defaultIsRabbitMqs50MB() throws ConfigException {
        assertThat(limit()).isEqualTo(50_000_000L);
    }

    @Test
    void absoluteReadsBytesAndRabbitMqUnits() throws ConfigException {
        assertThat(limit("disk_free_limit.absolute = 50000000")).isEqualTo(50_000_000L);
        assertThat(limit("disk_free_limit.absolute = 2GB")).isEqualTo(2_000_000_000L);
        assertThat(limit("disk_free_limit.absolute = 500MB")).isEqualTo(500_000_000L);
        assertThat(limit("disk_free_limit.absolute = 1GiB")).isEqualTo(1L << 30);
        assertThat(limit("disk_free_limit.absolute = 512M")).isEqualTo(512L << 20);
        assertThat(limit("disk_free_limit.absolute = 0")).as("never raised").isZero();
    }

    @Test
    void relativeIsAMultipleOfTheMaximumHeap() throws ConfigException {
        assertThat(limit("disk_free_limit.relative = 1.5")).isEqualTo(HEAP + HEAP / 2);
        assertThat(limit("disk_free_limit.relative = 2")).isEqualTo(2 * HEAP);
        assertThat(limit("disk_free_limit.relative = 0.5")).isEqualTo(HEAP / 2);
    }

    @Test
    void absoluteWinsWhenBothAreSetAsInRabbitMq() throws ConfigException {
        assertThat(limit("disk_free_limit.relative = 2.0", "disk_free_limit.absolute = 1GB"))
                .isEqualTo(1_000_000_000L);
        assertThat(limit("disk_free_limit.absolute = 1GB", "disk_free_limit.relative = 2.0"))
                .isEqualTo(1_000_000_000L);
    }

    @Test
    void aBadAbsoluteSizeNamesTheLineTheKeyWhyAndWhatIsAllowed() {
        String allowed = "; allowed: bytes, or a size such as 2GB, 500MB, 1GiB or 512M "
                + "(kB, MB, GB: powers of 1000; KiB, MiB, GiB, k, M, G: of 1024)";
        assertThatThrownBy(() -> parse("disk_free_limit.absolute = 2TB"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("warren.conf:1: bad value for disk_free_limit.absolute: "
                        + "unknown size unit 'TB' (use kB, MB, GB or KiB, MiB, GiB)" + allowed);
        assertThatThrownBy(() -> parse("disk_free_limit.absolute = lots"))
                .hasMessage("warren.conf:1: bad value for disk_free_limit.absolute: "
                        + "'lots' is not a size such as 50000000, 50MB or 1GiB" + allowed);
        assertThatThrownBy(() -> parse("disk_free_limit.absolute = -1GB"))
                .hasMessageStartingWith("warren.conf:1: bad value for disk_free_limit.absolute: '-1GB' is not a size");
        assertThatThrownBy(() -> parse("disk_free_limit.absolute = 1.5GB"))
                .hasMessage("warren.conf:1: bad value for disk_free_limit.absolute: "
                        + "'1.5GB' is not a whole number; use a smaller unit, e.g. 1500MB" + allowed);
        assertThatThrownBy(() -> parse("disk_free_limit.absolute ="))
                .hasMessageStartingWith("warren.conf:1: bad value for disk_free_limit.absolute: '' is not a size");
    }

    @Test
    void aBadRelativeValueIsRefusedWithWhatIsAllowed() {
        String allowed = "; allowed: a number above 0, at most 100, e.g. 1.5";
        assertThatThrownBy(() -> parse("disk_free_limit.relative = twice"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("warren.conf:1: bad value for disk_free_limit.relative: 'twice' is not a number" + allowed);
        assertThatThrownBy(() -> parse("disk_free_limit.relative = 0"))
                .hasMessage("warren.conf:1: bad value for disk_free_limit.relative: "
                        + "0.0 is not above 0.0 and at most 100.0" + allowed);
        assertThatThrownBy(() -> parse("disk_free_limit.relative = -1.0"))
                .hasMessageStartingWith("warren.conf:1: bad value for disk_free_limit.relative: -1.0 is not above");
        assertThatThrownBy(() -> parse("disk_free_limit.relative = 1.5GB"))
                .hasMessageStartingWith("warren.conf:1: bad value for disk_free_limit.relative: '1.5GB' is not a number");
    }

    @Test
    void aMisspeltKeyGetsASuggestion() {
        assertThatThrownBy(() -> parse("disk_free_limit.absolut = 1GB"))
                .hasMessage("warren.conf:1: unknown key 'disk_free_limit.absolut'; "
                        + "did you mean 'disk_free_limit.absolute'?");
    }
}
