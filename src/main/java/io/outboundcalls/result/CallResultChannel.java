package io.outboundcalls.result;

import io.outboundcalls.domain.InvalidInputException;
import java.util.Arrays;

/** The bits of call_result_detail.channels; the seed's upgrade value 1537 = Inbound + Outbound + Visitor. */
public enum CallResultChannel {
    Inbound(1), Email(2), Chat(4), Sms(8), Outbound(512), Visitor(1024);

    private final int bit;

    CallResultChannel(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public boolean isIn(int channels) {
        return (channels & bit) != 0;
    }

    /** A channel given by name ({@code Outbound}) or number ({@code 512}), as the API accepts it. */
    public static CallResultChannel parse(String field, String value) {
        return Arrays.stream(values())
                .filter(c -> c.name().equalsIgnoreCase(value.strip()) || String.valueOf(c.bit).equals(value.strip()))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(field, "'" + value + "' is not a channel; use one of "
                        + Arrays.toString(values()) + " or its number"));
    }
}
