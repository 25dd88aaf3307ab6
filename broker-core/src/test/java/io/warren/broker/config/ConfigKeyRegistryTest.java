package io.warren.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigKeyRegistryTest {
    @Test
    void theCoreRegistryHoldsEveryCoreSettingInOrder() {
        assertThat(ConfigKeyRegistry.core().all()).containsExactlyElementsOf(CoreSettings.all());
        assertThat(ConfigKeyRegistry.core().find("heartbeat")).contains(CoreSettings.HEARTBEAT);
        assertThat(ConfigKeyRegistry.core().find("nope")).isEmpty();
    }

    @Test
    void aKeyClaimedByTwoOwnersIsRefusedNamingBoth() {
        ConfigKey<String> clash = ConfigKey.of("heartbeat", ValueParsers::nonEmpty, "x", "text", "a clash");

        assertThatThrownBy(() -> ConfigKeyRegistry.builder()
                .add("broker-core", CoreSettings.all())
                .add("plugin clumsy", List.of(clash)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configuration key 'heartbeat' is defined by both broker-core and plugin clumsy; "
                        + "remove one of them from the class path");
    }

    @Test
    void suggestsTheClosestKeyOnlyWhenItIsClose() {
        ConfigKeyRegistry keys = ConfigKeyRegistry.core();

        assertThat(keys.suggestionFor("frame-max")).contains("frame_max");
        assertThat(keys.suggestionFor("listeners.tcp.defualt")).contains("listeners.tcp.default");
        assertThat(keys.suggestionFor("vm_memory_high_watermark.absolute")).contains("vm_memory_high_watermark.relative");
        assertThat(keys.suggestionFor("loopback_user")).contains("loopback_users");
        assertThat(keys.suggestionFor("colour")).isEmpty();
    }
}
