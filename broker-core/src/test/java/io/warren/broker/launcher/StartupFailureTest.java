package io.warren.broker.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import org.junit.jupiter.api.Test;

class StartupFailureTest {
    @Test
    void joinsTheCauseChainOnOneLineWithoutRepeats() {
        Exception failure = new IOException("cannot bind the management listener to port 15672: Address already in use",
                new BindException("Address already in use"));

        assertThat(StartupFailure.describe(failure))
                .isEqualTo("cannot bind the management listener to port 15672: Address already in use");
    }

    @Test
    void namesAnExceptionWithoutMessageByItsTypeAndKeepsOneLine() {
        Exception failure = new IllegalStateException("first\nsecond", new NullPointerException());

        assertThat(StartupFailure.describe(failure)).isEqualTo("first second: NullPointerException");
    }
}
