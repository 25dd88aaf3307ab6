package io.warren.amqp.frame;

import io.warren.amqp.ReplyCode;

/**
 * Input that breaks the protocol, as the codec reports it instead of throwing: the reply code the
 * broker must answer with and a text saying what was wrong.
 *
 * @param replyCode the code for {@code connection.close} (all codec errors are hard errors)
 * @param detail what was wrong, without the code's name
 * @param channel the channel the offending frame arrived on
 * @param classId the class of the offending method, or 0 when there was none
 * @param methodId the offending method, or 0 when there was none
 * @param inputDiscarded true when framing was lost (bad frame end, oversize frame) and the decoder
 *     now ignores everything else the peer sends, so no {@code close-ok} can arrive
 */
public record ProtocolError(ReplyCode replyCode, String detail, int channel, int classId, int methodId,
                            boolean inputDiscarded) {

    /** The reply text in RabbitMQ's form, e.g. {@code "FRAME_ERROR - frame end marker 0x00 is not 0xCE"}. */
    public String replyText() {
        return replyCode.text(detail);
    }
}
