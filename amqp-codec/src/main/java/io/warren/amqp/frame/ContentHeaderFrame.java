package io.warren.amqp.frame;

import io.warren.amqp.content.ContentHeader;

/** A content header frame; {@link CommandAssembler} joins it to its method and body frames. */
public record ContentHeaderFrame(int channel, ContentHeader header) implements Frame {
}
